using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
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
/// arrive wait for the next one, which stores them together in one row (a JSON array in <c>Entries</c>);
/// a lone entry is a row of its own columns.
/// </summary>
public sealed class AuditLog : IAuditLog
{
    private const int MaxPath = 256;
    private const int MaxPerWrite = 100;
    private const int MaxEntriesChars = 30_000;
    private const string EntriesColumn = "Entries";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
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
            if (row.GetString(EntriesColumn) is { } packed)
            {
                entries.AddRange(JsonSerializer.Deserialize<List<AuditEntry>>(packed, Json) ?? []);
            }
            else
            {
                entries.Add(ToEntry(row));
            }
        }

        return entries;
    }

    /// <summary>Writes the partition's waiting entries, up to <see cref="MaxPerWrite"/> at a time, until none is left.</summary>
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

            var batch = queue.Take(MaxPerWrite).ToList();
            queue.RemoveRange(0, batch.Count);
            return batch;
        }
    }

    /// <summary>
    /// Stores a batch and completes each entry's task; never throws. Not cancellable: it serves several
    /// callers. Entries that arrived together share one row (column <c>Entries</c>, a JSON array, keyed by
    /// the first entry): storage spends about as much on each entity of a transaction as on a request.
    /// </summary>
    private async Task WriteBatchAsync(List<PendingEntry> batch)
    {
        foreach (var group in Pack(batch))
        {
            if (group.Count > 1)
            {
                var row = new TableEntity(group[0].Row.PartitionKey, group[0].Row.RowKey)
                {
                    [EntriesColumn] = JsonSerializer.Serialize(group.Select(p => ToEntry(p.Row)), Json),
                };
                try
                {
                    await _table.AddEntityAsync(row);
                    group.ForEach(p => p.Stored.TrySetResult());
                    continue;
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    // The first entry's key is unique to this group: an earlier attempt stored it.
                    group.ForEach(p => p.Stored.TrySetResult());
                    continue;
                }
                catch (RequestFailedException e) when (e.Status is >= 400 and < 500)
                {
                    // Refused for what it holds: each entry on its own below, so that one bad entry fails
                    // only its caller. Other failures fail them all at once.
                }
                catch (Exception e)
                {
                    group.ForEach(p => p.Stored.TrySetException(e));
                    continue;
                }
            }

            foreach (var pending in group)
            {
                try
                {
                    await _table.AddEntityAsync(pending.Row);
                    pending.Stored.TrySetResult();
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    // Row keys are unique to an entry, so a conflict means an earlier attempt already stored it.
                    pending.Stored.TrySetResult();
                }
                catch (Exception e)
                {
                    pending.Stored.TrySetException(e);
                }
            }
        }
    }

    /// <summary>Groups entries so that each group's JSON stays well within a string column's 64 KiB.</summary>
    private static IEnumerable<List<PendingEntry>> Pack(List<PendingEntry> batch)
    {
        var group = new List<PendingEntry>();
        var size = 0;
        foreach (var pending in batch)
        {
            var length = JsonSerializer.Serialize(ToEntry(pending.Row), Json).Length;
            if (group.Count > 0 && size + length > MaxEntriesChars)
            {
                yield return group;
                group = [];
                size = 0;
            }

            group.Add(pending);
            size += length + 1;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private static AuditEntry ToEntry(TableEntity row) => new(
        row.GetDateTimeOffset("At") ?? default,
        row.GetString("Caller") ?? "",
        row.GetString("Method") ?? "",
        row.GetString("Path") ?? "",
        row.GetInt32("Status") ?? 0,
        row.GetString("CorrelationId") ?? "");

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>An entry waiting to be stored; <see cref="Stored"/> completes once it is.</summary>
    private sealed class PendingEntry(TableEntity row)
    {
        public TableEntity Row { get; } = row;

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
