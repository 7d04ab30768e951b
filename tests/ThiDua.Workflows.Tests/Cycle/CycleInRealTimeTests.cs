using static ThiDua.Workflows.Tests.Cycle.InMemoryCycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>
/// The one year of the test world on the in-memory durable host, in real time: the offline runs of
/// <see cref="CycleYearTests"/> hold on the runtime the hosts use, timers and all.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class CycleInRealTimeTests
{
    [Fact]
    public async Task A_full_year_on_the_in_memory_host_ends_as_it_does_offline()
    {
        var campaign = CycleWorld.NewCampaign(DateTimeOffset.UtcNow, Fast, FastRules);
        var world = new CycleWorld(campaign);
        CycleYearTests.ActAsAFullYear(world, DateTimeOffset.UtcNow);

        var result = await RunCycleAsync(world, campaign);

        CycleYearTests.AssertFullYear(world, result);
    }
}
