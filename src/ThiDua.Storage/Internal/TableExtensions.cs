using Azure;
using Azure.Data.Tables;

namespace ThiDua.Storage.Internal;

internal static class TableExtensions
{
    /// <summary>The most operations one entity group transaction may hold (an Azure Table Storage limit).</summary>
    public const int MaxTransactionActions = 100;

    public static async Task<TableEntity?> GetOrNullAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Rows of one partition whose row key starts with <paramref name="rowKeyPrefix"/> (ending with ':'), in key order.</summary>
    public static async Task<List<TableEntity>> QueryPrefixAsync(this TableClient table, string partitionKey, string rowKeyPrefix, CancellationToken cancellationToken, string? extraFilter = null)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {rowKeyPrefix} and RowKey lt {Keys.PrefixEnd(rowKeyPrefix)}");
        if (extraFilter is not null)
        {
            filter = $"{filter} and {extraFilter}";
        }

        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The status of the failed action and its index in the transaction, or the status of the request.</summary>
    public static (int Status, int? Index) Failure(this RequestFailedException exception) =>
        exception is TableTransactionFailedException tx ? (tx.Status, tx.FailedTransactionActionIndex) : (exception.Status, null);

    /// <summary>Waits a little, more after each lost race, so that contenders spread out.</summary>
    public static Task BackoffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + (Math.Min(attempt, 10) * 5))), cancellationToken);
}
