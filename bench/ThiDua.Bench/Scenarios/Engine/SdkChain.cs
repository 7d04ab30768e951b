using Microsoft.DurableTask;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>The chain on the Durable Task SDK, run by the local host's worker through the sidecar.</summary>
public sealed class BenchChainOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = input;
        for (var i = 0; i < ChainWork.Steps; i++)
        {
            value = await context.CallActivityAsync<int>(nameof(BenchStepActivity), value);
        }

        return value;
    }
}

public sealed class BenchStepActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(ChainWork.Step(input));
}
