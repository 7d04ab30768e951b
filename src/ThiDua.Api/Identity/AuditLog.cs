using System.Globalization;
using Azure;
using System.Security.Cryptography;
using Azure.Data.Tables;
using ThiDua.Storage;

namespace ThiDua.Api.Identity;

/// <summary>One state-changing call: who, what, when, and how it ended. Never a body, a secret or a ballot's content.</summary>
/// <param name="At">When the response was decided.</param>
/// <param name="Caller">The caller (<see cref="Caller.ToString"/>: admin, anonymous or unit bloc/unit).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path (ids only; truncated to 256 characters).</param>
/// <param name="Status">Response status code.</param>
/// <param name="CorrelationId">The request's trace id, to find it in the logs.</param>
public sealed record AuditEntry(DateTimeOffset At, string Caller, string Method, string Path, int Status, string CorrelationId);

/// <summary>The append-only audit trail of state-changing calls.</summary>
public interface IAuditLog
{
    /// <summary>Creates the table if needed; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends an entry (insert only; entries are never updated or deleted by the application).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The entries of one UTC day, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(DateOnly day, CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>{prefix}Audit</c>: PK the UTC day (<c>yyyyMMdd</c>), RK ticks and a random suffix, insert only.
/// Appends are group-committed: while one write of a day's partition is in flight, the entries that
/// arrive wait for the next one, which stores them together in entity group transactions.
/// </summary>
public sealed class AuditLog : IAuditLog
{
    private const int MaxPath = 256;
    private const int MaxTransaction = 100;
    private readonly TableClient _table;

    // Entries of each partition waiting for its next write; a partition is present exactly while its writer runs.
    private readonly Dictionary<string, List<PendingEntry>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Uses the account and table prefix of <paramref name="options"/>.</summary>
    public AuditLog(ThiDuaStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = options.GetTableServiceClient();
        _table = service.GetTableClient(options.TablePrefix + "Audit");
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.At.ToUniversalTime();
        var row = new TableEntity(Day(DateOnly.FromDateTime(at.UtcDateTime)), string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks:D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"))
        {
            ["At"] = at,
            ["Caller"] = entry.Caller,
            ["Method"] = entry.Method,
            ["Path"] = entry.Path.Length > MaxPath ? entry.Path[..MaxPath] : entry.Path,
            ["Status"] = entry.Status,
            ["CorrelationId"] = entry.CorrelationId,
        };
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingEntry(row);
        bool startWriter;
        lock (_waiting)
        {
            startWriter = !_waiting.TryGetValue(row.PartitionKey, out var queue);
            if (startWriter)
            {
                queue = [];
                _waiting.Add(row.PartitionKey, queue);
            }

            queue!.Add(pending);
        }

        if (startWriter)
        {
            // Not awaited: the writer goes on with the entries that arrive meanwhile, which this caller need not wait for.
            _ = WriteAsync(row.PartitionKey);
        }

        try
        {
            await pending.Stored.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not yet taken by a write: it never will be. Already taken: it may still be stored, as with a cancelled insert.
            lock (_waiting)
            {
                if (_waiting.TryGetValue(row.PartitionKey, out var queue))
                {
                    queue.Remove(pending);
                }
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Day(day)}"), cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(
                row.GetDateTimeOffset("At") ?? default,
                row.GetString("Caller") ?? "",
                row.GetString("Method") ?? "",
                row.GetString("Path") ?? "",
                row.GetInt32("Status") ?? 0,
                row.GetString("CorrelationId") ?? ""));
        }

        return entries;
    }

    /// <summary>Writes the partition's waiting entries, up to a transaction at a time, until none is left.</summary>
    private async Task WriteAsync(string partition)
    {
        while (TakeBatch(partition) is { } batch)
        {
            await WriteBatchAsync(batch);
        }
    }

    private List<PendingEntry>? TakeBatch(string partition)
    {
        lock (_waiting)
        {
            var queue = _waiting[partition];
            if (queue.Count == 0)
            {
                _waiting.Remove(partition);
                return null;
            }

            var batch = queue.Take(MaxTransaction).ToList();
            queue.RemoveRange(0, batch.Count);
            return batch;
        }
    }

    /// <summary>Stores a batch and completes each entry's task; never throws. Not cancellable: it serves several callers.</summary>
    private async Task WriteBatchAsync(List<PendingEntry> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                await _table.SubmitTransactionAsync(batch.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p.Row)));
                batch.ForEach(p => p.Stored.TrySetResult());
                return;
            }
            catch (RequestFailedException e) when (e.Status is >= 400 and < 500)
            {
                // Refused because of what it holds (one entity, or the size of the whole): each entry on its own
                // below, so that one bad entry fails only its caller. Other failures fail them all at once.
            }
            catch (Exception e)
            {
                batch.ForEach(p => p.Stored.TrySetException(e));
                return;
            }
        }

        foreach (var pending in batch)
        {
            try
            {
                await _table.AddEntityAsync(pending.Row);
                pending.Stored.TrySetResult();
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Row keys are unique to an entry, so a conflict means an earlier attempt (a transaction
                // refused on a retry after it committed) already stored it.
                pending.Stored.TrySetResult();
            }
            catch (Exception e)
            {
                pending.Stored.TrySetException(e);
            }
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>An entry waiting to be stored; <see cref="Stored"/> completes once it is.</summary>
    private sealed class PendingEntry(TableEntity row)
    {
        public TableEntity Row { get; } = row;

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
