using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>A submission refused because it came after the deadline.</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="ClientRequestId">The request's id (retries are recorded once).</param>
/// <param name="At">When it arrived.</param>
public sealed record LateSubmission(string UnitId, string ClientRequestId, DateTimeOffset At);

/// <summary>Late submissions and the leader's adjustments of a campaign's scores.</summary>
public interface IScoreAdjustments
{
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
/// Rows of table <c>Scores</c>, one partition per campaign (PK <c>{blocId}:{year}</c>):
/// <list type="bullet">
/// <item><c>late:{unitId}:{clientRequestId}</c>: At;</item>
/// <item><c>adjustment:{unitId}:{clientRequestId}</c>: the adjustment as JSON, AdjustedAt.</item>
/// </list>
/// </summary>
public sealed class ScoreAdjustments(ThiDuaStorage storage) : IScoreAdjustments
{
    private const string LatePrefix = "late:";
    private const string AdjustmentPrefix = "adjustment:";
    private readonly TableClient _table = storage.Table(StorageTable.Scores);

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
}
