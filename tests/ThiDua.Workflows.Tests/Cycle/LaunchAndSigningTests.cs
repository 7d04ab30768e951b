using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;
using static ThiDua.Workflows.Tests.Cycle.InMemoryCycle;
using static ThiDua.Workflows.Tests.Cycle.OfflineCycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>Launch and signing: waiting for the leader, carrying a year over, closing early when all have signed.</summary>
public sealed class LaunchAndSigningTests
{
    [Fact]
    public async Task The_cycle_waits_for_the_leader_to_launch_and_goes_on_when_told()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start.AddSeconds(2), Fast, FastRules);
        var world = new CycleWorld(campaign: null, clock: clock);
        foreach (var unit in CycleWorld.Units)
        {
            world.Sign(unit);
        }

        await using var host = Host(world, clock);
        var input = new CycleInput(campaign.BlocId, campaign.Year, Start.AddMinutes(5));
        var id = CycleIds.Cycle(input.Key);
        await host.StartAsync(nameof(CycleOrchestrator), input, id);

        var signingId = CycleIds.Signing(input.Key);
        await host.RunUntilAsync(() => host.Status<CycleStatus>(signingId)?.Phase == CyclePhase.AwaitingLaunch);
        Assert.Equal(input.LaunchDeadline, host.Status<CycleStatus>(signingId)!.Deadline);

        world.Launch(campaign);
        await host.RaiseEventAsync(signingId, CycleEvents.CampaignLaunched, campaign.BlocId);
        await host.RunUntilAsync(() => host.Status<CycleStatus>(id)?.Phase is CyclePhase.Scoring);

        // The launch, not the launch deadline, moved the cycle on.
        Assert.True(host.Now < input.LaunchDeadline);
    }

    [Fact]
    public async Task Without_a_launch_the_previous_year_carries_over_or_the_year_is_recorded_as_not_launched()
    {
        var clock = new TestClock(Start);
        var previous = CycleWorld.NewCampaign(Start, Fast, FastRules);

        var carried = new CycleWorld(campaign: null, previousYear: previous, clock: clock);
        await using (var host = Host(carried, clock))
        {
            var input = new CycleInput(previous.BlocId, previous.Year, clock.Now.AddSeconds(1));
            var id = await host.StartAsync(nameof(CycleOrchestrator), input, CycleIds.Cycle(input.Key));
            await host.RunUntilAsync(() => host.Status<CycleStatus>(id)?.Phase == CyclePhase.Scoring);
        }

        var none = new CycleWorld(campaign: null, clock: clock);
        await using (var host = Host(none, clock))
        {
            var input = new CycleInput(previous.BlocId, previous.Year, clock.Now.AddSeconds(1));
            var id = await host.StartAsync(nameof(CycleOrchestrator), input);
            var result = await host.RunToCompletionAsync<CycleResult>(id);
            Assert.False(result.Launched);
            Assert.Equal(CyclePhase.NotLaunched, host.Status<CycleStatus>(id)!.Phase);
            Assert.Equal(input.LaunchDeadline, clock.Now);
        }
    }

    [Fact]
    public async Task Signing_ends_as_soon_as_the_last_unit_signs_and_the_seal_lists_who_did_not()
    {
        var clock = new TestClock(Start);
        var campaign = CycleWorld.NewCampaign(Start, Fast with { Signing = TimeSpan.FromSeconds(30) }, FastRules);
        var world = new CycleWorld(campaign, clock: clock);
        await using var host = Host(world, clock);
        var input = new CycleInput(campaign.BlocId, campaign.Year, Start.AddMinutes(5));
        var id = await host.StartAsync(nameof(LaunchAndSigningOrchestrator), input);

        foreach (var unit in CycleWorld.Units)
        {
            await host.RunUntilAsync(() => host.Status<CycleStatus>(id) is { Phase: CyclePhase.Signing } s && s.Pending.Contains(unit));
            Assert.Equal(campaign.Schedule.SigningDeadline, host.Status<CycleStatus>(id)!.Deadline);
            world.Sign(unit);
            await host.RaiseEventAsync(id, CycleEvents.CompactSigned, unit);
        }

        var outcome = await host.RunToCompletionAsync<SigningOutcome>(id);
        Assert.True(host.Now < campaign.Schedule.SigningDeadline, "signing should close before its deadline once all signed");
        Assert.Empty(outcome.Seal!.Missing);
        Assert.Equal(CycleWorld.Units.Length, outcome.Seal.Signers.Count);
    }
}
