using System.Globalization;
using System.Text;

namespace ThiDua.Domain;

/// <summary>What the minutes (biên bản) of a closed vote round are drawn up from.</summary>
public sealed record MinutesInput
{
    /// <summary>Name of the bloc (for example "Nội chính").</summary>
    public required string BlocName { get; init; }

    /// <summary>The round.</summary>
    public required VoteRound Round { get; init; }

    /// <summary>Its count.</summary>
    public required Tally Tally { get; init; }

    /// <summary>The voting rules applied.</summary>
    public required VotingRules Rules { get; init; }

    /// <summary>Members, for the candidates' names (an unknown id is shown as is).</summary>
    public IReadOnlyList<CampaignMember> Members { get; init; } = [];

    /// <summary>Receipts (hashes) of every ballot counted; listed sorted, so their stored order does not matter.</summary>
    public required IReadOnlyList<string> BallotHashes { get; init; }

    /// <summary>When the round closed.</summary>
    public required DateTimeOffset ClosedAt { get; init; }
}

/// <summary>
/// The minutes (biên bản kiểm phiếu) of a vote round, as plain text, in Vietnamese by default or
/// English: the same input always gives the same text.
/// </summary>
public static class Minutes
{
    /// <summary>Renders the minutes; lines end with '\n'.</summary>
    public static string Render(MinutesInput input, Localizer? localizer = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var l = localizer ?? Localizer.Vietnamese;
        var round = input.Round;
        var tally = input.Tally;
        var text = new StringBuilder();
        void Line(string value) => text.Append(value).Append('\n');

        Line(l[TextKeys.MinutesTitle]);
        Line("");
        Line(l.Format(TextKeys.MinutesBloc, $"{input.BlocName} ({round.BlocId})"));
        Line(l.Format(TextKeys.MinutesYear, round.Year));
        Line(l.Format(TextKeys.MinutesPurpose, l[PurposeKey(round.Purpose)]));
        Line(l.Format(TextKeys.MinutesRound, round.RoundNumber == 1
            ? l[TextKeys.MinutesRoundFirst]
            : l.Format(TextKeys.MinutesRoundRunoff, round.RoundNumber)));
        Line(l.Format(TextKeys.MinutesClosedAt, VietnamTime.Format(input.ClosedAt, l)));
        if (round.IsAcclamation)
        {
            Line(l[TextKeys.MinutesAcclamation]);
        }

        Line(l.Format(TextKeys.MinutesEligible, tally.EligibleVoters));
        if (round.Present is { } present)
        {
            Line(l.Format(TextKeys.MinutesPresent, present));
        }

        Line(l.Format(TextKeys.MinutesCast, tally.BallotsCast));
        Line(l.Format(round.IsAcclamation ? TextKeys.MinutesApprovalAgainst : TextKeys.MinutesAbstentions, tally.Abstentions));
        if (tally.InvalidBallots > 0 || input.Rules.BlankBallots == BlankBallots.Invalid)
        {
            Line(l.Format(TextKeys.MinutesInvalid, tally.InvalidBallots));
        }

        Line(l.Format(
            TextKeys.MinutesQuorum,
            input.Rules.Quorum.Numerator,
            input.Rules.Quorum.Denominator,
            tally.QuorumBallots,
            l[tally.QuorumReached ? TextKeys.MinutesQuorumReached : TextKeys.MinutesQuorumNotReached]));
        Line(l.Format(
            input.Rules.ThresholdBase switch
            {
                ThresholdBase.Members => TextKeys.MinutesThresholdMembers,
                ThresholdBase.Present => TextKeys.MinutesThresholdPresent,
                _ => TextKeys.MinutesThreshold,
            },
            l[input.Rules.ThresholdComparison == ThresholdComparison.AtLeast ? TextKeys.ThresholdAtLeast : TextKeys.ThresholdMoreThan],
            input.Rules.ThresholdPercent,
            tally.ThresholdBase));
        Line(l[TextKeys.MinutesCounts]);
        for (var i = 0; i < tally.Counts.Count; i++)
        {
            var count = tally.Counts[i];
            Line(string.Create(CultureInfo.InvariantCulture, $"  {i + 1}. {NameOf(input, count.CandidateId)}: ")
                + l.Format(TextKeys.MinutesVotes, count.Votes, Percent(count.Votes, PercentBase(tally), l)));
        }

        Line(l.Format(TextKeys.MinutesOutcome, Outcome(input, l)));
        if (tally.Next == NextStep.Runoff)
        {
            Line(l.Format(TextKeys.NextRunoff, string.Join(", ", tally.RunoffCandidates.Select(c => NameOf(input, c)))));
        }
        else if (tally.Next == NextStep.Undecided)
        {
            Line(l[TextKeys.NextUndecided]);
        }

        Line("");
        Line(l[TextKeys.MinutesBallotHashes]);
        if (input.BallotHashes.Count == 0)
        {
            Line("  " + l[TextKeys.MinutesNoBallots]);
        }

        foreach (var hash in input.BallotHashes.Order(StringComparer.Ordinal))
        {
            Line("  " + hash);
        }

        return text.ToString();
    }

    internal static string PurposeKey(VotePurpose purpose) => purpose switch
    {
        VotePurpose.Leader => TextKeys.PurposeLeader,
        VotePurpose.Deputy => TextKeys.PurposeDeputy,
        _ => TextKeys.PurposeLeadingUnit,
    };

    private static string Outcome(MinutesInput input, Localizer l)
    {
        var tally = input.Tally;
        return tally.Outcome switch
        {
            TallyOutcome.Winner => l.Format(
                TextKeys.OutcomeWinner,
                NameOf(input, tally.WinnerId!),
                tally.Counts.First(c => string.Equals(c.CandidateId, tally.WinnerId, StringComparison.Ordinal)).Votes),
            TallyOutcome.NoQuorum => l[TextKeys.OutcomeNoQuorum],
            TallyOutcome.Tie => l[TextKeys.OutcomeTie],
            _ => l[TextKeys.OutcomeNoMajority],
        };
    }

    private static string NameOf(MinutesInput input, string unitId) =>
        input.Members.FirstOrDefault(m => string.Equals(m.UnitId, unitId, StringComparison.Ordinal)) is { } member
            ? $"{member.Name} ({unitId})"
            : unitId;

    /// <summary>Percentages are of the threshold's base; tallies written before it was recorded took the ballots cast.</summary>
    private static int PercentBase(Tally tally) => tally.ThresholdBase > 0 ? tally.ThresholdBase : tally.BallotsCast;

    // Vietnamese writes a decimal comma (66,7%); formatted by hand so no ICU culture data is needed.
    private static string Percent(int votes, int cast, Localizer l)
    {
        var value = cast == 0 ? 0m : Math.Round(votes * 100m / cast, 1, MidpointRounding.AwayFromZero);
        var text = value.ToString("0.#", CultureInfo.InvariantCulture);
        return l.Culture == "vi" ? text.Replace('.', ',') : text;
    }
}
