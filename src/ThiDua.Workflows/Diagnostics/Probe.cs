using Microsoft.DurableTask;

namespace ThiDua.Workflows.Diagnostics;

/// <summary>Input of the runtime probe. Durations come from input so that tests and operators choose them.</summary>
public sealed record ProbeInput(string Message, int TimerSeconds, int EventWaitSeconds);

/// <summary>What the probe saw: the activity's stamp survives restarts because it is replayed from history.</summary>
public sealed record ProbeResult(string ActivityStamp, string? EventPayload, string ChildResult);

/// <summary>
/// Exercises every durable primitive the annual cycle relies on (activity, durable timer,
/// external event, sub-orchestration), so an operator can check a deployment end to end.
/// </summary>
public sealed class ProbeOrchestrator : TaskOrchestrator<ProbeInput, ProbeResult>
{
    public const string EventName = "probe";

    public override async Task<ProbeResult> RunAsync(TaskOrchestrationContext context, ProbeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        var stamp = await context.CallActivityAsync<string>(nameof(ProbeActivity), input.Message);
        context.SetCustomStatus(new { phase = "timer", stamp });
        await context.CreateTimer(TimeSpan.FromSeconds(input.TimerSeconds), CancellationToken.None);

        string? payload = null;
        if (input.EventWaitSeconds > 0)
        {
            context.SetCustomStatus(new { phase = "event", stamp });
            try
            {
                payload = await context.WaitForExternalEvent<string>(EventName, TimeSpan.FromSeconds(input.EventWaitSeconds));
            }
            catch (TaskCanceledException)
            {
                payload = null;
            }
        }

        context.SetCustomStatus(new { phase = "child", stamp });
        var child = await context.CallSubOrchestratorAsync<string>(nameof(ProbeChildOrchestrator), stamp);
        context.SetCustomStatus(new { phase = "done", stamp });
        return new ProbeResult(stamp, payload, child);
    }
}

/// <summary>Sub-orchestration of the probe: proves child instances start and report back.</summary>
public sealed class ProbeChildOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var echoed = await context.CallActivityAsync<string>(nameof(ProbeActivity), "child:" + input);
        return echoed;
    }
}

/// <summary>Stamps the message with the worker process id, so a replay after a crash is distinguishable from a rerun.</summary>
public sealed class ProbeActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
        => Task.FromResult($"{input}|pid={Environment.ProcessId}");
}
