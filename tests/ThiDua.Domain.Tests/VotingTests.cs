using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ThiDua.Domain.Tests;

public class VotingTests
{
    private static readonly string[] Candidates = [Fixtures.HomeAffairs, Fixtures.Police, Fixtures.Justice];

    private static VoteRound Round(int number = 1, int eligible = 5, IReadOnlyList<string>? candidates = null) => new()
    {
        BlocId = "noi-chinh",
        Year = 2026,
        Purpose = VotePurpose.LeadingUnit,
        RoundNumber = number,
        Candidates = candidates ?? Candidates,
        EligibleVoters = eligible,
    };

    private static List<Ballot> Ballots(VoteRound round, params string?[] choices) =>
        choices.Select((c, i) => new Ballot(round.RoundKey, $"b{i:D4}", c)).ToList();

    [Fact]
    public void A_candidate_with_more_than_half_of_the_ballots_wins()
    {
        var round = Round();

        var tally = VoteRules.Count(round, Ballots(round, Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.Police, null), new VotingRules());

        Assert.Equal(TallyOutcome.Winner, tally.Outcome);
        Assert.Equal(Fixtures.HomeAffairs, tally.WinnerId);
        Assert.Equal(NextStep.Decided, tally.Next);
        Assert.Equal(5, tally.BallotsCast);
        Assert.Equal(1, tally.Abstentions);
        Assert.Equal([3, 1, 0], tally.Counts.Select(c => c.Votes));
        Assert.Empty(tally.RunoffCandidates);
    }

    [Fact]
    public void Below_the_quorum_of_two_thirds_nothing_is_decided_and_the_round_is_held_again()
    {
        var round = Round();

        var tally = VoteRules.Count(round, Ballots(round, Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.HomeAffairs), new VotingRules());

        Assert.Equal(4, tally.QuorumBallots);
        Assert.False(tally.QuorumReached);
        Assert.Equal(TallyOutcome.NoQuorum, tally.Outcome);
        Assert.Null(tally.WinnerId);
        Assert.Equal(NextStep.Runoff, tally.Next);
        Assert.Equal(Candidates, tally.RunoffCandidates);
    }

    [Fact]
    public void Exactly_half_is_not_more_than_half()
    {
        var round = Round(eligible: 4);

        var tally = VoteRules.Count(round, Ballots(round, Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.Police, null), new VotingRules());

        Assert.Equal(TallyOutcome.NoMajority, tally.Outcome);
        Assert.Equal([Fixtures.HomeAffairs, Fixtures.Police], tally.RunoffCandidates);
    }

    [Fact]
    public void With_a_70_percent_threshold_a_simple_majority_is_not_enough()
    {
        var round = Round(eligible: 10);
        var ballots = Ballots(round, [.. Enumerable.Repeat(Fixtures.HomeAffairs, 6), .. Enumerable.Repeat(Fixtures.Police, 3), Fixtures.Justice]);
        var seventy = new VotingRules { ThresholdPercent = 70, ThresholdComparison = ThresholdComparison.AtLeast };

        Assert.Equal(TallyOutcome.Winner, VoteRules.Count(round, ballots, new VotingRules()).Outcome);
        var tally = VoteRules.Count(round, ballots, seventy);
        Assert.Equal(TallyOutcome.NoMajority, tally.Outcome);
        Assert.Equal([Fixtures.HomeAffairs, Fixtures.Police], tally.RunoffCandidates);

        var seven = Ballots(round, [.. Enumerable.Repeat(Fixtures.HomeAffairs, 7), .. Enumerable.Repeat(Fixtures.Police, 3)]);
        Assert.Equal(TallyOutcome.Winner, VoteRules.Count(round, seven, seventy).Outcome);
        Assert.Equal(TallyOutcome.NoMajority, VoteRules.Count(round, seven, seventy with { ThresholdComparison = ThresholdComparison.MoreThan }).Outcome);
    }

    [Fact]
    public void A_tie_for_first_place_leads_to_a_runoff_between_the_tied()
    {
        var round = Round();

        var tally = VoteRules.Count(round, Ballots(round, Fixtures.Police, Fixtures.Justice, Fixtures.Police, Fixtures.Justice, Fixtures.HomeAffairs), new VotingRules());

        Assert.Equal(TallyOutcome.Tie, tally.Outcome);
        Assert.Equal(NextStep.Runoff, tally.Next);
        Assert.Equal([Fixtures.Police, Fixtures.Justice], tally.RunoffCandidates);

        var runoff = VoteRules.NextRound(round, tally);
        Assert.Equal(2, runoff.RoundNumber);
        Assert.Equal("noi-chinh-2026-leading-unit-2", runoff.RoundKey);
        Assert.Equal([Fixtures.Police, Fixtures.Justice], runoff.Candidates);
    }

    [Fact]
    public void A_candidate_tied_for_second_joins_the_runoff()
    {
        var round = Round(eligible: 6, candidates: [.. Candidates, Fixtures.Military]);

        var tally = VoteRules.Count(round, Ballots(round, Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.Police, Fixtures.Justice, Fixtures.Military, null), new VotingRules());

        Assert.Equal(TallyOutcome.NoMajority, tally.Outcome);
        Assert.Equal(round.Candidates, tally.RunoffCandidates);
    }

    [Fact]
    public void After_the_last_runoff_the_vote_ends_undecided()
    {
        var rules = new VotingRules();
        var round = Round();
        for (var number = 1; number <= rules.MaxRunoffs + 1; number++)
        {
            var tally = VoteRules.Count(round, Ballots(round, Fixtures.Police, Fixtures.Justice, Fixtures.Police, Fixtures.Justice), rules);
            Assert.Equal(TallyOutcome.Tie, tally.Outcome);
            if (number <= rules.MaxRunoffs)
            {
                Assert.Equal(NextStep.Runoff, tally.Next);
                round = VoteRules.NextRound(round, tally);
            }
            else
            {
                Assert.Equal(3, round.RoundNumber);
                Assert.Equal(NextStep.Undecided, tally.Next);
                Assert.Empty(tally.RunoffCandidates);
                Assert.Throws<InvalidOperationException>(() => VoteRules.NextRound(round, tally));
            }
        }
    }

    [Fact]
    public void With_no_runoffs_allowed_a_tie_is_undecided_at_once()
    {
        var round = Round();

        var tally = VoteRules.Count(round, Ballots(round, Fixtures.Police, Fixtures.Justice, Fixtures.Police, Fixtures.Justice), new VotingRules { MaxRunoffs = 0 });

        Assert.Equal(NextStep.Undecided, tally.Next);
    }

    [Fact]
    public void Acclamation_is_a_vote_with_one_candidate()
    {
        var campaign = Fixtures.Campaign();
        var round = LeaderRules.ElectionRound(campaign, VotePurpose.Leader, [Fixtures.Enforcement]);

        Assert.True(round.IsAcclamation);
        Assert.Equal(5, round.EligibleVoters);
        var yes = VoteRules.Count(round, Ballots(round, Fixtures.Enforcement, Fixtures.Enforcement, Fixtures.Enforcement, Fixtures.Enforcement, null), new VotingRules());
        Assert.Equal(Fixtures.Enforcement, yes.WinnerId);
        var withheld = VoteRules.Count(round, Ballots(round, Fixtures.Enforcement, Fixtures.Enforcement, null, null, null), new VotingRules());
        Assert.Equal(TallyOutcome.NoMajority, withheld.Outcome);
        Assert.Equal(NextStep.Undecided, withheld.Next);
        Assert.Empty(withheld.RunoffCandidates);
        var tooFew = VoteRules.Count(round, Ballots(round, Fixtures.Enforcement, Fixtures.Enforcement), new VotingRules());
        Assert.Equal(NextStep.Runoff, tooFew.Next);
    }

    [Fact]
    public void The_threshold_is_taken_on_members_present_or_valid_ballots_as_the_bloc_says()
    {
        var campaign = Fixtures.Campaign();
        var round = LeaderRules.ElectionRound(campaign, VotePurpose.Leader, [Fixtures.Enforcement, Fixtures.Police]) with { Present = 4 };
        var ballots = Ballots(round, Fixtures.Enforcement, Fixtures.Enforcement, Fixtures.Police, null);
        var seventy = new VotingRules { ThresholdPercent = 50, ThresholdComparison = ThresholdComparison.AtLeast };

        var onCast = VoteRules.Count(round, ballots, seventy);
        Assert.Equal((4, TallyOutcome.Winner), (onCast.ThresholdBase, onCast.Outcome));
        var onMembers = VoteRules.Count(round, ballots, seventy with { ThresholdBase = ThresholdBase.Members });
        Assert.Equal((5, TallyOutcome.NoMajority), (onMembers.ThresholdBase, onMembers.Outcome));
        var onPresent = VoteRules.Count(round, ballots, seventy with { ThresholdBase = ThresholdBase.Present });
        Assert.Equal((4, TallyOutcome.Winner), (onPresent.ThresholdBase, onPresent.Outcome));
        var blankInvalid = VoteRules.Count(round, ballots, seventy with { BlankBallots = BlankBallots.Invalid });
        Assert.Equal((3, 1, 0, 4), (blankInvalid.ThresholdBase, blankInvalid.InvalidBallots, blankInvalid.Abstentions, blankInvalid.BallotsCast));
    }

    [Fact]
    public void A_unit_may_not_choose_itself_where_the_bloc_forbids_it_but_may_withhold_approval_of_itself()
    {
        var campaign = Fixtures.Campaign();
        var round = LeaderRules.ElectionRound(campaign, VotePurpose.Leader, [Fixtures.Enforcement, Fixtures.Police]);
        var rules = new VotingRules { SelfVoteAllowed = false, AbstentionAllowed = false };

        Assert.Equal(["choice"], VoteRules.Validate(new Ballot(round.RoundKey, "a1", Fixtures.Police), round, rules, Fixtures.Police).Select(e => e.Field));
        Assert.Empty(VoteRules.Validate(new Ballot(round.RoundKey, "a1", Fixtures.Enforcement), round, rules, Fixtures.Police));
        var acclamation = LeaderRules.ElectionRound(campaign, VotePurpose.Leader, [Fixtures.Police]);
        Assert.Empty(VoteRules.Validate(new Ballot(acclamation.RoundKey, "a1", null), acclamation, rules, Fixtures.Police));
    }

    [Fact]
    public void Nominees_who_stand_are_the_candidates_in_nomination_order_and_every_member_when_nobody_was_nominated()
    {
        var campaign = Fixtures.Campaign();
        var at = new DateTimeOffset(2026, 12, 20, 8, 0, 0, TimeSpan.Zero);
        Nomination[] nominations =
        [
            new(VotePurpose.Leader, Fixtures.Police, at.AddMinutes(1)),
            new(VotePurpose.Leader, Fixtures.Enforcement, at),
            new(VotePurpose.Leader, Fixtures.Justice, at, DeclinedAt: at.AddMinutes(5)),
            new(VotePurpose.Deputy, Fixtures.Military, at),
        ];

        Assert.Equal([Fixtures.Enforcement, Fixtures.Police], LeaderRules.Candidates(campaign, VotePurpose.Leader, nominations, null));
        Assert.Equal([Fixtures.Military], LeaderRules.Candidates(campaign, VotePurpose.Deputy, nominations, Fixtures.Enforcement));
        Assert.Empty(LeaderRules.Candidates(campaign, VotePurpose.Deputy, nominations, Fixtures.Military));
        Assert.Equal(4, LeaderRules.Candidates(campaign, VotePurpose.Deputy, [], Fixtures.Enforcement).Count);
    }

    [Fact]
    public void Early_close_once_every_eligible_unit_has_voted()
    {
        var round = Round();

        Assert.False(VoteRules.CanCloseEarly(round, 4));
        Assert.True(VoteRules.CanCloseEarly(round, 5));
    }

    [Fact]
    public void A_ballot_for_someone_else_another_round_or_a_blank_where_forbidden_is_refused()
    {
        var round = Round();
        var rules = new VotingRules { AbstentionAllowed = false };

        Assert.Empty(VoteRules.Validate(new Ballot(round.RoundKey, "a1b2", Fixtures.Police), round, rules, Fixtures.Justice));
        Assert.Equal(["choice"], VoteRules.Validate(new Ballot(round.RoundKey, "a1b2", Fixtures.Military), round, rules, Fixtures.Justice).Select(e => e.Field));
        Assert.Equal(["choice"], VoteRules.Validate(new Ballot(round.RoundKey, "a1b2", null), round, rules, Fixtures.Justice).Select(e => e.Field));
        Assert.Equal(["roundKey", "ballotId"], VoteRules.Validate(new Ballot("noi-chinh-2025-leading-unit-1", "A/B", Fixtures.Police), round, rules, Fixtures.Justice).Select(e => e.Field));
    }

    [Fact]
    public void Counting_refuses_corrupt_ballot_records()
    {
        var round = Round();
        var rules = new VotingRules();

        Assert.Throws<ArgumentException>(() => VoteRules.Count(round, [new Ballot(round.RoundKey, "x", Fixtures.Military)], rules));
        Assert.Throws<ArgumentException>(() => VoteRules.Count(round, [new Ballot(round.RoundKey, "x", null), new Ballot(round.RoundKey, "x", null)], rules));
        Assert.Throws<ArgumentException>(() => VoteRules.Count(round, [new Ballot("other", "x", null)], rules));
    }

    [Fact]
    public void A_receipt_identifies_exactly_one_ballot()
    {
        var round = Round();
        var ballot = new Ballot(round.RoundKey, "3f9a0c", Fixtures.Police);
        var receipt = VoteRules.Receipt(ballot);

        Assert.True(Hashing.IsSha256Hex(receipt));
        Assert.Equal(receipt, VoteRules.Receipt(ballot with { }));
        Assert.Equal(Hashing.Sha256Hex($"thidua-ballot/1\n{round.RoundKey}\n3f9a0c\n{Fixtures.Police}\n"), receipt);
        Assert.NotEqual(receipt, VoteRules.Receipt(ballot with { Choice = Fixtures.Justice }));
        Assert.NotEqual(receipt, VoteRules.Receipt(ballot with { Choice = null }));
        Assert.NotEqual(receipt, VoteRules.Receipt(ballot with { BallotId = "3f9a0d" }));
        Assert.NotEqual(receipt, VoteRules.Receipt(ballot with { RoundKey = "noi-chinh-2026-leading-unit-2" }));
    }

    [Property(MaxTest = 1000)]
    public Property Tally_equals_a_simple_reference_count(int[] rawChoices, PositiveInt extraVoters, NonNegativeInt thresholdPick, bool atLeast)
    {
        // Small electorates and common thresholds, so that exact ties and exact thresholds occur often.
        int[] thresholds = [50, 70, 60, 75, 0, 33];
        var raw = rawChoices.Take(12).ToArray();
        var round = Round(eligible: raw.Length + (extraVoters.Get % 4));
        var rules = new VotingRules
        {
            ThresholdPercent = thresholds[thresholdPick.Get % thresholds.Length],
            ThresholdComparison = atLeast ? ThresholdComparison.AtLeast : ThresholdComparison.MoreThan,
        };

        // Choice index 0..2 is a candidate, 3 an abstention.
        var choices = raw.Select(r => ((r % 4) + 4) % 4).Select(i => i == 3 ? null : Candidates[i]).ToArray();
        var tally = VoteRules.Count(round, Ballots(round, choices), rules);

        var expected = Candidates.Select(c => choices.Count(x => x == c)).ToArray();
        var cast = choices.Length;
        var quorum = cast * 3 >= round.EligibleVoters * 2 && cast > 0;
        var best = expected.Max();
        var leaders = Candidates.Where((_, i) => expected[i] == best).ToArray();
        var meets = best > 0 && (atLeast ? best * 100 >= rules.ThresholdPercent * cast : best * 100 > rules.ThresholdPercent * cast);
        var expectedWinner = quorum && leaders.Length == 1 && meets ? leaders[0] : null;

        return (tally.Counts.Select(c => c.Votes).SequenceEqual(expected)
                && tally.BallotsCast == cast
                && tally.Abstentions == choices.Count(c => c is null)
                && tally.QuorumReached == quorum
                && tally.WinnerId == expectedWinner
                && (tally.Outcome == TallyOutcome.Winner) == (expectedWinner is not null)
                && (tally.Next == NextStep.Runoff) == (expectedWinner is null)
                && tally.RunoffCandidates.All(c => Candidates.Contains(c)))
            .Label($"counts {string.Join(",", tally.Counts.Select(c => c.Votes))} vs {string.Join(",", expected)}, outcome {tally.Outcome}");
    }

    [Property(MaxTest = 1000)]
    public Property Outcome_and_runoff_equal_a_simple_reference_under_any_rules(
        int[] rawChoices, NonNegativeInt eligiblePick, NonNegativeInt candidatePick, NonNegativeInt quorumPick, NonNegativeInt roundPick, NonNegativeInt runoffPick, bool atLeast)
    {
        // One to three candidates, any quorum fraction up to 1, any round against 0-2 allowed runoffs.
        var candidates = Candidates.Take(1 + (candidatePick.Get % Candidates.Length)).ToArray();
        var raw = rawChoices.Take(12).ToArray();
        var denominator = 1 + (quorumPick.Get % 4);
        var numerator = 1 + (quorumPick.Get / 4 % denominator);
        var round = Round(number: 1 + (roundPick.Get % 3), eligible: raw.Length + (eligiblePick.Get % 4), candidates: candidates);
        var rules = new VotingRules
        {
            Quorum = new Fraction(numerator, denominator),
            ThresholdPercent = 50,
            ThresholdComparison = atLeast ? ThresholdComparison.AtLeast : ThresholdComparison.MoreThan,
            MaxRunoffs = runoffPick.Get % 3,
        };

        // Choice index below the candidate count is a candidate; anything else an abstention.
        var choices = raw.Select(r => ((r % 4) + 4) % 4).Select(i => i < candidates.Length ? candidates[i] : null).ToArray();
        var tally = VoteRules.Count(round, Ballots(round, choices), rules);

        var votes = candidates.Select(c => choices.Count(x => x == c)).ToArray();
        var cast = choices.Length;
        var quorum = cast > 0 && cast * denominator >= round.EligibleVoters * numerator;
        var best = votes.Max();
        var second = votes.OrderDescending().Skip(1).DefaultIfEmpty(best).First();
        var leaders = candidates.Where((_, i) => votes[i] == best).ToArray();
        var meets = best > 0 && (atLeast ? best * 2 >= cast : best * 2 > cast);
        var (outcome, runoff) = !quorum ? (TallyOutcome.NoQuorum, candidates)
            : leaders.Length == 1 && meets ? (TallyOutcome.Winner, [])
            : leaders.Length > 1 && best > 0 ? (TallyOutcome.Tie, leaders)
            : (TallyOutcome.NoMajority, candidates.Where((_, i) => votes[i] >= second).ToArray());
        var next = outcome == TallyOutcome.Winner ? NextStep.Decided
            : candidates.Length == 1 && quorum ? NextStep.Undecided
            : round.RoundNumber - 1 < rules.MaxRunoffs ? NextStep.Runoff
            : NextStep.Undecided;

        return (tally.Outcome == outcome
                && tally.Next == next
                && tally.QuorumReached == quorum
                && tally.WinnerId == (outcome == TallyOutcome.Winner ? leaders[0] : null)
                && tally.RunoffCandidates.SequenceEqual(next == NextStep.Runoff ? runoff : []))
            .Label($"votes {string.Join(",", votes)} of {cast}/{round.EligibleVoters}, quorum {numerator}/{denominator}, round {round.RoundNumber}/{rules.MaxRunoffs}: {tally.Outcome} {tally.Next} [{string.Join(",", tally.RunoffCandidates)}]");
    }
}
