using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>
/// The cycle's workflows on the in-memory Durable Task host with activities played by
/// <see cref="CycleWorld"/>. Timers are real time, so the year is compressed to seconds.
/// </summary>
public sealed class CycleOrchestrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // Gaps of seconds between deadlines keep the tests meaningful on a loaded two-core CI machine.
    private static PhaseDurations Fast => new()
    {
        Signing = TimeSpan.FromSeconds(3),
        Scoring = TimeSpan.FromSeconds(9),
        Review = TimeSpan.FromSeconds(1),
        Voting = TimeSpan.FromSeconds(2),
        VoteRound = TimeSpan.FromSeconds(2),
        LeaderElection = TimeSpan.FromSeconds(1),
        Archive = TimeSpan.FromSeconds(1),
    };

    private static BlocRules FastRules => new()
    {
        ReminderOffsets = [TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)],
    };

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

    [Fact]
    public async Task A_unit_that_submits_between_two_reminders_gets_no_further_reminder()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules);
        var world = new CycleWorld(campaign);
        foreach (var unit in CycleWorld.Units.Skip(1))
        {
            world.Submit(unit, 50, DateTimeOffset.UtcNow);
        }

        await using var host = await InMemoryHost.StartAsync(world.Register);
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var input = new ScoringInput(key, campaign.Schedule.ScoringDeadline, campaign.Schedule.ReviewDeadline, FastRules.ReminderOffsets);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringOrchestrator), input);

        var first = campaign.Schedule.ScoringDeadline - FastRules.ReminderOffsets.Max();
        await WaitUntilAsync(() => !world.Reminders.IsEmpty);
        Assert.True(DateTimeOffset.UtcNow >= first);
        world.Submit(CycleWorld.Units[0], 70, DateTimeOffset.UtcNow);

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal([(FastRules.ReminderOffsets.Max(), CycleWorld.Units[0])], world.Reminders.ToArray());
        var outcome = done.ReadOutputAs<ScoringOutcome>()!;
        Assert.Empty(outcome.Closure.NeverSubmitted);
        Assert.Equal(5, outcome.Ranking.Entries.Count(e => e.Submitted));
    }

    [Fact]
    public async Task Collection_that_starts_late_sends_only_the_latest_overdue_reminder_then_the_rest_on_time()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules);
        var world = new CycleWorld(campaign);
        foreach (var unit in CycleWorld.Units.Skip(1))
        {
            world.Submit(unit, 50, DateTimeOffset.UtcNow);
        }

        await using var host = await InMemoryHost.StartAsync(world.Register);
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(4);
        TimeSpan[] offsets = [TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1)];
        var input = new ScoringInput(key, deadline, deadline.AddSeconds(1), offsets);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScoringOrchestrator), input);

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal([(offsets[1], CycleWorld.Units[0]), (offsets[2], CycleWorld.Units[0])], world.Reminders.ToArray());
    }

    [Fact]
    public async Task The_cycle_waits_for_the_leader_to_launch_and_goes_on_when_told()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow.AddSeconds(2), Fast, FastRules);
        var world = new CycleWorld(campaign: null);
        foreach (var unit in CycleWorld.Units)
        {
            world.Sign(unit);
        }

        await using var host = await InMemoryHost.StartAsync(world.Register);
        var input = new CycleInput(campaign.BlocId, campaign.Year, DateTimeOffset.UtcNow.AddMinutes(5));
        var id = CycleIds.Cycle(input.Key);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CycleOrchestrator), input, new StartOrchestrationOptions(id));

        var signingId = CycleIds.Signing(input.Key);
        var waiting = await WaitForStatusAsync(host.Client, signingId, s => s.Phase == CyclePhase.AwaitingLaunch);
        Assert.Equal(input.LaunchDeadline, waiting.Deadline);

        world.Launch(campaign);
        await host.Client.RaiseEventAsync(signingId, CycleEvents.CampaignLaunched, campaign.BlocId);
        await WaitForStatusAsync(host.Client, id, s => s.Phase is CyclePhase.Scoring);
    }

    [Fact]
    public async Task Without_a_launch_the_previous_year_carries_over_or_the_year_is_recorded_as_not_launched()
    {
        var previous = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules);

        var carried = new CycleWorld(campaign: null, previousYear: previous);
        await using (var host = await InMemoryHost.StartAsync(carried.Register))
        {
            var input = new CycleInput(previous.BlocId, previous.Year, DateTimeOffset.UtcNow.AddSeconds(1));
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CycleOrchestrator), input, new StartOrchestrationOptions(CycleIds.Cycle(input.Key)));
            await WaitForStatusAsync(host.Client, CycleIds.Cycle(input.Key), s => s.Phase == CyclePhase.Scoring);
        }

        var none = new CycleWorld(campaign: null);
        await using (var host = await InMemoryHost.StartAsync(none.Register))
        {
            var input = new CycleInput(previous.BlocId, previous.Year, DateTimeOffset.UtcNow.AddSeconds(1));
            var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CycleOrchestrator), input);
            var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
            var result = done.ReadOutputAs<CycleResult>()!;
            Assert.False(result.Launched);
            Assert.Equal(CyclePhase.NotLaunched, done.ReadCustomStatusAs<CycleStatus>()!.Phase);
        }
    }

    [Fact]
    public async Task Signing_ends_as_soon_as_the_last_unit_signs_and_the_seal_lists_who_did_not()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast with { Signing = TimeSpan.FromSeconds(30) }, FastRules);
        var world = new CycleWorld(campaign);
        await using var host = await InMemoryHost.StartAsync(world.Register);
        var input = new CycleInput(campaign.BlocId, campaign.Year, DateTimeOffset.UtcNow.AddMinutes(5));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LaunchAndSigningOrchestrator), input);

        foreach (var unit in CycleWorld.Units)
        {
            var status = await WaitForStatusAsync(host.Client, id, s => s.Phase == CyclePhase.Signing && s.Pending.Contains(unit));
            Assert.Equal(campaign.Schedule.SigningDeadline, status.Deadline);
            world.Sign(unit);
            await host.Client.RaiseEventAsync(id, CycleEvents.CompactSigned, unit);
        }

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
        Assert.True(DateTimeOffset.UtcNow < campaign.Schedule.SigningDeadline, "signing should close before its deadline once all signed");
        var outcome = done.ReadOutputAs<SigningOutcome>()!;
        Assert.Empty(outcome.Seal!.Missing);
        Assert.Equal(CycleWorld.Units.Length, outcome.Seal.Signers.Count);
    }

    private static async Task<CycleResult> RunCycleAsync(CycleWorld world, Campaign campaign)
    {
        await using var host = await InMemoryHost.StartAsync(world.Register);
        var input = new CycleInput(campaign.BlocId, campaign.Year, DateTimeOffset.UtcNow.AddMinutes(5));
        var id = CycleIds.Cycle(input.Key);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CycleOrchestrator), input, new StartOrchestrationOptions(id));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        return done.ReadOutputAs<CycleResult>()!;
    }

    private static async Task<CycleStatus> WaitForStatusAsync(DurableTaskClient client, string instanceId, Func<CycleStatus, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (metadata?.ReadCustomStatusAs<CycleStatus>() is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
