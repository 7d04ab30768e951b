using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>
/// Shared timing for the cycle's workflow tests, and the run of a year on the in-memory host. That host's
/// timers are real time, so the year is compressed to seconds; the gaps stay wide enough for a loaded CI machine.
/// </summary>
internal static class InMemoryCycle
{
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    internal static PhaseDurations Fast => new()
    {
        Signing = TimeSpan.FromSeconds(3),
        Scoring = TimeSpan.FromSeconds(9),
        Review = TimeSpan.FromSeconds(1),
        Voting = TimeSpan.FromSeconds(2),
        VoteRound = TimeSpan.FromSeconds(2),
        LeaderElection = TimeSpan.FromSeconds(1),
        Archive = TimeSpan.FromSeconds(1),
    };

    internal static BlocRules FastRules => new()
    {
        ReminderOffsets = [TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)],
    };

    internal static async Task<CycleResult> RunCycleAsync(CycleWorld world, Campaign campaign)
    {
        await using var host = await InMemoryHost.StartAsync(world.Register);
        var input = new CycleInput(campaign.BlocId, campaign.Year, DateTimeOffset.UtcNow.AddMinutes(5));
        var id = CycleIds.Cycle(input.Key);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CycleOrchestrator), input, new StartOrchestrationOptions(id) { Version = WorkflowVersion.Current });
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(Patience).Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        return done.ReadOutputAs<CycleResult>()!;
    }
}
