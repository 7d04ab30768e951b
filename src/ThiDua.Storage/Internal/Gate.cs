using Azure;
using Azure.Data.Tables;

namespace ThiDua.Storage.Internal;

/// <summary>
/// A window (score submissions of a campaign, a vote round) held by rows in the partition of the
/// writes it guards. While open, the row <c>gate</c> exists; every guarded write merges into it
/// with If-Match: * inside its own entity group transaction, so a write committed after the close
/// fails atomically with 404. A check-then-write in the API could not give this: the close could
/// fall between the check and the write. <c>gate-opened</c> and <c>gate-closed</c> make the
/// window one-way (never reopened). A guarded write may merge columns of its own into <c>gate</c> (the score
/// submissions keep each unit's latest version there, <see cref="UnitColumns"/>); closing carries them over to
/// <c>gate-closed</c>, so they outlive the window.
/// </summary>
internal static class Gate
{
    public const string OpenRow = "gate";
    private const string OpenedRow = "gate-opened";

    public const string ClosedRow = "gate-closed";

    /// <summary>The action to add to a guarded transaction; it merges <paramref name="columns"/> into the open row.</summary>
    public static TableTransactionAction Check(string partitionKey, IDictionary<string, object>? columns = null) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(columns ?? new Dictionary<string, object>()) { PartitionKey = partitionKey, RowKey = OpenRow }, ETag.All);

    public static IEnumerable<TableTransactionAction> OpenActions(string partitionKey, DateTimeOffset at) =>
    [
        new(TableTransactionActionType.Add, new TableEntity(partitionKey, OpenRow)),
        new(TableTransactionActionType.Add, new TableEntity(partitionKey, OpenedRow) { ["At"] = at }),
    ];

    public static async Task<GateOutcome> OpenAsync(TableClient table, string partitionKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(OpenActions(partitionKey, at), cancellationToken);
            return GateOutcome.Opened;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return await table.GetOrNullAsync(partitionKey, ClosedRow, cancellationToken) is null
                ? GateOutcome.AlreadyOpen
                : GateOutcome.AlreadyClosed;
        }
    }

    public static async Task<GateOutcome> CloseAsync(TableClient table, string partitionKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var open = await table.GetOrNullAsync(partitionKey, OpenRow, cancellationToken);
            if (open is null)
            {
                break;
            }

            // The columns guarded writes merged are kept; deleting only the row as read keeps a write merged meanwhile.
            var closed = new TableEntity(partitionKey, ClosedRow);
            foreach (var (name, value) in open.Where(c => !IsSystemColumn(c.Key)))
            {
                closed[name] = value;
            }

            closed["At"] = at;
            try
            {
                await table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.Delete, new TableEntity(partitionKey, OpenRow), open.ETag),
                        new(TableTransactionActionType.Add, closed),
                    ],
                    cancellationToken);
                return GateOutcome.Closed;
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < 100)
            {
                await TableExtensions.BackoffAsync(attempt, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409)
            {
                break;
            }
        }

        if (await table.GetOrNullAsync(partitionKey, ClosedRow, cancellationToken) is not null)
        {
            return GateOutcome.AlreadyClosed;
        }

        // Never opened: record both markers so that it can never open later.
        try
        {
            await table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(partitionKey, OpenedRow) { ["At"] = at }),
                    new(TableTransactionActionType.Add, new TableEntity(partitionKey, ClosedRow) { ["At"] = at }),
                ],
                cancellationToken);
            return GateOutcome.Closed;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // Opened or closed concurrently: close again against what is there now.
            return await CloseAsync(table, partitionKey, at, cancellationToken);
        }
    }

    /// <summary>The open row, or once closed the closed one: the columns guarded writes merged; null when never opened.</summary>
    public static async Task<TableEntity?> ReadAsync(TableClient table, string partitionKey, CancellationToken cancellationToken) =>
        await table.GetOrNullAsync(partitionKey, OpenRow, cancellationToken)
        ?? await table.GetOrNullAsync(partitionKey, ClosedRow, cancellationToken);

    public static async Task<bool> IsOpenAsync(TableClient table, string partitionKey, CancellationToken cancellationToken) =>
        await table.GetOrNullAsync(partitionKey, OpenRow, cancellationToken) is not null;

    private static bool IsSystemColumn(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";
}
