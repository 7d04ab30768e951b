using System.Globalization;

namespace ThiDua.Domain;

/// <summary>What a vote decides.</summary>
public enum VotePurpose
{
    /// <summary>The leading unit of the year (đơn vị dẫn đầu, nhất khối).</summary>
    LeadingUnit,

    /// <summary>Next year's bloc leader (trưởng khối).</summary>
    Leader,

    /// <summary>Next year's deputy leader (phó trưởng khối).</summary>
    Deputy,
}

/// <summary>
/// One round of a vote: round 1 is the first, 2 and up are runoffs. Each eligible member casts
/// at most one ballot. A round with a single candidate is an acclamation (suy tôn).
/// </summary>
public sealed partial record VoteRound
{
    /// <summary>Bloc voting.</summary>
    public required string BlocId { get; init; }

    /// <summary>Campaign year.</summary>
    public required int Year { get; init; }

    /// <summary>What is decided.</summary>
    public required VotePurpose Purpose { get; init; }

    /// <summary>1 for the first round, 2 for the first runoff, and so on.</summary>
    public required int RoundNumber { get; init; }

    /// <summary>Unit ids that may be chosen, in ballot order.</summary>
    public required IReadOnlyList<string> Candidates { get; init; }

    /// <summary>Number of member units of the bloc: the quorum is computed on it.</summary>
    public required int EligibleVoters { get; init; }

    /// <summary>
    /// Members present or represented when a conference round opened (only they may vote); null in deadline
    /// mode, where every member may.
    /// </summary>
    public int? Present { get; init; }

    /// <summary>
    /// The round's key, an <see cref="Identifier"/> for a valid bloc id (see <see cref="Bloc.MaxIdLength"/>): bloc, year, purpose and round
    /// (for example <c>noi-chinh-2026-leading-unit-1</c>). Receipts hash it, so a ballot's
    /// receipt cannot be replayed in another round.
    /// </summary>
    public string RoundKey => KeyOf(BlocId, Year, Purpose, RoundNumber);

    /// <summary>
    /// True when there is a single candidate: the vote confirms or withholds acclamation (suy tôn) by an approval
    /// ballot, where choosing the candidate is "đồng ý" and a ballot without choice "không đồng ý".
    /// </summary>
    public bool IsAcclamation => Candidates.Count == 1;

    /// <summary>The <see cref="RoundKey"/> of round <paramref name="roundNumber"/> of a bloc's vote in a year.</summary>
    public static string KeyOf(string blocId, int year, VotePurpose purpose, int roundNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"{blocId}-{year}-{PurposeSlug(purpose)}-{roundNumber}");

    private static string PurposeSlug(VotePurpose purpose) => purpose switch
    {
        VotePurpose.LeadingUnit => "leading-unit",
        VotePurpose.Leader => "leader",
        VotePurpose.Deputy => "deputy",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown vote purpose."),
    };
}

/// <summary>
/// A secret ballot. Its id is random, chosen by the caller (the domain has no randomness) and
/// never stored with the voter's identity.
/// </summary>
/// <param name="RoundKey">The round's <see cref="VoteRound.RoundKey"/>.</param>
/// <param name="BallotId">Random id, an <see cref="Identifier"/> (for example 32 lowercase hex digits).</param>
/// <param name="Choice">The candidate chosen, or null for an abstention (blank ballot).</param>
public sealed record Ballot(string RoundKey, string BallotId, string? Choice);

/// <summary>Result of counting a round.</summary>
public enum TallyOutcome
{
    /// <summary>One candidate met the threshold with quorum.</summary>
    Winner,

    /// <summary>Too few ballots were cast.</summary>
    NoQuorum,

    /// <summary>Nobody met the threshold and the first place is not shared.</summary>
    NoMajority,

    /// <summary>Several candidates share the first place with at least one vote and nobody met the threshold.</summary>
    Tie,
}

/// <summary>What happens after a round.</summary>
public enum NextStep
{
    /// <summary>A winner is decided.</summary>
    Decided,

    /// <summary>Another round among <see cref="Tally.RunoffCandidates"/>.</summary>
    Runoff,

    /// <summary>No winner and no runoff left: the vote ends undecided.</summary>
    Undecided,
}

/// <summary>Votes for one candidate.</summary>
/// <param name="CandidateId">The candidate.</param>
/// <param name="Votes">Ballots choosing it.</param>
public sealed record CandidateVotes(string CandidateId, int Votes);

/// <summary>The count of a closed round and what follows.</summary>
public sealed record Tally
{
    /// <summary>The round counted.</summary>
    public required string RoundKey { get; init; }

    /// <summary>Round number (1 = first round).</summary>
    public required int RoundNumber { get; init; }

    /// <summary>Units entitled to vote.</summary>
    public required int EligibleVoters { get; init; }

    /// <summary>Ballots cast, abstentions included.</summary>
    public required int BallotsCast { get; init; }

    /// <summary>Blank ballots counted as valid; in an acclamation round, the ballots saying "không đồng ý".</summary>
    public required int Abstentions { get; init; }

    /// <summary>Blank ballots counted as invalid (<see cref="BlankBallots.Invalid"/>): apart, and not in the ballots-cast base.</summary>
    public int InvalidBallots { get; init; }

    /// <summary>What the threshold was a percentage of: members, members present, or valid ballots cast.</summary>
    public int ThresholdBase { get; init; }

    /// <summary>Votes per candidate in the round's candidate order, zeros included.</summary>
    public required IReadOnlyList<CandidateVotes> Counts { get; init; }

    /// <summary>Whether enough ballots were cast.</summary>
    public required bool QuorumReached { get; init; }

    /// <summary>Least number of ballots that makes the quorum.</summary>
    public required int QuorumBallots { get; init; }

    /// <summary>The result.</summary>
    public required TallyOutcome Outcome { get; init; }

    /// <summary>The winner when <see cref="Outcome"/> is <see cref="TallyOutcome.Winner"/>.</summary>
    public string? WinnerId { get; init; }

    /// <summary>What follows.</summary>
    public required NextStep Next { get; init; }

    /// <summary>Candidates of the next round when <see cref="Next"/> is <see cref="NextStep.Runoff"/>, otherwise empty.</summary>
    public IReadOnlyList<string> RunoffCandidates { get; init; } = [];
}
