namespace ThiDua.Domain;

/// <summary>Where the council stands on a proposal.</summary>
public enum ProposalStatus
{
    /// <summary>Proposed by the bloc, not yet decided by the council.</summary>
    Proposed,

    /// <summary>Accepted by the council.</summary>
    Accepted,

    /// <summary>Returned by the council, with a reason.</summary>
    Returned,
}

/// <summary>A unit the bloc proposes for an award level, and the council's decision on it.</summary>
public sealed record Proposal
{
    /// <summary>The unit proposed.</summary>
    public required string UnitId { get; init; }

    /// <summary>The level (<see cref="ProposalLevel.Id"/>).</summary>
    public required string LevelId { get; init; }

    /// <summary>Place within the level, from 1; the leading unit is first of the first level.</summary>
    public required int Order { get; init; }

    /// <summary>True when the unit takes the first level although the leading-unit vote ended undecided (<see cref="UndecidedOutcome.ProposeTopRanked"/>).</summary>
    public bool UndecidedVote { get; init; }

    /// <summary>The council's decision; <see cref="ProposalStatus.Proposed"/> until it decides.</summary>
    public ProposalStatus Status { get; init; } = ProposalStatus.Proposed;

    /// <summary>Why it was returned (required then), or the council's note on an acceptance.</summary>
    public string? Reason { get; init; }

    /// <summary>When the council decided, or null.</summary>
    public DateTimeOffset? DecidedAt { get; init; }
}

public sealed partial record ProposalRules
{
    /// <summary>
    /// The year's proposals, level by level in order. The leading unit is the first of the first level; every
    /// other place goes down the ranking, skipping units that never submitted, units already proposed and,
    /// unless <see cref="UnsignedMayBeProposed"/>, the compact's missing signers. When the vote ended undecided
    /// (<paramref name="leadingUnitId"/> null), <see cref="VotingRules.WhenUndecided"/> says whether the first
    /// level's first place stays empty or goes to the top-ranked eligible unit, marked as such. A leading unit
    /// that did not sign (where that bars it) leaves the first place empty: the vote chose it, not another.
    /// </summary>
    /// <param name="rules">The bloc's rules of the year (the campaign's copy).</param>
    /// <param name="leadingUnitId">The leading unit the vote chose, or null when it ended undecided.</param>
    /// <param name="ranking">The year's final ranking.</param>
    /// <param name="missingSigners">Members the sealed compact lists as missing signers.</param>
    public static IReadOnlyList<Proposal> Select(BlocRules rules, string? leadingUnitId, Ranking ranking, IReadOnlyCollection<string> missingSigners)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(missingSigners);
        var proposed = new HashSet<string>(StringComparer.Ordinal);
        var eligible = new Queue<string>(ranking.Entries
            .Where(e => e.Submitted && (rules.Proposals.UnsignedMayBeProposed || !missingSigners.Contains(e.UnitId)))
            .Select(e => e.UnitId));
        var proposals = new List<Proposal>();
        for (var index = 0; index < rules.Proposals.Levels.Count; index++)
        {
            var level = rules.Proposals.Levels[index];
            var places = level.Quota;
            if (index == 0 && places > 0)
            {
                // The vote decides the first place of the first level; the ranking only fills the others.
                var (first, undecided) = leadingUnitId is not null
                    ? (rules.Proposals.UnsignedMayBeProposed || !missingSigners.Contains(leadingUnitId) ? leadingUnitId : null, false)
                    : rules.Voting.WhenUndecided == UndecidedOutcome.ProposeTopRanked ? (Next(eligible, proposed), true)
                    : (null, false);
                places--;
                if (first is not null && proposed.Add(first))
                {
                    proposals.Add(new Proposal { UnitId = first, LevelId = level.Id, Order = 1, UndecidedVote = undecided });
                }
            }

            for (; places > 0 && Next(eligible, proposed) is { } unitId; places--)
            {
                proposed.Add(unitId);
                proposals.Add(new Proposal { UnitId = unitId, LevelId = level.Id, Order = proposals.Count(p => p.LevelId == level.Id) + 1 });
            }
        }

        return proposals;
    }

    /// <summary>The next eligible unit of the ranking not yet proposed, or null; it stays queued until taken.</summary>
    private static string? Next(Queue<string> eligible, HashSet<string> proposed)
    {
        while (eligible.TryPeek(out var unitId) && proposed.Contains(unitId))
        {
            eligible.Dequeue();
        }

        return eligible.TryPeek(out var next) ? next : null;
    }
}
