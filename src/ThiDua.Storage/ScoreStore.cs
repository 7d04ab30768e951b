using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
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

/// <summary>Result of <see cref="IScoreStore.SubmitAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Sheet">The version created now or by the first request with the same client request id; null when closed.</param>
public sealed record SubmissionResult(SubmissionOutcome Outcome, ScoreSheet? Sheet);

/// <summary>A confirmation email owed for a stored version; written in the submission's own transaction.</summary>
/// <param name="Sheet">The version to confirm.</param>
/// <param name="Attempts">How many times sending it failed.</param>
/// <param name="RetryAt">Not before this is it tried again after a failure.</param>
public sealed record PendingConfirmation(ScoreSheet Sheet, int Attempts, DateTimeOffset? RetryAt);

/// <summary>The right to send a campaign's confirmations until <see cref="Until"/>, held by one sender at a time.</summary>
/// <param name="BlocId">The bloc.</param>
/// <param name="Year">The campaign year.</param>
/// <param name="Until">When it lapses unless renewed.</param>
/// <param name="ETag">The lease row's version: renewing and releasing are conditional on it.</param>
public sealed record ConfirmationLease(string BlocId, int Year, DateTimeOffset Until, ETag ETag);

/// <summary>A submission refused because it came after the deadline.</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="ClientRequestId">The request's id (retries are recorded once).</param>
/// <param name="At">When it arrived.</param>
public sealed record LateSubmission(string UnitId, string ClientRequestId, DateTimeOffset At);

/// <summary>Score sheets, their versions, late submissions and the leader's adjustments.</summary>
public interface IScoreStore
{
    /// <summary>Opens submissions for the campaign (once; a closed window never reopens).</summary>
    Task<GateOutcome> OpenSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Closes submissions: from the moment this returns, every <see cref="SubmitAsync"/> is <see cref="SubmissionOutcome.Closed"/>.</summary>
    Task<GateOutcome> CloseSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>True while submissions are open.</summary>
    Task<bool> AcceptsSubmissionsAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="draft"/> as the unit's next version; its <see cref="ScoreSheet.Version"/>
    /// is ignored and assigned here (1, 2, 3... without gaps). A repeated
    /// <see cref="ScoreSheet.ClientRequestId"/> returns the version the first request created.
    /// </summary>
    Task<SubmissionResult> SubmitAsync(ScoreSheet draft, CancellationToken cancellationToken = default);

    /// <summary>One version of the unit's sheet (one point read), or null when it does not exist.</summary>
    Task<ScoreSheet?> GetVersionAsync(string blocId, int year, string unitId, int version, CancellationToken cancellationToken = default);

    /// <summary>Every version of the unit's sheet, oldest first.</summary>
    Task<IReadOnlyList<ScoreSheet>> ListVersionsAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every unit that submitted, ordered by unit id (one partition query).</summary>
    Task<IReadOnlyList<ScoreSheet>> ListLatestAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>Records a refused late submission; false when that request was already recorded.</summary>
    Task<bool> RecordLateAsync(string blocId, int year, LateSubmission late, CancellationToken cancellationToken = default);

    /// <summary>Late submissions, ordered by time.</summary>
    Task<IReadOnlyList<LateSubmission>> ListLateAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an adjustment, insert-only under <paramref name="clientRequestId"/>: a retry with the
    /// same id and content is <see cref="InsertOnceOutcome.AlreadyInserted"/>, another content under
    /// the same id is <see cref="InsertOnceOutcome.Conflict"/>.
    /// </summary>
    Task<InsertOnceOutcome> AddAdjustmentAsync(string blocId, int year, string clientRequestId, ScoreAdjustment adjustment, CancellationToken cancellationToken = default);

    /// <summary>Every adjustment of the campaign, in the order they were made.</summary>
    Task<IReadOnlyList<ScoreAdjustment>> ListAdjustmentsAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>The confirmations of the campaign not sent yet, by unit and version (one range query).</summary>
    Task<IReadOnlyList<PendingConfirmation>> ListPendingConfirmationsAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the campaign's confirmation lease until <paramref name="until"/>; null while another sender
    /// holds one that has not lapsed at <paramref name="now"/>. Only the holder sends, so no message goes twice.
    /// </summary>
    Task<ConfirmationLease?> TryLeaseConfirmationsAsync(string blocId, int year, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Extends <paramref name="lease"/>; null when it was lost (it lapsed and another sender took it).</summary>
    Task<ConfirmationLease?> RenewLeaseAsync(ConfirmationLease lease, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gives <paramref name="lease"/> up (nothing happens when it was lost already).</summary>
    Task ReleaseLeaseAsync(ConfirmationLease lease, CancellationToken cancellationToken = default);

    /// <summary>Removes the confirmations of <paramref name="sent"/>, which went out (idempotent).</summary>
    Task CompleteConfirmationsAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> sent, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed attempt at each of <paramref name="failed"/>, to be tried again from <paramref name="retryAt"/>.</summary>
    Task MarkConfirmationFailedAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>Every campaign with a confirmation not yet sent (a scan of the whole table, for recovery).</summary>
    Task<IReadOnlyList<(string BlocId, int Year)>> ListCampaignsWithPendingConfirmationsAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>Scores</c>, one partition per campaign (PK <c>{blocId}:{year}</c>):
/// <list type="bullet">
/// <item><c>version:{unitId}:{version:D6}</c>: each version as JSON, with its ClientRequestId;</item>
/// <item><c>confirm:{unitId}:{version:D6}</c>: the version again, until its confirmation email went out; Attempts, RetryAt;</item>
/// <item><c>confirm-lease</c>: Until, held by the one sender of the campaign's confirmations;</item>
/// <item><c>late:{unitId}:{clientRequestId}</c>: At;</item>
/// <item><c>adjustment:{unitId}:{clientRequestId}</c>: the adjustment as JSON, AdjustedAt;</item>
/// <item><c>gate</c>, <c>gate-opened</c>, <c>gate-closed</c>: the submission window.</item>
/// </list>
/// A submission is [touch gate, insert version n+1, insert its confirmation]. Inserting fails when n+1 exists, so a
/// version is never written twice, and versions have no gaps. This process remembers each unit's latest
/// version and the request ids of all its versions (read once, with one query of the unit's keys), so the
/// usual submission reads nothing and a retried request is answered from memory. Submissions to one
/// campaign that arrive while a commit is in flight are committed together, one transaction for up to
/// <see cref="MaxPerTransaction"/> units (group commit); each caller is answered once its own row is
/// stored. A failed transaction (another process wrote a version, a closed gate) is replayed one
/// submission at a time, which re-reads what it must. Nobody is woken per submission.
/// </summary>
public sealed class ScoreStore(ThiDuaStorage storage) : IScoreStore
{
    private const int MaxPerTransaction = 49;
    private const string VersionPrefix = "version:";
    private const string LeaseRow = "confirm-lease";
    private const string LatePrefix = "late:";
    private const string AdjustmentPrefix = "adjustment:";
    private const string ConfirmPrefix = "confirm:";
    private readonly TableClient _table = storage.Table(StorageTable.Scores);
    private readonly int _retries = storage.MaxConcurrencyRetries;
    private readonly ConcurrentDictionary<string, CommitQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Partition, string Unit), UnitVersions> _units = new();

    /// <inheritdoc/>
    public Task<GateOutcome> OpenSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Gate.OpenAsync(_table, Keys.Campaign(blocId, year), at, cancellationToken);

    /// <inheritdoc/>
    public async Task<GateOutcome> CloseSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var outcome = await Gate.CloseAsync(_table, pk, at, cancellationToken);
        foreach (var key in _units.Keys.Where(k => k.Partition == pk))
        {
            _units.TryRemove(key, out _);
        }

        return outcome;
    }

    /// <inheritdoc/>
    public Task<bool> AcceptsSubmissionsAsync(string blocId, int year, CancellationToken cancellationToken = default) =>
        Gate.IsOpenAsync(_table, Keys.Campaign(blocId, year), cancellationToken);

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
                [Gate.Check(pk), .. fresh.SelectMany(x => SubmissionActions(pk, x.Sheet))],
                CancellationToken.None);
            foreach (var (waiting, sheet, before) in fresh)
            {
                _units[(pk, sheet.UnitId)] = before.With(sheet);
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
                await _table.SubmitTransactionAsync([Gate.Check(pk), .. SubmissionActions(pk, sheet)], cancellationToken);
                _units[(pk, unit)] = known.With(sheet);
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

    /// <inheritdoc/>
    public async Task<bool> RecordLateAsync(string blocId, int year, LateSubmission late, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(late);
        var key = Keys.Join(LatePrefix + Keys.Id(late.UnitId, nameof(late)), Keys.Id(late.ClientRequestId, nameof(late)));
        try
        {
            await _table.AddEntityAsync(new TableEntity(Keys.Campaign(blocId, year), key) { ["At"] = late.At }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LateSubmission>> ListLateAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), LatePrefix, cancellationToken);
        return rows
            .Select(r =>
            {
                var parts = r.RowKey.Split(':');
                return new LateSubmission(parts[1], parts[2], r.GetDateTimeOffset("At") ?? default);
            })
            .OrderBy(l => l.At)
            .ToList();
    }

    /// <inheritdoc/>
    public Task<InsertOnceOutcome> AddAdjustmentAsync(string blocId, int year, string clientRequestId, ScoreAdjustment adjustment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        var key = Keys.Join(AdjustmentPrefix + Keys.Id(adjustment.UnitId, nameof(adjustment)), Keys.Id(clientRequestId, nameof(clientRequestId)));
        return InsertOnce.InsertAsync(
            _table,
            Keys.Campaign(blocId, year),
            key,
            adjustment,
            e => e["AdjustedAt"] = adjustment.AdjustedAt,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ScoreAdjustment>> ListAdjustmentsAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), AdjustmentPrefix, cancellationToken);
        return rows
            .OrderBy(r => r.GetDateTimeOffset("AdjustedAt"))
            .ThenBy(r => r.RowKey, StringComparer.Ordinal)
            .Select(JsonColumns.Read<ScoreAdjustment>)
            .ToList();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PendingConfirmation>> ListPendingConfirmationsAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), ConfirmPrefix, cancellationToken);
        return rows.Select(r => new PendingConfirmation(JsonColumns.Read<ScoreSheet>(r), r.GetInt32("Attempts") ?? 0, r.GetDateTimeOffset("RetryAt"))).ToList();
    }

    /// <inheritdoc/>
    public async Task<ConfirmationLease?> TryLeaseConfirmationsAsync(string blocId, int year, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var row = await _table.GetOrNullAsync(pk, LeaseRow, cancellationToken);
        if (row?.GetDateTimeOffset("Until") > now)
        {
            return null;
        }

        var lease = new TableEntity(pk, LeaseRow) { ["Until"] = until };
        try
        {
            var response = row is null
                ? await _table.AddEntityAsync(lease, cancellationToken)
                : await _table.UpdateEntityAsync(lease, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return new ConfirmationLease(blocId, year, until, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<ConfirmationLease?> RenewLeaseAsync(ConfirmationLease lease, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            var response = await _table.UpdateEntityAsync(
                new TableEntity(Keys.Campaign(lease.BlocId, lease.Year), LeaseRow) { ["Until"] = until }, lease.ETag, TableUpdateMode.Replace, cancellationToken);
            return lease with { Until = until, ETag = response.Headers.ETag ?? ETag.All };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task ReleaseLeaseAsync(ConfirmationLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            await _table.DeleteEntityAsync(Keys.Campaign(lease.BlocId, lease.Year), LeaseRow, lease.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Lost already: the row is another sender's now.
        }
    }

    /// <inheritdoc/>
    public async Task CompleteConfirmationsAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> sent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var pk = Keys.Campaign(blocId, year);
        foreach (var chunk in sent.Chunk(100))
        {
            var keys = chunk.Select(p => ConfirmKey(p.Sheet.UnitId, p.Sheet.Version)).ToList();
            try
            {
                await _table.SubmitTransactionAsync(keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, k), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // One was removed already (a sender that lost its lease finished late): the rest one by one.
                foreach (var key in keys)
                {
                    await _table.DeleteEntityAsync(pk, key, ETag.All, cancellationToken);
                }
            }
        }
    }

    /// <inheritdoc/>
    public Task MarkConfirmationFailedAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt, CancellationToken cancellationToken = default) =>
        MergeAsync(blocId, year, failed, p => new() { ["Attempts"] = p.Attempts + 1, ["RetryAt"] = retryAt }, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<(string BlocId, int Year)>> ListCampaignsWithPendingConfirmationsAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {ConfirmPrefix} and RowKey lt {Keys.PrefixEnd(ConfirmPrefix)}");
        var campaigns = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            campaigns.Add(row.PartitionKey);
        }

        return campaigns
            .Select(pk => pk.Split(':'))
            .Select(parts => (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Merges columns into the confirmation rows of <paramref name="confirmations"/>, a transaction per hundred.</summary>
    private async Task MergeAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> confirmations, Func<PendingConfirmation, Dictionary<string, object>> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirmations);
        var pk = Keys.Campaign(blocId, year);
        foreach (var chunk in confirmations.Chunk(100))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(p => new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(columns(p)) { PartitionKey = pk, RowKey = ConfirmKey(p.Sheet.UnitId, p.Sheet.Version) },
                    ETag.All)),
                cancellationToken);
        }
    }

    private static string VersionKey(string unitId, int version) =>
        Keys.Join(VersionPrefix + unitId, version.ToString("D6", CultureInfo.InvariantCulture));

    private static string ConfirmKey(string unitId, int version) =>
        Keys.Join(ConfirmPrefix + unitId, version.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>The rows of one submission, after the gate check: the version and its confirmation.</summary>
    private static TableTransactionAction[] SubmissionActions(string pk, ScoreSheet sheet)
    {
        var confirmation = SheetEntity(pk, ConfirmKey(sheet.UnitId, sheet.Version), sheet);
        confirmation["Attempts"] = 0;
        return
        [
            new(TableTransactionActionType.Add, SheetEntity(pk, VersionKey(sheet.UnitId, sheet.Version), sheet)),
            new(TableTransactionActionType.Add, confirmation),
        ];
    }

    private static TableEntity SheetEntity(string pk, string rowKey, ScoreSheet sheet)
    {
        var entity = new TableEntity(pk, rowKey)
        {
            ["Version"] = sheet.Version,
            ["SubmittedAt"] = sheet.SubmittedAt,
            ["ClientRequestId"] = sheet.ClientRequestId,
        };
        JsonColumns.Write(entity, sheet);
        return entity;
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
