using System.Text;

namespace ThiDua.Domain;

/// <summary>
/// Counting secret ballots. Decisions:
/// <list type="bullet">
/// <item>Blank ballots count as cast for the quorum; for the threshold as <see cref="VotingRules.BlankBallots"/> says.</item>
/// <item>The threshold is a percentage of <see cref="VotingRules.ThresholdBase"/>: members, members present, or valid ballots cast.</item>
/// <item>Acclamation (a single candidate): the approval ballot either meets the threshold or the vote ends undecided, with no runoff.</item>
/// <item>Quorum: at least <c>ceil(eligible × q)</c> ballots, and at least one.</item>
/// <item>A winner is the single candidate with the most votes that meets the threshold.</item>
/// <item>Tie (several share the first place with at least one vote): runoff among those tied for first.</item>
/// <item>No majority: runoff among the top two, plus any candidate tied with the second.</item>
/// <item>No quorum: the round is held again with the same candidates.</item>
/// <item>A repeat or runoff counts against <see cref="VotingRules.MaxRunoffs"/>; with none left the vote is undecided.</item>
/// </list>
/// </summary>
public static class VoteRules
{
    private const string ReceiptFormat = "thidua-ballot/1";

    /// <summary>The first round of the leading-unit vote: candidates from the ranking, every member eligible.</summary>
    public static VoteRound LeadingUnitRound(Campaign campaign, Ranking ranking)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(ranking);
        return new VoteRound
        {
            BlocId = campaign.BlocId,
            Year = campaign.Year,
            Purpose = VotePurpose.LeadingUnit,
            RoundNumber = 1,
            Candidates = ranking.SelectCandidates(campaign.Rules.Voting.CandidateCount),
            EligibleVoters = campaign.Members.Count,
        };
    }

    /// <summary>The round after <paramref name="round"/> as <paramref name="tally"/> says; throws when the tally calls for no runoff.</summary>
    public static VoteRound NextRound(VoteRound round, Tally tally)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(tally);
        if (tally.Next != NextStep.Runoff)
        {
            throw new InvalidOperationException($"Round {round.RoundKey} ended {tally.Next}; there is no next round.");
        }

        return round with { RoundNumber = round.RoundNumber + 1, Candidates = tally.RunoffCandidates };
    }

    /// <summary>Every problem of <paramref name="ballot"/> cast by <paramref name="voterUnitId"/> for <paramref name="round"/>; empty when valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(Ballot ballot, VoteRound round, VotingRules rules, string voterUnitId)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new ErrorList();
        if (!string.Equals(ballot.RoundKey, round.RoundKey, StringComparison.Ordinal))
        {
            errors.Add("roundKey", ErrorCodes.Mismatch, new($"Vòng bỏ phiếu đang mở là '{round.RoundKey}'.", $"The open round is '{round.RoundKey}'."));
        }

        errors.Id("ballotId", ballot.BallotId);
        if (ballot.Choice is null)
        {
            // In an acclamation round a ballot without choice says "không đồng ý", which is always allowed.
            if (!rules.AbstentionAllowed && !round.IsAcclamation)
            {
                errors.Add("choice", ErrorCodes.NotAllowed, new("Quy chế của khối không cho phép phiếu trắng; hãy chọn một đơn vị.", "This bloc does not allow blank ballots; choose a candidate."));
            }
        }
        else if (!round.Candidates.Contains(ballot.Choice, StringComparer.Ordinal))
        {
            errors.Add("choice", ErrorCodes.Unknown, new($"'{ballot.Choice}' không có trong danh sách bỏ phiếu của vòng này.", $"'{ballot.Choice}' is not a candidate of this round."));
        }
        else if (!rules.SelfVoteAllowed && string.Equals(ballot.Choice, voterUnitId, StringComparison.Ordinal))
        {
            errors.Add("choice", ErrorCodes.NotAllowed, new("Quy chế của khối không cho phép đơn vị tự bỏ phiếu cho mình.", "This bloc does not allow a unit to vote for itself."));
        }

        return errors.Errors;
    }

    /// <summary>
    /// The receipt of a ballot: SHA-256 (lowercase hex) of its canonical encoding, the UTF-8 lines
    /// <c>thidua-ballot/1</c>, round key, ballot id and choice (empty for an abstention), each ended
    /// by '\n'. Ids cannot contain '\n', so the encoding is unambiguous.
    /// </summary>
    public static string Receipt(Ballot ballot)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        var text = new StringBuilder()
            .Append(ReceiptFormat).Append('\n')
            .Append(ballot.RoundKey).Append('\n')
            .Append(ballot.BallotId).Append('\n')
            .Append(ballot.Choice ?? "").Append('\n')
            .ToString();
        return Hashing.Sha256Hex(text);
    }

    /// <summary>Least number of ballots making the quorum: <c>ceil(eligible × numerator / denominator)</c>, at least 1.</summary>
    public static int QuorumBallots(int eligibleVoters, Fraction quorum)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum.Denominator, 1);
        var product = (long)Math.Max(0, eligibleVoters) * quorum.Numerator;
        return (int)Math.Max(1, (product + quorum.Denominator - 1) / quorum.Denominator);
    }

    /// <summary>True when every eligible unit has voted, so the round may close before its deadline.</summary>
    public static bool CanCloseEarly(VoteRound round, int ballotsCast)
    {
        ArgumentNullException.ThrowIfNull(round);
        return ballotsCast >= round.EligibleVoters;
    }

    /// <summary>True when <paramref name="votes"/> out of <paramref name="thresholdBase"/> meets the threshold of <paramref name="rules"/>.</summary>
    public static bool MeetsThreshold(int votes, int thresholdBase, VotingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (thresholdBase <= 0 || votes <= 0)
        {
            return false;
        }

        var scaledVotes = (long)votes * 100;
        var scaledThreshold = (long)rules.ThresholdPercent * thresholdBase;
        return rules.ThresholdComparison == ThresholdComparison.AtLeast
            ? scaledVotes >= scaledThreshold
            : scaledVotes > scaledThreshold;
    }

    /// <summary>
    /// Counts the ballots of a closed round. Throws <see cref="ArgumentException"/> for a ballot
    /// of another round, a choice that is not a candidate or a ballot id seen twice: such ballots
    /// are refused when cast, so finding one means the record is corrupt.
    /// </summary>
    public static Tally Count(VoteRound round, IEnumerable<Ballot> ballots, VotingRules rules)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(ballots);
        ArgumentNullException.ThrowIfNull(rules);
        var roundKey = round.RoundKey;
        var votes = round.Candidates.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int cast = 0, abstentions = 0, invalid = 0;
        var blankInvalid = rules.BlankBallots == BlankBallots.Invalid && !round.IsAcclamation;
        foreach (var ballot in ballots)
        {
            if (!string.Equals(ballot.RoundKey, roundKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Ballot '{ballot.BallotId}' belongs to round '{ballot.RoundKey}', not '{roundKey}'.", nameof(ballots));
            }

            if (!ids.Add(ballot.BallotId))
            {
                throw new ArgumentException($"Ballot id '{ballot.BallotId}' appears twice.", nameof(ballots));
            }

            cast++;
            if (ballot.Choice is null && blankInvalid)
            {
                invalid++;
            }
            else if (ballot.Choice is null)
            {
                abstentions++;
            }
            else if (votes.TryGetValue(ballot.Choice, out var count))
            {
                votes[ballot.Choice] = count + 1;
            }
            else
            {
                throw new ArgumentException($"Ballot '{ballot.BallotId}' chooses '{ballot.Choice}', who is not a candidate.", nameof(ballots));
            }
        }

        var counts = round.Candidates.Select(c => new CandidateVotes(c, votes[c])).ToList();
        var quorumBallots = QuorumBallots(round.EligibleVoters, rules.Quorum);
        var quorum = cast >= quorumBallots;
        var runoffLeft = round.RoundNumber - 1 < rules.MaxRunoffs;
        var thresholdBase = rules.ThresholdBase switch
        {
            ThresholdBase.Members => round.EligibleVoters,
            ThresholdBase.Present => round.Present ?? round.EligibleVoters,
            _ => cast - invalid,
        };

        TallyOutcome outcome;
        string? winner = null;
        IReadOnlyList<string> runoff;
        var best = counts.Count == 0 ? 0 : counts.Max(c => c.Votes);
        var first = counts.Where(c => c.Votes == best).ToList();
        if (!quorum)
        {
            outcome = TallyOutcome.NoQuorum;
            runoff = round.Candidates;
        }
        else if (first.Count == 1 && MeetsThreshold(best, thresholdBase, rules))
        {
            outcome = TallyOutcome.Winner;
            winner = first[0].CandidateId;
            runoff = [];
        }
        else if (first.Count > 1 && best > 0)
        {
            outcome = TallyOutcome.Tie;
            runoff = first.Select(c => c.CandidateId).ToList();
        }
        else
        {
            outcome = TallyOutcome.NoMajority;
            var second = counts.Select(c => c.Votes).OrderDescending().Skip(1).DefaultIfEmpty(best).First();
            runoff = counts.Where(c => c.Votes >= second).Select(c => c.CandidateId).ToList();
        }

        // An acclamation withheld by a quorate bloc is final: a runoff would ask the same question again.
        var next = outcome == TallyOutcome.Winner ? NextStep.Decided
            : round.IsAcclamation && quorum ? NextStep.Undecided
            : runoffLeft && runoff.Count > 0 ? NextStep.Runoff
            : NextStep.Undecided;
        return new Tally
        {
            RoundKey = roundKey,
            RoundNumber = round.RoundNumber,
            EligibleVoters = round.EligibleVoters,
            BallotsCast = cast,
            Abstentions = abstentions,
            InvalidBallots = invalid,
            ThresholdBase = thresholdBase,
            Counts = counts,
            QuorumReached = quorum,
            QuorumBallots = quorumBallots,
            Outcome = outcome,
            WinnerId = winner,
            Next = next,
            RunoffCandidates = next == NextStep.Runoff ? runoff : [],
        };
    }
}
