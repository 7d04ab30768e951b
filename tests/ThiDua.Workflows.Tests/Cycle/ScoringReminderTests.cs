using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;
using static ThiDua.Workflows.Tests.Cycle.InMemoryCycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>Score collection's reminders: who gets them, and when.</summary>
public sealed class ScoringReminderTests
{
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
}
