using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ThiDua.Functions.Adapters;
using ThiDua.Workflows.Automation;

namespace ThiDua.Functions.Cycle;

/// <summary>The yearly automation in Azure: the shared launch check on the schedule of app setting ThiDua_LaunchCheckSchedule (flat: timer triggers resolve a flat name reliably, a nested one not always).</summary>
public sealed class LaunchCheckFunctions(IServiceProvider services) : FunctionAdapter(services)
{
    [Function("LaunchCheck")]
    public Task<IReadOnlyList<LaunchCheckOutcome>> RunLaunchCheck(
        [TimerTrigger("%ThiDua_LaunchCheckSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => Create<CycleLaunchCheck>().RunAsync(client, cancellationToken);
}
