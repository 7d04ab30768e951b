using System.Collections.Concurrent;
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
/// <param name="Attempts">How many times it was claimed for sending.</param>
/// <param name="ClaimedUntil">Until when the last claim holds (another sender leaves it alone until then).</param>
/// <param name="ETag">The row's version, for the next conditional claim.</param>
public sealed record PendingConfirmation(ScoreSheet Sheet, int Attempts, DateTimeOffset? ClaimedUntil, ETag ETag);

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

    /// <summary>The confirmations not yet sent for the campaign's versions, oldest version of each unit first (one partition query).</summary>
    Task<IReadOnlyList<PendingConfirmation>> ListPendingConfirmationsAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims <paramref name="pending"/> for sending until <paramref name="until"/>, each If-Match its ETag
    /// and counting an attempt; returns those claimed here (another sender may have claimed or finished the rest).
    /// </summary>
    Task<IReadOnlyList<PendingConfirmation>> ClaimConfirmationsAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> pending, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Removes confirmations that were sent (idempotent: one already removed is skipped).</summary>
    Task CompleteConfirmationsAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> sent, CancellationToken cancellationToken = default);

    /// <summary>Every campaign with a confirmation not yet sent (a scan of the table's confirmation rows, for recovery).</summary>
    Task<IReadOnlyList<(string BlocId, int Year)>> ListCampaignsWithPendingConfirmationsAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>Scores</c>, one partition per campaign (PK <c>{blocId}:{year}</c>) so that a submission
/// is one entity group transaction:
/// <list type="bullet">
/// <item><c>head:{unitId}</c>: Version, SubmittedAt and the latest sheet as JSON (the latest of every unit is one range query);</item>
/// <item><c>version:{unitId}:{version:D6}</c>: each version as JSON;</item>
/// <item><c>request:{unitId}:{clientRequestId}</c>: the version that request created (idempotency);</item>
/// <item><c>confirm:{unitId}:{version:D6}</c>: the version's confirmation email, until it is sent;</item>
/// <item><c>late:{unitId}:{clientRequestId}</c>: At;</item>
/// <item><c>adjustment:{unitId}:{clientRequestId}</c>: the adjustment as JSON, AdjustedAt;</item>
/// <item><c>gate</c>, <c>gate-opened</c>, <c>gate-closed</c>: the submission window.</item>
/// </list>
/// A submission commits [insert request, touch gate, replace head If-Match its ETag (or insert it),
/// insert version, insert confirmation]. Submissions to one campaign that arrive while a commit is in
/// flight are committed together, one transaction for up to <see cref="MaxPerTransaction"/> units (group
/// commit), and each caller is answered only once its own rows are stored. Heads are remembered from
/// the last commit, so the usual submission reads nothing. Any failed transaction (a head changed by
/// another process, a retried request, a closed gate) is replayed one submission at a time: a lost
/// race (412, or 409 on a first version) re-reads the head and retries; a 409 on the request row means
/// a retry of a request already served. Nobody is woken per submission.
/// </summary>
public sealed class ScoreStore(ThiDuaStorage storage) : IScoreStore
{
    /// <summary>Five rows per unit and the gate stay within a transaction's 100 entities.</summary>
    private const int MaxPerTransaction = 19;
    private const int ActionsPerSubmission = 4;
    private const int HeadAction = 1;
    private const string HeadPrefix = "head:";
    private const string VersionPrefix = "version:";
    private const string RequestPrefix = "request:";
    private const string ConfirmPrefix = "confirm:";
    private const string LatePrefix = "late:";
    private const string AdjustmentPrefix = "adjustment:";
    private readonly TableClient _table = storage.Table(StorageTable.Scores);
    private readonly int _retries = storage.MaxConcurrencyRetries;
    private readonly ConcurrentDictionary<string, CommitQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Partition, string Unit), Head> _heads = new();

    /// <inheritdoc/>
    public Task<GateOutcome> OpenSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Gate.OpenAsync(_table, Keys.Campaign(blocId, year), at, cancellationToken);

    /// <inheritdoc/>
    public async Task<GateOutcome> CloseSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var outcome = await Gate.CloseAsync(_table, pk, at, cancellationToken);
        foreach (var key in _heads.Keys.Where(k => k.Partition == pk))
        {
            _heads.TryRemove(key, out _);
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
                // One submission per unit per transaction: a unit's next version needs the head its previous one wrote.
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

            if (batch.Count == 1 || !await TryCommitTogetherAsync(pk, batch))
            {
                await Task.WhenAll(batch.Select(async w =>
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
    }

    /// <summary>Commits every submission of <paramref name="batch"/> in one transaction; false when it failed and each must be replayed alone.</summary>
    private async Task<bool> TryCommitTogetherAsync(string pk, List<Waiting> batch)
    {
        try
        {
            var heads = await Task.WhenAll(batch.Select(w => HeadAsync(pk, w.Draft.UnitId, CancellationToken.None)));
            var actions = new List<TableTransactionAction> { Gate.Check(pk) };
            var sheets = new ScoreSheet[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                sheets[i] = batch[i].Draft with { Version = heads[i].Version + 1 };
                actions.AddRange(SubmissionActions(pk, sheets[i], heads[i]));
            }

            var responses = (await _table.SubmitTransactionAsync(actions, CancellationToken.None)).Value;
            for (var i = 0; i < batch.Count; i++)
            {
                Remember(pk, sheets[i], responses[1 + (i * ActionsPerSubmission) + HeadAction]);
                batch[i].Result.TrySetResult(new SubmissionResult(SubmissionOutcome.Created, sheets[i]));
            }

            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            foreach (var w in batch)
            {
                _heads.TryRemove((pk, w.Draft.UnitId), out _);
            }

            return false;
        }
        catch (Exception e)
        {
            foreach (var w in batch)
            {
                w.Result.TrySetException(e);
            }

            return true;
        }
    }

    private async Task<SubmissionResult> SubmitOneAsync(string pk, ScoreSheet draft, CancellationToken cancellationToken)
    {
        var unit = draft.UnitId;
        var requestKey = RequestKey(unit, draft.ClientRequestId);
        for (var attempt = 0; ; attempt++)
        {
            var head = await HeadAsync(pk, unit, cancellationToken);
            var sheet = draft with { Version = head.Version + 1 };
            try
            {
                var responses = (await _table.SubmitTransactionAsync([Gate.Check(pk), .. SubmissionActions(pk, sheet, head)], cancellationToken)).Value;
                Remember(pk, sheet, responses[1 + HeadAction]);
                return new SubmissionResult(SubmissionOutcome.Created, sheet);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                _heads.TryRemove((pk, unit), out _);

                // Which action failed decides, but the index is not reported by every service
                // version: the request row and the gate are checked directly instead.
                if (await _table.GetOrNullAsync(pk, requestKey, cancellationToken) is { } request)
                {
                    var first = await _table.GetOrNullAsync(pk, VersionKey(unit, request.GetInt32("Version") ?? 0), cancellationToken)
                        ?? throw new InvalidOperationException($"Request {pk}/{requestKey} names a version that does not exist.", e);
                    return new SubmissionResult(SubmissionOutcome.Duplicate, JsonColumns.Read<ScoreSheet>(first));
                }

                if (e.Status == 404)
                {
                    return new SubmissionResult(SubmissionOutcome.Closed, null);
                }

                if (attempt + 1 >= _retries)
                {
                    throw;
                }

                await TableExtensions.BackoffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>The rows of one submission, after the gate check; the head is at <see cref="HeadAction"/>.</summary>
    private static TableTransactionAction[] SubmissionActions(string pk, ScoreSheet sheet, Head head)
    {
        var unit = sheet.UnitId;
        var headRow = SheetEntity(pk, HeadPrefix + unit, sheet);
        return
        [
            new(TableTransactionActionType.Add, new TableEntity(pk, RequestKey(unit, sheet.ClientRequestId)) { ["Version"] = sheet.Version }),
            head.ETag is { } etag ? new(TableTransactionActionType.UpdateReplace, headRow, etag) : new(TableTransactionActionType.Add, headRow),
            new(TableTransactionActionType.Add, SheetEntity(pk, VersionKey(unit, sheet.Version), sheet)),
            new(TableTransactionActionType.Add, SheetEntity(pk, ConfirmKey(unit, sheet.Version), sheet)),
        ];
    }

    /// <summary>The unit's head as this process last wrote or read it; read from the table when unknown.</summary>
    private async Task<Head> HeadAsync(string pk, string unit, CancellationToken cancellationToken)
    {
        if (_heads.TryGetValue((pk, unit), out var known))
        {
            return known;
        }

        var row = await _table.GetOrNullAsync(pk, HeadPrefix + unit, cancellationToken);
        return row is null ? new Head(0, null) : new Head(row.GetInt32("Version") ?? 0, row.ETag);
    }

    private void Remember(string pk, ScoreSheet sheet, Response headResponse)
    {
        if (headResponse.Headers.ETag is { } etag)
        {
            _heads[(pk, sheet.UnitId)] = new Head(sheet.Version, etag);
        }
        else
        {
            _heads.TryRemove((pk, sheet.UnitId), out _);
        }
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
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), HeadPrefix, cancellationToken);
        return rows.Select(JsonColumns.Read<ScoreSheet>).ToList();
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
        return rows.Select(r => new PendingConfirmation(JsonColumns.Read<ScoreSheet>(r), r.GetInt32("Attempts") ?? 0, r.GetDateTimeOffset("ClaimedUntil"), r.ETag)).ToList();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PendingConfirmation>> ClaimConfirmationsAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> pending, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var pk = Keys.Campaign(blocId, year);
        TableEntity Claim(PendingConfirmation p) =>
            new(pk, ConfirmKey(p.Sheet.UnitId, p.Sheet.Version)) { ["Attempts"] = p.Attempts + 1, ["ClaimedUntil"] = until };

        var claimed = new List<PendingConfirmation>();
        foreach (var chunk in pending.Chunk(100))
        {
            try
            {
                var responses = (await _table.SubmitTransactionAsync(
                    chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpdateMerge, Claim(p), p.ETag)), cancellationToken)).Value;
                claimed.AddRange(chunk.Select((p, i) => p with { Attempts = p.Attempts + 1, ClaimedUntil = until, ETag = responses[i].Headers.ETag ?? ETag.All }));
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
            {
                // Another sender took or finished some of them: claim the rest one by one.
                foreach (var p in chunk)
                {
                    try
                    {
                        var response = await _table.UpdateEntityAsync(Claim(p), p.ETag, TableUpdateMode.Merge, cancellationToken);
                        claimed.Add(p with { Attempts = p.Attempts + 1, ClaimedUntil = until, ETag = response.Headers.ETag ?? ETag.All });
                    }
                    catch (RequestFailedException one) when (one.Status is 404 or 412)
                    {
                    }
                }
            }
        }

        return claimed;
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
                foreach (var key in keys)
                {
                    await _table.DeleteEntityAsync(pk, key, ETag.All, cancellationToken);
                }
            }
        }
    }

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

    private static string RequestKey(string unitId, string clientRequestId) =>
        Keys.Join(RequestPrefix + unitId, clientRequestId);

    private static string ConfirmKey(string unitId, int version) =>
        Keys.Join(ConfirmPrefix + unitId, version.ToString("D6", CultureInfo.InvariantCulture));

    private static string VersionKey(string unitId, int version) =>
        Keys.Join(VersionPrefix + unitId, version.ToString("D6", CultureInfo.InvariantCulture));

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

    /// <summary>A unit's latest version and the ETag of its head row (null: no head yet).</summary>
    private readonly record struct Head(int Version, ETag? ETag);

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
