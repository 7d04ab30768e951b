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
}

/// <summary>
/// Table <c>Scores</c>, one partition per campaign (PK <c>{blocId}:{year}</c>) so that a submission
/// is one entity group transaction:
/// <list type="bullet">
/// <item><c>head:{unitId}</c>: Version, SubmittedAt and the latest sheet as JSON (the latest of every unit is one range query);</item>
/// <item><c>version:{unitId}:{version:D6}</c>: each version as JSON;</item>
/// <item><c>request:{unitId}:{clientRequestId}</c>: the version that request created (idempotency);</item>
/// <item><c>late:{unitId}:{clientRequestId}</c>: At;</item>
/// <item><c>adjustment:{unitId}:{clientRequestId}</c>: the adjustment as JSON, AdjustedAt;</item>
/// <item><c>gate</c>, <c>gate-opened</c>, <c>gate-closed</c>: the submission window.</item>
/// </list>
/// A submission reads the head (one point read), then commits [insert request, touch gate,
/// replace head If-Match its ETag (or insert it), insert version]. A lost race on the head (412,
/// or 409 on a first version) re-reads and retries; a 409 on the request row means a retry of a
/// request already served. Nothing else is read, and nobody is woken per submission.
/// </summary>
public sealed class ScoreStore(ThiDuaStorage storage) : IScoreStore
{
    private const string HeadPrefix = "head:";
    private const string VersionPrefix = "version:";
    private const string RequestPrefix = "request:";
    private const string LatePrefix = "late:";
    private const string AdjustmentPrefix = "adjustment:";
    private readonly TableClient _table = storage.Table(StorageTable.Scores);
    private readonly int _retries = storage.MaxConcurrencyRetries;

    /// <inheritdoc/>
    public Task<GateOutcome> OpenSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Gate.OpenAsync(_table, Keys.Campaign(blocId, year), at, cancellationToken);

    /// <inheritdoc/>
    public Task<GateOutcome> CloseSubmissionsAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Gate.CloseAsync(_table, Keys.Campaign(blocId, year), at, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> AcceptsSubmissionsAsync(string blocId, int year, CancellationToken cancellationToken = default) =>
        Gate.IsOpenAsync(_table, Keys.Campaign(blocId, year), cancellationToken);

    /// <inheritdoc/>
    public async Task<SubmissionResult> SubmitAsync(ScoreSheet draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var pk = Keys.Campaign(draft.BlocId, draft.Year);
        var unit = Keys.Id(draft.UnitId, nameof(draft));
        var requestKey = Keys.Join(RequestPrefix + unit, Keys.Id(draft.ClientRequestId, nameof(draft)));
        for (var attempt = 0; ; attempt++)
        {
            var head = await _table.GetOrNullAsync(pk, HeadPrefix + unit, cancellationToken);
            var sheet = draft with { Version = (head?.GetInt32("Version") ?? 0) + 1 };
            var headRow = SheetEntity(pk, HeadPrefix + unit, sheet);
            try
            {
                await _table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.Add, new TableEntity(pk, requestKey) { ["Version"] = sheet.Version }),
                        Gate.Check(pk),
                        head is null
                            ? new(TableTransactionActionType.Add, headRow)
                            : new(TableTransactionActionType.UpdateReplace, headRow, head.ETag),
                        new(TableTransactionActionType.Add, SheetEntity(pk, VersionKey(unit, sheet.Version), sheet)),
                    ],
                    cancellationToken);
                return new SubmissionResult(SubmissionOutcome.Created, sheet);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
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
}
