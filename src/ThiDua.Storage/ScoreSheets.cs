using System.Collections.Concurrent;
using System.Collections.Immutable;
using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>Outcome of a score submission.</summary>
public enum SubmissionOutcome
{
    /// <summary>A new version was created.</summary>
    Created,

    /// <summary>The client request id was seen before: the version it created is returned, nothing changed.</summary>
    Duplicate,

    /// <summary>Submissions are closed (or were never opened) for the campaign: nothing changed.</summary>
    Closed,
}

/// <summary>Result of <see cref="IScoreSheets.SubmitAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Sheet">The version created now or by the first request with the same client request id; null when closed.</param>
public sealed record SubmissionResult(SubmissionOutcome Outcome, ScoreSheet? Sheet);

/// <summary>Score sheets and their versions.</summary>
public interface IScoreSheets
{
    /// <summary>
    /// Stores <paramref name="draft"/> as the unit's next version; its <see cref="ScoreSheet.Version"/>
    /// is ignored and assigned here (1, 2, 3... without gaps). A repeated
    /// <see cref="ScoreSheet.ClientRequestId"/> returns the version the first request created.
    /// The version's confirmation email is owed from the same transaction on (<see cref="IConfirmationOutbox"/>).
    /// </summary>
    Task<SubmissionResult> SubmitAsync(ScoreSheet draft, CancellationToken cancellationToken = default);

    /// <summary>One version of the unit's sheet (one point read), or null when it does not exist.</summary>
    Task<ScoreSheet?> GetVersionAsync(string blocId, int year, string unitId, int version, CancellationToken cancellationToken = default);

    /// <summary>Every version of the unit's sheet, oldest first.</summary>
    Task<IReadOnlyList<ScoreSheet>> ListVersionsAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every unit that submitted, ordered by unit id (one partition query).</summary>
    Task<IReadOnlyList<ScoreSheet>> ListLatestAsync(string blocId, int year, CancellationToken cancellationToken = default);
}

/// <summary>
/// Rows <c>version:{unitId}:{version:D6}</c> of table <c>Scores</c>, one partition per campaign (PK <c>{blocId}:{year}</c>):
/// each version as JSON, with its ClientRequestId.
/// A submission is one entity: [touch gate, insert version n+1], where touching the gate also merges the unit's new
/// latest version into the gate row (column <c>v_{unit}</c>, <see cref="Heads"/>), which is how the confirmation
/// sender learns, exactly and in the same transaction, which versions are owed a confirmation
/// (<see cref="ConfirmationOutbox"/>). Inserting fails when n+1 exists, so a
/// version is never written twice, and versions have no gaps. This process remembers each unit's latest
/// version and the request ids of all its versions (read once, with one query of the unit's keys), so the
/// usual submission reads nothing and a retried request is answered from memory. Submissions to one
/// campaign that arrive while a commit is in flight are committed together, one transaction for up to
/// <see cref="MaxPerTransaction"/> units (group commit); each caller is answered once its own row is
/// stored. A failed transaction (another process wrote a version, a closed gate) is replayed one
/// submission at a time, which re-reads what it must. Nobody is woken per submission. The versions this process
/// stored are kept until their confirmation went out (a few per unit at most), so that a sender in this process
/// reads none of them back.
/// </summary>
public sealed class ScoreSheets(ThiDuaStorage storage) : IScoreSheets
{
    /// <summary>
    /// Submissions committed together: a transaction holds the one gate check and the version row of each
    /// submission, within <see cref="Internal.TableExtensions.MaxTransactionActions"/>.
    /// </summary>
    private const int MaxPerTransaction = TableExtensions.MaxTransactionActions - 1;

    /// <summary>Stored versions kept in memory per unit for the confirmation sender; older ones are read back.</summary>
    private const int RecentPerUnit = 8;

    private const string VersionPrefix = "version:";
    private const string HeadPrefix = "v_";

    /// <summary>
    /// Marks a version whose confirmation is tracked per unit (<see cref="ConfirmationOutbox"/>); versions stored by
    /// builds before that lack it, and their confirmations were owed by rows of their own.
    /// </summary>
    private const string OwedColumn = "ConfirmationOwed";
    private readonly TableClient _table = storage.Table(StorageTable.Scores);
    private readonly int _retries = storage.MaxConcurrencyRetries;
    private readonly ConcurrentDictionary<string, CommitQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Partition, string Unit), UnitVersions> _units = new();
    private readonly ConcurrentDictionary<(string Partition, string Unit), ImmutableList<ScoreSheet>> _recent = new();

    /// <inheritdoc/>
    public async Task<SubmissionResult> SubmitAsync(ScoreSheet draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var pk = Keys.Campaign(draft.BlocId, draft.Year);
        Keys.Id(draft.UnitId, nameof(draft));
        Keys.Id(draft.ClientRequestId, nameof(draft));
        var queue = _queues.GetOrAdd(pk, static _ => new CommitQueue());
        var waiting = new Waiting(draft);
        bool flush;
        lock (queue)
        {
            queue.Items.Add(waiting);
            flush = !queue.Flushing;
            queue.Flushing = true;
        }

        if (flush)
        {
            // The flush outlives any one caller: a client that hung up does not cancel the others' rows.
            _ = Task.Run(() => FlushAsync(pk, queue), CancellationToken.None);
        }

        return await waiting.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync(string pk, CommitQueue queue)
    {
        while (true)
        {
            var batch = new List<Waiting>();
            lock (queue)
            {
                // One submission per unit per transaction: a unit's next version needs its previous one.
                var units = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < queue.Items.Count && batch.Count < MaxPerTransaction; i++)
                {
                    if (units.Add(queue.Items[i].Draft.UnitId))
                    {
                        batch.Add(queue.Items[i]);
                        queue.Items.RemoveAt(i--);
                    }
                }

                if (batch.Count == 0)
                {
                    queue.Flushing = false;
                    return;
                }
            }

            var alone = batch.Count == 1 ? batch : await TryCommitTogetherAsync(pk, batch);
            await Task.WhenAll(alone.Select(async w =>
            {
                try
                {
                    w.Result.TrySetResult(await SubmitOneAsync(pk, w.Draft, CancellationToken.None));
                }
                catch (Exception e)
                {
                    w.Result.TrySetException(e);
                }
            }));
        }
    }

    /// <summary>
    /// Commits the new submissions of <paramref name="batch"/> in one transaction and answers them;
    /// returns those to replay one at a time (retries of a stored request, or all after a failed transaction).
    /// </summary>
    private async Task<List<Waiting>> TryCommitTogetherAsync(string pk, List<Waiting> batch)
    {
        try
        {
            var known = await Task.WhenAll(batch.Select(w => VersionsAsync(pk, w.Draft.UnitId, CancellationToken.None)));
            var fresh = batch.Select((w, i) => (Waiting: w, Sheet: w.Draft with { Version = known[i].Latest + 1 }, Known: known[i]))
                .Where(x => !x.Known.Requests.ContainsKey(x.Waiting.Draft.ClientRequestId))
                .ToList();
            var replay = batch.Except(fresh.Select(x => x.Waiting)).ToList();
            if (fresh.Count < 2)
            {
                return batch;
            }

            await _table.SubmitTransactionAsync(
                [Gate.Check(pk, HeadColumns(fresh.Select(x => x.Sheet))), .. fresh.Select(x => VersionAction(pk, x.Sheet))],
                CancellationToken.None);
            foreach (var (waiting, sheet, before) in fresh)
            {
                Stored(pk, before, sheet);
                waiting.Result.TrySetResult(new SubmissionResult(SubmissionOutcome.Created, sheet));
            }

            return replay;
        }
        catch (RequestFailedException e) when (e.Status is >= 400 and < 500)
        {
            // A version written meanwhile by another process (409), a shut gate (404), or a batch the
            // service refused as a whole: each on its own, so that one cause fails only its own caller.
            foreach (var w in batch)
            {
                _units.TryRemove((pk, w.Draft.UnitId), out _);
            }

            return batch;
        }
        catch (Exception e)
        {
            batch.ForEach(w => w.Result.TrySetException(e));
            return [];
        }
    }

    private async Task<SubmissionResult> SubmitOneAsync(string pk, ScoreSheet draft, CancellationToken cancellationToken)
    {
        var unit = draft.UnitId;
        for (var attempt = 0; ; attempt++)
        {
            var known = await VersionsAsync(pk, unit, cancellationToken);
            if (known.Requests.TryGetValue(draft.ClientRequestId, out var first))
            {
                var stored = await _table.GetOrNullAsync(pk, VersionKey(unit, first), cancellationToken)
                    ?? throw new InvalidOperationException($"Version {first} of {pk}/{unit} was read before and is gone.");
                return new SubmissionResult(SubmissionOutcome.Duplicate, JsonColumns.Read<ScoreSheet>(stored));
            }

            var sheet = draft with { Version = known.Latest + 1 };
            try
            {
                await _table.SubmitTransactionAsync([Gate.Check(pk, HeadColumns([sheet])), VersionAction(pk, sheet)], cancellationToken);
                Stored(pk, known, sheet);
                return new SubmissionResult(SubmissionOutcome.Created, sheet);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409)
            {
                // Another process wrote a version (409), or the gate is shut (404); what this process
                // remembered is read again either way, since a retry of a stored request is a duplicate even after the close.
                _units.TryRemove((pk, unit), out _);
                if (e.Status == 404)
                {
                    var now = await VersionsAsync(pk, unit, cancellationToken);
                    if (!now.Requests.ContainsKey(draft.ClientRequestId))
                    {
                        return new SubmissionResult(SubmissionOutcome.Closed, null);
                    }
                }
                else if (attempt + 1 >= _retries)
                {
                    throw;
                }
                else
                {
                    await TableExtensions.BackoffAsync(attempt, cancellationToken);
                }
            }
        }
    }

    /// <summary>The unit's latest version and every request id it stored, as this process knows them; read from the table when unknown.</summary>
    private async Task<UnitVersions> VersionsAsync(string pk, string unit, CancellationToken cancellationToken)
    {
        if (_units.TryGetValue((pk, unit), out var known))
        {
            return known;
        }

        var prefix = VersionPrefix + unit + ":";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {Keys.PrefixEnd(prefix)}");
        var latest = 0;
        var requests = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Version", "ClientRequestId"], cancellationToken: cancellationToken))
        {
            var version = row.GetInt32("Version") ?? 0;
            latest = Math.Max(latest, version);
            requests[row.GetString("ClientRequestId") ?? ""] = version;
        }

        var read = new UnitVersions(latest, requests.ToImmutable());
        _units[(pk, unit)] = read;
        return read;
    }

    /// <inheritdoc/>
    public async Task<ScoreSheet?> GetVersionAsync(string blocId, int year, string unitId, int version, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Campaign(blocId, year), VersionKey(Keys.Id(unitId, nameof(unitId)), version), cancellationToken);
        return row is null ? null : JsonColumns.Read<ScoreSheet>(row);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ScoreSheet>> ListVersionsAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), VersionPrefix + Keys.Id(unitId, nameof(unitId)) + ":", cancellationToken);
        return rows.Select(JsonColumns.Read<ScoreSheet>).ToList();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ScoreSheet>> ListLatestAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        // Keys sort by unit, then version: the last row of each unit is its latest.
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), VersionPrefix, cancellationToken);
        return rows
            .GroupBy(r => r.RowKey[..r.RowKey.LastIndexOf(':')], StringComparer.Ordinal)
            .Select(g => JsonColumns.Read<ScoreSheet>(g.Last()))
            .ToList();
    }

    /// <summary>Forgets what this process remembers of the campaign's units, once its window closed.</summary>
    internal void ForgetCampaign(string pk)
    {
        foreach (var key in _units.Keys.Where(k => k.Partition == pk))
        {
            _units.TryRemove(key, out _);
        }

        foreach (var key in _recent.Keys.Where(k => k.Partition == pk))
        {
            _recent.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// The versions of <paramref name="unit"/> in (<paramref name="after"/>, <paramref name="through"/>], from this process's
    /// memory when it stored them all, else read; Owed is false for a version an earlier build stored (its confirmation was
    /// that build's business).
    /// </summary>
    internal async Task<IReadOnlyList<(ScoreSheet Sheet, bool Owed)>> VersionsBetweenAsync(string pk, string unit, int after, int through, CancellationToken cancellationToken)
    {
        var recent = _recent.GetValueOrDefault((pk, unit)) ?? [];
        var kept = recent.Where(s => s.Version > after && s.Version <= through).ToList();
        if (kept.Count == through - after)
        {
            return kept.Select(s => (s, true)).ToList();
        }

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {pk} and RowKey gt {VersionKey(unit, after)} and RowKey le {VersionKey(unit, through)}");
        var read = new List<(ScoreSheet, bool)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            read.Add((JsonColumns.Read<ScoreSheet>(row), row.GetBoolean(OwedColumn) == true));
        }

        return read;
    }

    /// <summary>Drops the unit's kept versions up to <paramref name="through"/>: their confirmations went out.</summary>
    internal void Confirmed(string pk, string unit, int through)
    {
        while (_recent.TryGetValue((pk, unit), out var recent))
        {
            var left = recent.RemoveAll(s => s.Version <= through);
            if (left.Count == recent.Count
                || (left.IsEmpty ? _recent.TryRemove(KeyValuePair.Create((pk, unit), recent)) : _recent.TryUpdate((pk, unit), left, recent)))
            {
                return;
            }
        }
    }

    /// <summary>Each unit's latest version as the gate row of a campaign holds it (<paramref name="gate"/> may be null: nothing stored).</summary>
    internal static Dictionary<string, int> Heads(TableEntity? gate)
    {
        var heads = new Dictionary<string, int>(StringComparer.Ordinal);
        if (gate is null)
        {
            return heads;
        }

        foreach (var (name, value) in gate)
        {
            if (UnitColumns.UnitOf(HeadPrefix, name) is { } unit && value is int version)
            {
                heads[unit] = version;
            }
        }

        return heads;
    }

    private void Stored(string pk, UnitVersions before, ScoreSheet sheet)
    {
        _units[(pk, sheet.UnitId)] = before.With(sheet);
        _recent.AddOrUpdate(
            (pk, sheet.UnitId),
            static (_, s) => [s],
            static (_, list, s) => (list.Count < RecentPerUnit ? list : list.RemoveAt(0)).Add(s),
            sheet);
    }

    private static string VersionKey(string unitId, int version) =>
        Keys.Join(VersionPrefix + unitId, Keys.Version(version));

    /// <summary>The columns a submission transaction merges into the gate row: each unit's new latest version.</summary>
    private static Dictionary<string, object> HeadColumns(IEnumerable<ScoreSheet> sheets) =>
        sheets.ToDictionary(s => UnitColumns.Name(HeadPrefix, s.UnitId), s => (object)s.Version, StringComparer.Ordinal);

    /// <summary>The one row of a submission, after the gate check: the version.</summary>
    private static TableTransactionAction VersionAction(string pk, ScoreSheet sheet)
    {
        var version = new TableEntity(pk, VersionKey(sheet.UnitId, sheet.Version))
        {
            ["Version"] = sheet.Version,
            ["SubmittedAt"] = sheet.SubmittedAt,
            ["ClientRequestId"] = sheet.ClientRequestId,
            [OwedColumn] = true,
        };
        JsonColumns.Write(version, sheet);
        return new(TableTransactionActionType.Add, version);
    }

    /// <summary>A unit's latest version and the version each of its request ids created.</summary>
    private sealed record UnitVersions(int Latest, ImmutableDictionary<string, int> Requests)
    {
        public UnitVersions With(ScoreSheet stored) =>
            new(stored.Version, Requests.SetItem(stored.ClientRequestId, stored.Version));
    }

    private sealed class Waiting(ScoreSheet draft)
    {
        public ScoreSheet Draft { get; } = draft;

        public TaskCompletionSource<SubmissionResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Submissions of one campaign waiting for a commit; guarded by locking the instance.</summary>
    private sealed class CommitQueue
    {
        public List<Waiting> Items { get; } = [];

        public bool Flushing { get; set; }
    }
}
