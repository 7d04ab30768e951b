using Azure;
using Azure.Data.Tables;

namespace ThiDua.Storage.Internal;

/// <summary>
/// Insert-once of a JSON record: the first insert wins; a retry with identical content is a
/// success; different content is refused. Identity is the SHA-256 of the serialized JSON,
/// so "identical" means the same record, not merely the same key.
/// </summary>
internal static class InsertOnce
{
    public static async Task<InsertOnceOutcome> InsertAsync<T>(TableClient table, string partitionKey, string rowKey, T value, Action<TableEntity>? scalars, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        JsonColumns.Write(entity, value);
        scalars?.Invoke(entity);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return InsertOnceOutcome.Inserted;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetOrNullAsync(partitionKey, rowKey, cancellationToken)
                ?? throw new InvalidOperationException($"Row {partitionKey}/{rowKey} conflicted on insert but cannot be read.", e);
            return Compare(existing, entity);
        }
    }

    public static InsertOnceOutcome Compare(TableEntity existing, TableEntity attempted) =>
        string.Equals(JsonColumns.ContentHash(existing), JsonColumns.ContentHash(attempted), StringComparison.Ordinal)
            ? InsertOnceOutcome.AlreadyInserted
            : InsertOnceOutcome.Conflict;
}
