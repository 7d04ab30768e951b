using ThiDua.Domain;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>The cycle's orchestration tests run offline: the production orchestrators, the test's world, a virtual clock.</summary>
internal static class OfflineCycle
{
    /// <summary>Any fixed instant will do: only the virtual clock runs, so deadlines never slip.</summary>
    internal static readonly DateTimeOffset Start = new(2026, 1, 15, 8, 0, 0, TimeSpan.FromHours(7));

    internal static OfflineOrchestration Host(CycleWorld world, TestClock clock) => OfflineOrchestration.Create(world.Register, clock);

    /// <summary>Runs the year under <paramref name="version"/>, this build's workflow version unless told.</summary>
    internal static async Task<CycleResult> RunCycleAsync(CycleWorld world, Campaign campaign, TestClock clock, string? version = null)
    {
        await using var host = Host(world, clock);
        var input = new CycleInput(campaign.BlocId, campaign.Year, clock.Now.AddMinutes(5));
        var id = await host.StartAsync(nameof(CycleOrchestrator), input, CycleIds.Cycle(input.Key), version);
        return await host.RunToCompletionAsync<CycleResult>(id);
    }
}
