using DurableTask.Core;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>The same chain on the Durable Task Framework itself, run by its TaskHubWorker (the baseline).</summary>
public sealed class CoreChainOrchestration : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = input;
        for (var i = 0; i < ChainWork.Steps; i++)
        {
            value = await context.ScheduleTask<int>(typeof(CoreStepActivity), value);
        }

        return value;
    }
}

public sealed class CoreStepActivity : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => ChainWork.Step(input);
}
