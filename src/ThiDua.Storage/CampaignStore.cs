using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>Where a campaign is in its cycle. Phases only move forward; the order is the numeric order.</summary>
public enum CampaignPhase
{
    /// <summary>The campaign is stored; the cycle started.</summary>
    Launched = 0,

    /// <summary>The compact is open for signatures.</summary>
    Signing = 1,

    /// <summary>The compact is sealed.</summary>
    Sealed = 2,

    /// <summary>Score submissions are closed; reviews may follow.</summary>
    ScoringClosed = 3,

    /// <summary>The ranking is final.</summary>
    Ranked = 4,

    /// <summary>Votes are running.</summary>
    Voting = 5,

    /// <summary>The leading unit and next year's leader are decided.</summary>
    Elected = 6,

    /// <summary>The year is archived: every write to it is refused.</summary>
    Archived = 7,
}

/// <summary>The state record of a campaign.</summary>
/// <param name="BlocId">Bloc.</param>
/// <param name="Year">Year.</param>
/// <param name="Phase">Current phase.</param>
/// <param name="ChangedAt">When the phase was entered.</param>
/// <param name="ETag">ETag of the state row, for a transition guarded by the caller.</param>
public sealed record CampaignState(string BlocId, int Year, CampaignPhase Phase, DateTimeOffset ChangedAt, ETag ETag)
{
    /// <summary>True while units may still submit scores (the orchestration has not closed scoring).</summary>
    public bool AcceptsSubmissions => Phase < CampaignPhase.ScoringClosed;

    /// <summary>True once the year is archived: no write of any kind is accepted.</summary>
    public bool IsArchived => Phase >= CampaignPhase.Archived;
}

/// <summary>Outcome of a phase transition.</summary>
public enum TransitionOutcome
{
    /// <summary>The campaign moved to the requested phase.</summary>
    Advanced,

    /// <summary>The campaign was already at or past the requested phase (a retry): nothing changed.</summary>
    AlreadyReached,

    /// <summary>The state changed since the ETag given was read; nothing changed.</summary>
    ConcurrencyConflict,

    /// <summary>No such campaign.</summary>
    NotFound,
}

/// <summary>Result of a phase transition, with the state after it (null when not found).</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="State">The state now.</param>
public sealed record TransitionResult(TransitionOutcome Outcome, CampaignState? State);

/// <summary>Campaigns (bloc and year), written once, and their phase.</summary>
public interface ICampaignStore
{
    /// <summary>
    /// Stores the campaign with its state in <see cref="CampaignPhase.Launched"/>, atomically. A retry
    /// with the same campaign is <see cref="InsertOnceOutcome.AlreadyInserted"/>; a different campaign
    /// for the same bloc and year is <see cref="InsertOnceOutcome.Conflict"/>.
    /// </summary>
    Task<InsertOnceOutcome> InsertAsync(Campaign campaign, DateTimeOffset launchedAt, CancellationToken cancellationToken = default);

    /// <summary>The campaign, or null.</summary>
    Task<Campaign?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>Years with a stored campaign for the bloc, ascending.</summary>
    Task<IReadOnlyList<int>> ListYearsAsync(string blocId, CancellationToken cancellationToken = default);

    /// <summary>The campaign's state, or null when no campaign.</summary>
    Task<CampaignState?> GetStateAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the campaign forward to <paramref name="phase"/>. Never moves backward: a phase at or
    /// before the current one is <see cref="TransitionOutcome.AlreadyReached"/>. With
    /// <paramref name="ifMatch"/> the transition happens only if the state has not changed since
    /// (otherwise <see cref="TransitionOutcome.ConcurrencyConflict"/>); without it, lost races are
    /// retried, which is safe because transitions only move forward.
    /// </summary>
    Task<TransitionResult> AdvanceAsync(string blocId, int year, CampaignPhase phase, DateTimeOffset at, ETag? ifMatch = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>Campaigns</c>: PK blocId; RK <c>campaign:{year}</c> (JSON, ContentSha256, LeaderUnitId)
/// and RK <c>state:{year}</c> (Phase as int and name, ChangedAt).
/// </summary>
public sealed class CampaignStore(ThiDuaStorage storage) : ICampaignStore
{
    private const string CampaignPrefix = "campaign:";
    private const string StatePrefix = "state:";
    private readonly TableClient _table = storage.Table(StorageTable.Campaigns);
    private readonly int _retries = storage.MaxConcurrencyRetries;

    /// <inheritdoc/>
    public async Task<InsertOnceOutcome> InsertAsync(Campaign campaign, DateTimeOffset launchedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var pk = Keys.Id(campaign.BlocId, nameof(campaign));
        var year = Keys.Year(campaign.Year);
        var row = new TableEntity(pk, CampaignPrefix + year) { ["LeaderUnitId"] = campaign.LeaderUnitId };
        JsonColumns.Write(row, campaign);
        var state = StateEntity(pk, year, CampaignPhase.Launched, launchedAt);
        try
        {
            await _table.SubmitTransactionAsync(
                [new(TableTransactionActionType.Add, row), new(TableTransactionActionType.Add, state)],
                cancellationToken);
            return InsertOnceOutcome.Inserted;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            var existing = await _table.GetOrNullAsync(pk, row.RowKey, cancellationToken)
                ?? throw new InvalidOperationException($"Campaign {pk}/{year} conflicted on insert but cannot be read.", e);
            return InsertOnce.Compare(existing, row);
        }
    }

    /// <inheritdoc/>
    public async Task<Campaign?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Id(blocId, nameof(blocId)), CampaignPrefix + Keys.Year(year), cancellationToken);
        return row is null ? null : JsonColumns.Read<Campaign>(row);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<int>> ListYearsAsync(string blocId, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Id(blocId, nameof(blocId)), CampaignPrefix, cancellationToken);
        return rows.Select(r => int.Parse(r.RowKey.AsSpan(CampaignPrefix.Length), System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    /// <inheritdoc/>
    public async Task<CampaignState?> GetStateAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Id(blocId, nameof(blocId)), StatePrefix + Keys.Year(year), cancellationToken);
        return row is null ? null : ToState(blocId, year, row);
    }

    /// <inheritdoc/>
    public async Task<TransitionResult> AdvanceAsync(string blocId, int year, CampaignPhase phase, DateTimeOffset at, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(phase))
        {
            throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase.");
        }

        var pk = Keys.Id(blocId, nameof(blocId));
        var yearKey = Keys.Year(year);
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetStateAsync(pk, year, cancellationToken);
            if (current is null)
            {
                return new TransitionResult(TransitionOutcome.NotFound, null);
            }

            if (ifMatch is { } expected && expected != current.ETag)
            {
                return new TransitionResult(TransitionOutcome.ConcurrencyConflict, current);
            }

            if (current.Phase >= phase)
            {
                return new TransitionResult(TransitionOutcome.AlreadyReached, current);
            }

            try
            {
                var entity = StateEntity(pk, yearKey, phase, at);
                var response = await _table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
                return new TransitionResult(TransitionOutcome.Advanced, new CampaignState(pk, year, phase, at, response.Headers.ETag ?? default));
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                if (ifMatch is not null)
                {
                    return new TransitionResult(TransitionOutcome.ConcurrencyConflict, await GetStateAsync(pk, year, cancellationToken));
                }

                if (attempt + 1 >= _retries)
                {
                    throw;
                }

                await TableExtensions.BackoffAsync(attempt, cancellationToken);
            }
        }
    }

    private static TableEntity StateEntity(string pk, string yearKey, CampaignPhase phase, DateTimeOffset at) =>
        new(pk, StatePrefix + yearKey)
        {
            ["Phase"] = (int)phase,
            ["PhaseName"] = phase.ToString(),
            ["ChangedAt"] = at,
        };

    private static CampaignState ToState(string blocId, int year, TableEntity row) =>
        new(blocId, year, (CampaignPhase)(row.GetInt32("Phase") ?? 0), row.GetDateTimeOffset("ChangedAt") ?? default, row.ETag);
}
