using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;
using static ThiDua.Workflows.Tests.Cycle.InMemoryCycle;
using static ThiDua.Workflows.Tests.Cycle.OfflineCycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>Score collection's reminders: who gets them, and when.</summary>
public sealed class ScoringReminderTests
{
    [Fact]
    public async Task A_unit_that_submits_between_two_reminders_gets_no_further_reminder()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules);
        var world = new CycleWorld(campaign, clock: clock);
        foreach (var unit in CycleWorld.Units.Skip(1))
        {
            world.Submit(unit, 50, Start);
        }

        await using var host = Host(world, clock);
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var input = new ScoringInput(key, campaign.Schedule.ScoringDeadline, campaign.Schedule.ReviewDeadline, FastRules.ReminderOffsets);
        var id = await host.StartAsync(nameof(ScoringOrchestrator), input);

        var first = campaign.Schedule.ScoringDeadline - FastRules.ReminderOffsets.Max();
        await host.RunUntilAsync(() => !world.Reminders.IsEmpty);
        Assert.Equal(first, host.Now);
        world.Submit(CycleWorld.Units[0], 70, host.Now);

        var outcome = await host.RunToCompletionAsync<ScoringOutcome>(id);
        Assert.Equal([(FastRules.ReminderOffsets.Max(), CycleWorld.Units[0])], world.Reminders.ToArray());
        Assert.Empty(outcome.Closure.NeverSubmitted);
        Assert.Equal(5, outcome.Ranking.Entries.Count(e => e.Submitted));
    }

    [Fact]
    public async Task Collection_that_starts_late_sends_only_the_latest_overdue_reminder_then_the_rest_on_time()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast, FastRules);
        var world = new CycleWorld(campaign, clock: clock);
        foreach (var unit in CycleWorld.Units.Skip(1))
        {
            world.Submit(unit, 50, Start);
        }

        await using var host = Host(world, clock);
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var deadline = Start.AddSeconds(4);
        TimeSpan[] offsets = [TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1)];
        var input = new ScoringInput(key, deadline, deadline.AddSeconds(1), offsets);
        var id = await host.StartAsync(nameof(ScoringOrchestrator), input);

        // The latest overdue reminder goes out at once, before any time passes; the last one at its offset.
        Assert.Equal([(offsets[1], CycleWorld.Units[0])], world.Reminders.ToArray());
        await host.RunUntilAsync(() => world.Reminders.Count == 2);
        Assert.Equal(deadline - offsets[2], host.Now);

        await host.RunToCompletionAsync<ScoringOutcome>(id);
        Assert.Equal([(offsets[1], CycleWorld.Units[0]), (offsets[2], CycleWorld.Units[0])], world.Reminders.ToArray());
    }
}
