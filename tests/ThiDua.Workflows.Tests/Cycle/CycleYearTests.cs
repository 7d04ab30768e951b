using ThiDua.Domain;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;
using static ThiDua.Workflows.Tests.Cycle.InMemoryCycle;
using static ThiDua.Workflows.Tests.Cycle.OfflineCycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>The whole year, offline: ranking, votes, leadership and archive, with what is missing recorded.</summary>
public sealed class CycleYearTests
{
    [Theory]
    [InlineData("1")]
    [InlineData(WorkflowVersion.Current)]
    public async Task A_full_year_ranks_votes_elects_and_archives_with_the_missing_recorded(string version)
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules);
        var world = new CycleWorld(campaign, clock: clock);
        ActAsAFullYear(world, Start);

        var result = await RunCycleAsync(world, campaign, clock, version);

        AssertFullYear(world, result);
    }

    [Fact]
    public async Task The_review_opens_at_the_scoring_deadline_while_mail_is_down_and_the_year_goes_on()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules);
        var world = new CycleWorld(campaign, clock: clock) { NoticeFails = true };
        ActAsAFullYear(world, Start);
        await using var host = Host(world, clock);
        var input = new CycleInput(campaign.BlocId, campaign.Year, clock.Now.AddMinutes(5));
        var id = await host.StartAsync(nameof(CycleOrchestrator), input, CycleIds.Cycle(input.Key));

        await host.RunUntilAsync(() => world.Closed.Contains("scoring"));

        // The close of scoring could not send the leader's notice; the review is open on time regardless.
        Assert.Equal(campaign.Schedule.ScoringDeadline, clock.Now);
        Assert.Equal(CyclePhase.Review, host.Status<CycleStatus>(CycleIds.Scoring(input.Key))?.Phase);
        var result = await host.RunToCompletionAsync<CycleResult>(id);
        Assert.Empty(world.ClosingNotices);
        Assert.Equal("so-tu-phap", result.LeadingUnitId);
        Assert.NotNull(result.Archive);
    }

    [Fact]
    public async Task A_bloc_that_votes_for_its_leadership_elects_the_deputy_after_the_leader_and_never_the_leader_again()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules with { LeaderElection = LeaderElectionMode.Vote, DeputyElection = LeaderElectionMode.Vote });
        var world = new CycleWorld(campaign, clock: clock);
        world.Submit("so-tu-phap", 95, Start);
        world.Submit("cong-an-tinh", 90, Start);
        world.OnRoundOpened = open =>
        {
            var choice = open.Round.Purpose switch
            {
                VotePurpose.LeadingUnit => "so-tu-phap",
                VotePurpose.Leader => "cong-an-tinh",
                _ => "so-noi-vu",
            };
            foreach (var _ in CycleWorld.Units)
            {
                world.Vote(open.Round.RoundKey, choice);
            }
        };

        var result = await RunCycleAsync(world, campaign, clock);

        Assert.Equal([VotePurpose.LeadingUnit, VotePurpose.Leader, VotePurpose.Deputy], world.OpenedRounds.Select(o => o.Round.Purpose));
        Assert.DoesNotContain("cong-an-tinh", world.OpenedRounds.Single(o => o.Round.Purpose == VotePurpose.Deputy).Round.Candidates);
        Assert.Equal(("cong-an-tinh", "so-noi-vu"), (result.NextLeaderUnitId, result.NextDeputyUnitId));
        Assert.Equal((ElectedBy.Vote, ElectedBy.Vote), (world.Recorded!.NextLeadership.LeaderElectedBy, world.Recorded.NextLeadership.DeputyElectedBy));
    }

    [Theory]
    [InlineData("1")]
    [InlineData(WorkflowVersion.Current)]
    public async Task A_bloc_that_votes_for_its_leader_only_takes_the_deputy_after_the_elected_leader_in_the_rotation(string version)
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules with { LeaderElection = LeaderElectionMode.Vote });
        var world = new CycleWorld(campaign, clock: clock);
        world.Submit("so-tu-phap", 95, Start);
        world.Submit("cong-an-tinh", 90, Start);
        world.OnRoundOpened = open =>
        {
            foreach (var _ in CycleWorld.Units)
            {
                world.Vote(open.Round.RoundKey, open.Round.Purpose == VotePurpose.LeadingUnit ? "so-tu-phap" : "cong-an-tinh");
            }
        };

        var result = await RunCycleAsync(world, campaign, clock, version);

        Assert.Equal([VotePurpose.LeadingUnit, VotePurpose.Leader], world.OpenedRounds.Select(o => o.Round.Purpose));
        Assert.Equal(("so-tu-phap", "cong-an-tinh", "so-tu-phap"), (result.LeadingUnitId, result.NextLeaderUnitId, result.NextDeputyUnitId));
        Assert.Equal((ElectedBy.Vote, ElectedBy.Rotation), (world.Recorded!.NextLeadership.LeaderElectedBy, world.Recorded.NextLeadership.DeputyElectedBy));
        Assert.Equal(world.Recorded.NextLeadership, world.Planned!.Leadership);
    }

    [Fact]
    public async Task When_nobody_acts_every_deadline_passes_and_the_year_still_ends()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules);
        var world = new CycleWorld(campaign, clock: clock);

        var result = await RunCycleAsync(world, campaign, clock);

        Assert.Equal(CycleWorld.Units, result.MissingSigners);
        Assert.Equal(CycleWorld.Units.Order(StringComparer.Ordinal), result.NeverSubmitted.Order(StringComparer.Ordinal));
        Assert.Equal(3 * CycleWorld.Units.Length, world.Reminders.Count);

        // Nobody has a score, so there is no candidate and no vote; leadership still passes on by rotation.
        Assert.Null(result.LeadingUnitId);
        Assert.Empty(result.LeadingUnitRounds);
        Assert.Empty(world.OpenedRounds);
        Assert.Equal("cuc-thads", result.NextLeaderUnitId);
        Assert.NotNull(result.Archive);

        // Nothing ended any phase early: the year ran to its archive date.
        Assert.Equal(campaign.Schedule.ArchiveAt, clock.Now);
    }

    [Fact]
    public async Task Without_quorum_the_round_is_held_again_until_no_runoff_is_left_and_ends_undecided()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules with
        {
            Voting = new VotingRules { MaxRunoffs = 1 },
        });
        var world = new CycleWorld(campaign, clock: clock);
        world.Submit("so-tu-phap", 95, Start);
        world.Submit("cong-an-tinh", 90, Start);
        world.OnRoundOpened = open => world.Vote(open.Round.RoundKey, "so-tu-phap");

        var result = await RunCycleAsync(world, campaign, clock);

        Assert.Null(result.LeadingUnitId);
        Assert.Equal(2, result.LeadingUnitRounds.Count);
        Assert.All(result.LeadingUnitRounds, t => Assert.Equal(TallyOutcome.NoQuorum, t.Outcome));
        Assert.All(result.LeadingUnitRounds, t => Assert.Equal(1, t.BallotsCast));
        Assert.Equal(NextStep.Undecided, result.LeadingUnitRounds[^1].Next);
        Assert.Equal("cuc-thads", result.NextLeaderUnitId);

        // Short of quorum, each round ran to its own deadline before it was tallied.
        Assert.All(world.OpenedRounds, open => Assert.Equal(open.ClosesAt, world.TalliedAt[open.Round.RoundKey]));
    }

    [Fact]
    public async Task An_undecided_vote_proposes_the_top_ranked_signer_when_the_rules_say_so_with_that_fact_recorded()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules with
        {
            Voting = new VotingRules { MaxRunoffs = 0, WhenUndecided = UndecidedOutcome.ProposeTopRanked },
        });
        var world = new CycleWorld(campaign, clock: clock);
        foreach (var unit in CycleWorld.Units.Where(u => u != "so-tu-phap"))
        {
            world.Sign(unit);
        }

        world.Submit("so-tu-phap", 95, Start);
        world.Submit("cong-an-tinh", 90, Start);
        world.Submit("so-noi-vu", 85, Start);
        world.OnRoundOpened = open => world.Vote(open.Round.RoundKey, "so-tu-phap");

        var result = await RunCycleAsync(world, campaign, clock);

        // No quorum and no runoff left: no leading unit. The top-ranked unit did not sign the compact, so the
        // flag goes to the next one, marked as proposed without a decided vote.
        Assert.Null(result.LeadingUnitId);
        Assert.Equal(["so-tu-phap"], result.MissingSigners);
        Assert.Equal([("cong-an-tinh", "co-thi-dua-tinh", true), ("so-noi-vu", "bang-khen-ubnd-tinh", false)], RecordedProposals(world));
    }

    [Fact]
    public async Task An_undecided_vote_proposes_nobody_for_the_flag_by_default()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules with { Voting = new VotingRules { MaxRunoffs = 0 } });
        var world = new CycleWorld(campaign, clock: clock);
        ActAsAFullYear(world, Start);
        world.OnRoundOpened = open => world.Vote(open.Round.RoundKey, "so-tu-phap");

        var result = await RunCycleAsync(world, campaign, clock);

        Assert.Null(result.LeadingUnitId);
        Assert.Equal([("so-tu-phap", "bang-khen-ubnd-tinh", false), ("cong-an-tinh", "bang-khen-ubnd-tinh", false)], RecordedProposals(world));
    }

    [Fact]
    public async Task A_tie_goes_to_a_runoff_among_the_tied_candidates()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules);
        var world = new CycleWorld(campaign, clock: clock);
        world.Submit("so-tu-phap", 95, Start);
        world.Submit("cong-an-tinh", 90, Start);
        world.Submit("so-noi-vu", 85, Start);
        world.OnRoundOpened = open =>
        {
            var key = open.Round.RoundKey;
            string?[] choices = open.Round.RoundNumber == 1
                ? ["so-tu-phap", "so-tu-phap", "cong-an-tinh", "cong-an-tinh", "so-noi-vu"]
                : ["cong-an-tinh", "cong-an-tinh", "cong-an-tinh", "so-tu-phap", null];
            foreach (var choice in choices)
            {
                world.Vote(key, choice);
            }
        };

        var result = await RunCycleAsync(world, campaign, clock);

        Assert.Equal(2, result.LeadingUnitRounds.Count);
        Assert.Equal(TallyOutcome.Tie, result.LeadingUnitRounds[0].Outcome);
        Assert.Equal(["so-tu-phap", "cong-an-tinh"], result.LeadingUnitRounds[0].RunoffCandidates);
        var runoff = world.OpenedRounds.ToArray()[1].Round;
        Assert.Equal(["so-tu-phap", "cong-an-tinh"], runoff.Candidates);
        Assert.Equal(TallyOutcome.Winner, result.LeadingUnitRounds[1].Outcome);
        Assert.Equal("cong-an-tinh", result.LeadingUnitId);
    }

    /// <summary>Every unit signs, four submit, and all vote for Sở Tư pháp as soon as the round opens.</summary>
    internal static void ActAsAFullYear(CycleWorld world, DateTimeOffset now)
    {
        foreach (var unit in CycleWorld.Units)
        {
            world.Sign(unit);
        }

        world.Submit("so-tu-phap", 95, now);
        world.Submit("cong-an-tinh", 90, now);
        world.Submit("so-noi-vu", 85, now);
        world.Submit("bo-chqs-tinh", 80, now);
        world.OnRoundOpened = open =>
        {
            foreach (var _ in CycleWorld.Units)
            {
                world.Vote(open.Round.RoundKey, "so-tu-phap");
            }
        };
    }

    /// <summary>The proposals RecordResults makes of what the cycle passed it (the sealed compact, the ranking, the vote).</summary>
    internal static List<(string UnitId, string LevelId, bool UndecidedVote)> RecordedProposals(CycleWorld world)
    {
        var recorded = world.Recorded!;
        return ProposalRules.Select(world.Campaign!.Rules, recorded.LeadingUnitVote.WinnerId, recorded.Ranking, recorded.Seal.Missing)
            .Select(p => (p.UnitId, p.LevelId, p.UndecidedVote))
            .ToList();
    }

    internal static void AssertFullYear(CycleWorld world, CycleResult result)
    {
        Assert.True(result.Launched);
        Assert.Empty(result.MissingSigners);
        Assert.Equal(["cuc-thads"], result.NeverSubmitted);
        Assert.Equal(["so-tu-phap", "cong-an-tinh", "so-noi-vu", "bo-chqs-tinh", "cuc-thads"], result.Ranking!.Entries.Select(e => e.UnitId));
        Assert.Equal("so-tu-phap", result.LeadingUnitId);
        var round = Assert.Single(result.LeadingUnitRounds);
        Assert.Equal(["so-tu-phap", "cong-an-tinh", "so-noi-vu"], round.Counts.Select(c => c.CandidateId));
        Assert.Equal("cuc-thads", result.NextLeaderUnitId);
        Assert.Equal("bo-chqs-tinh", result.NextDeputyUnitId);
        Assert.NotNull(result.Archive);
        Assert.Equal("cuc-thads", world.Planned!.Leadership.LeaderUnitId);
        Assert.Equal("so-tu-phap", world.Recorded!.LeadingUnitVote.WinnerId);
        Assert.Equal(
            [("so-tu-phap", "co-thi-dua-tinh", false), ("cong-an-tinh", "bang-khen-ubnd-tinh", false), ("so-noi-vu", "bang-khen-ubnd-tinh", false)],
            RecordedProposals(world));

        // Only the unit that never submitted was reminded, once per configured offset.
        Assert.Equal(
            FastRules.ReminderOffsets.OrderDescending().Select(o => (o, "cuc-thads")),
            world.Reminders.ToArray());

        // Every unit voted at once, so the round closed early rather than at its deadline.
        var opened = Assert.Single(world.OpenedRounds);
        Assert.True(world.TalliedAt[opened.Round.RoundKey] < opened.ClosesAt);
    }
}
