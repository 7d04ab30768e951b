using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;
using static ThiDua.Workflows.Tests.Cycle.InMemoryCycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>The whole year on the in-memory host: ranking, votes, leadership and archive, with what is missing recorded.</summary>
public sealed class CycleYearTests
{
    [Fact]
    public async Task A_full_year_ranks_votes_elects_and_archives_with_the_missing_recorded()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules);
        var world = new CycleWorld(campaign);
        foreach (var unit in CycleWorld.Units)
        {
            world.Sign(unit);
        }

        var now = DateTimeOffset.UtcNow;
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

        var result = await RunCycleAsync(world, campaign);

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

        // Only the unit that never submitted was reminded, once per configured offset.
        Assert.Equal(
            FastRules.ReminderOffsets.OrderDescending().Select(o => (o, "cuc-thads")),
            world.Reminders.ToArray());

        // Every unit voted at once, so the round closed early rather than at its deadline.
        var opened = Assert.Single(world.OpenedRounds);
        Assert.True(world.TalliedAt[opened.Round.RoundKey] < opened.ClosesAt);
    }

    [Fact]
    public async Task When_nobody_acts_every_deadline_passes_and_the_year_still_ends()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules);
        var world = new CycleWorld(campaign);

        var result = await RunCycleAsync(world, campaign);

        Assert.Equal(CycleWorld.Units, result.MissingSigners);
        Assert.Equal(CycleWorld.Units.Order(StringComparer.Ordinal), result.NeverSubmitted.Order(StringComparer.Ordinal));
        Assert.Equal(3 * CycleWorld.Units.Length, world.Reminders.Count);

        // Nobody has a score, so there is no candidate and no vote; leadership still passes on by rotation.
        Assert.Null(result.LeadingUnitId);
        Assert.Empty(result.LeadingUnitRounds);
        Assert.Empty(world.OpenedRounds);
        Assert.Equal("cuc-thads", result.NextLeaderUnitId);
        Assert.NotNull(result.Archive);
    }

    [Fact]
    public async Task Without_quorum_the_round_is_held_again_until_no_runoff_is_left_and_ends_undecided()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules with
        {
            Voting = new VotingRules { MaxRunoffs = 1 },
        });
        var world = new CycleWorld(campaign);
        world.Submit("so-tu-phap", 95, DateTimeOffset.UtcNow);
        world.Submit("cong-an-tinh", 90, DateTimeOffset.UtcNow);
        world.OnRoundOpened = open => world.Vote(open.Round.RoundKey, "so-tu-phap");

        var result = await RunCycleAsync(world, campaign);

        Assert.Null(result.LeadingUnitId);
        Assert.Equal(2, result.LeadingUnitRounds.Count);
        Assert.All(result.LeadingUnitRounds, t => Assert.Equal(TallyOutcome.NoQuorum, t.Outcome));
        Assert.All(result.LeadingUnitRounds, t => Assert.Equal(1, t.BallotsCast));
        Assert.Equal(NextStep.Undecided, result.LeadingUnitRounds[^1].Next);
        Assert.Equal("cuc-thads", result.NextLeaderUnitId);
    }

    [Fact]
    public async Task A_tie_goes_to_a_runoff_among_the_tied_candidates()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules);
        var world = new CycleWorld(campaign);
        var now = DateTimeOffset.UtcNow;
        world.Submit("so-tu-phap", 95, now);
        world.Submit("cong-an-tinh", 90, now);
        world.Submit("so-noi-vu", 85, now);
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

        var result = await RunCycleAsync(world, campaign);

        Assert.Equal(2, result.LeadingUnitRounds.Count);
        Assert.Equal(TallyOutcome.Tie, result.LeadingUnitRounds[0].Outcome);
        Assert.Equal(["so-tu-phap", "cong-an-tinh"], result.LeadingUnitRounds[0].RunoffCandidates);
        var runoff = world.OpenedRounds.ToArray()[1].Round;
        Assert.Equal(["so-tu-phap", "cong-an-tinh"], runoff.Candidates);
        Assert.Equal(TallyOutcome.Winner, result.LeadingUnitRounds[1].Outcome);
        Assert.Equal("cong-an-tinh", result.LeadingUnitId);
    }
}
