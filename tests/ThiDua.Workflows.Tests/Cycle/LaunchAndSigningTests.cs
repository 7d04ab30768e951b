using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;
using static ThiDua.Workflows.Tests.Cycle.InMemoryCycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>Launch and signing: waiting for the leader, carrying a year over, closing early when all have signed.</summary>
public sealed class LaunchAndSigningTests
{
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
}
