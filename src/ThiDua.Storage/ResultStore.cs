using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>What a year's cycle decided.</summary>
public sealed record YearResult
{
    /// <summary>Bloc.</summary>
    public required string BlocId { get; init; }

    /// <summary>Year.</summary>
    public required int Year { get; init; }

    /// <summary>The leading unit (đơn vị dẫn đầu), or null when the vote ended undecided.</summary>
    public string? LeadingUnitId { get; init; }

    /// <summary>
    /// The bloc's award proposals as the year decided them (<see cref="ProposalRules.Select"/>), every one
    /// <see cref="ProposalStatus.Proposed"/>: the council's decisions are kept apart (<see cref="ProposalStore"/>).
    /// </summary>
    public required IReadOnlyList<Proposal> Proposals { get; init; }

    /// <summary>Next year's leader and deputy, or null when the election ended undecided.</summary>
    public LeaderChoice? NextLeadership { get; init; }

    /// <summary>When the result was decided.</summary>
    public required DateTimeOffset DecidedAt { get; init; }
}

/// <summary>The ranking and the cycle result of a year, each saved once.</summary>
public interface IResultStore
{
    /// <summary>Saves the final ranking; same content again is <see cref="InsertOnceOutcome.AlreadyInserted"/>, another is <see cref="InsertOnceOutcome.Conflict"/>.</summary>
    Task<InsertOnceOutcome> SaveRankingAsync(string blocId, int year, Ranking ranking, CancellationToken cancellationToken = default);

    /// <summary>The saved ranking, or null.</summary>
    Task<Ranking?> GetRankingAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>Saves the cycle result once.</summary>
    Task<InsertOnceOutcome> SaveYearResultAsync(YearResult result, CancellationToken cancellationToken = default);

    /// <summary>The saved cycle result, or null.</summary>
    Task<YearResult?> GetYearResultAsync(string blocId, int year, CancellationToken cancellationToken = default);
}

/// <summary>Table <c>Results</c>: PK blocId; RK <c>ranking:{year}</c> and <c>cycle:{year}</c>, JSON with its SHA-256.</summary>
public sealed class ResultStore(ThiDuaStorage storage) : IResultStore
{
    private const string RankingPrefix = "ranking:";
    private const string CyclePrefix = "cycle:";
    private readonly TableClient _table = storage.Table(StorageTable.Results);

    /// <inheritdoc/>
    public Task<InsertOnceOutcome> SaveRankingAsync(string blocId, int year, Ranking ranking, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return InsertOnce.InsertAsync(_table, Keys.Id(blocId, nameof(blocId)), RankingPrefix + Keys.Year(year), ranking, null, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Ranking?> GetRankingAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Id(blocId, nameof(blocId)), RankingPrefix + Keys.Year(year), cancellationToken);
        return row is null ? null : JsonColumns.Read<Ranking>(row);
    }

    /// <inheritdoc/>
    public Task<InsertOnceOutcome> SaveYearResultAsync(YearResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return InsertOnce.InsertAsync(
            _table,
            Keys.Id(result.BlocId, nameof(result)),
            CyclePrefix + Keys.Year(result.Year),
            result,
            e => e["LeadingUnitId"] = result.LeadingUnitId,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<YearResult?> GetYearResultAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Id(blocId, nameof(blocId)), CyclePrefix + Keys.Year(year), cancellationToken);
        return row is null ? null : JsonColumns.Read<YearResult>(row);
    }
}
