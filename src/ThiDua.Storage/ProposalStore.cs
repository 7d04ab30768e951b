using ThiDua.Domain;

namespace ThiDua.Storage;

/// <summary>The council's decision on one proposal of a bloc's year.</summary>
/// <param name="BlocId">Bloc.</param>
/// <param name="Year">Campaign year.</param>
/// <param name="UnitId">The unit proposed.</param>
/// <param name="LevelId">The level it was proposed for.</param>
/// <param name="Outcome"><see cref="ProposalStatus.Accepted"/> or <see cref="ProposalStatus.Returned"/>.</param>
/// <param name="Reason">Why it was returned, or a note on the acceptance.</param>
/// <param name="DecidedAt">When the council decided.</param>
public sealed record ProposalDecision(string BlocId, int Year, string UnitId, string LevelId, ProposalStatus Outcome, string? Reason, DateTimeOffset DecidedAt);

/// <summary>What recording a decision did.</summary>
public enum DecisionOutcome
{
    /// <summary>Recorded now.</summary>
    Recorded,

    /// <summary>The same outcome was recorded before (a retry): that first record stands.</summary>
    AlreadyRecorded,

    /// <summary>Another outcome was recorded before: refused, nothing changed.</summary>
    Conflict,
}

/// <summary>
/// A year's award proposals with the council's decisions. The proposals are the year's result
/// (<see cref="YearResult.Proposals"/>); each decision is a write-once document under the year's archive
/// path (<see cref="CycleDocuments.ProposalDecision"/>), so that a decision taken weeks after the archive
/// was written is still kept, hashed, with the year: the archive's manifest lists those taken before it,
/// and verification checks the later ones against the proposals.
/// </summary>
public sealed class ProposalStore(IResultStore results, IDocumentStore documents)
{
    /// <summary>The year's proposals with their decisions applied, in level and place order; null when the year is not decided.</summary>
    public async Task<IReadOnlyList<Proposal>?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        if (await results.GetYearResultAsync(blocId, year, cancellationToken) is not { } result)
        {
            return null;
        }

        var decisions = (await ListDecisionsAsync(blocId, year, cancellationToken)).ToDictionary(d => (d.LevelId, d.UnitId));
        return result.Proposals
            .Select(p => decisions.TryGetValue((p.LevelId, p.UnitId), out var d) ? Apply(p, d) : p)
            .ToList();
    }

    /// <summary>The decisions taken on the year's proposals, ordered by level and unit id.</summary>
    public async Task<IReadOnlyList<ProposalDecision>> ListDecisionsAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var decisions = new List<ProposalDecision>();
        foreach (var record in await documents.ListRecordsAsync(DocumentContainers.Archives, CycleDocuments.ProposalDecisionsPrefix(blocId, year), cancellationToken))
        {
            decisions.Add(await ReadAsync(new DocumentLocation(record.Container, record.Name), cancellationToken));
        }

        return decisions;
    }

    /// <summary>
    /// Records the decision once. A second decision with the same outcome returns the first (its time and
    /// reason stand); one with another outcome is a <see cref="DecisionOutcome.Conflict"/> and returns the first.
    /// </summary>
    public async Task<(DecisionOutcome Outcome, ProposalDecision Decision)> DecideAsync(ProposalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var at = CycleDocuments.ProposalDecision(decision.BlocId, decision.Year, decision.LevelId, decision.UnitId);
        var written = await documents.PutOnceAsync(at.Container, at.Name, DocumentJson.Serialize(decision), "application/json", cancellationToken);
        if (written.Succeeded)
        {
            return (written.Outcome == DocumentWriteOutcome.Written ? DecisionOutcome.Recorded : DecisionOutcome.AlreadyRecorded, decision);
        }

        var first = await ReadAsync(at, cancellationToken);
        return (first.Outcome == decision.Outcome ? DecisionOutcome.AlreadyRecorded : DecisionOutcome.Conflict, first);
    }

    /// <summary>The proposal as the decision leaves it.</summary>
    public static Proposal Apply(Proposal proposal, ProposalDecision decision)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(decision);
        return proposal with { Status = decision.Outcome, Reason = decision.Reason, DecidedAt = decision.DecidedAt };
    }

    private async Task<ProposalDecision> ReadAsync(DocumentLocation at, CancellationToken cancellationToken)
    {
        var document = await documents.ReadAsync(at.Container, at.Name, cancellationToken);
        return document is { Verified: true }
            ? DocumentJson.Deserialize<ProposalDecision>(document.Content)
            : throw new InvalidOperationException($"The decision {at} is missing or does not match its recorded hash.");
    }
}
