using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Http;

/// <summary>Starting cycle instances and waking them.</summary>
internal static class Cycles
{
    /// <summary>
    /// Starts the cycle of <paramref name="input"/> under its deterministic id unless an instance
    /// with that id exists (in any state): a second start is a no-op. When two starts race past the
    /// check, the backend refuses the second id or lets it through; either way the instance read
    /// afterwards is the one cycle, and the loser reports it as existing.
    /// </summary>
    public static async Task<(string InstanceId, bool Created)> EnsureStartedAsync(DurableTaskClient client, CycleInput input, CancellationToken cancellationToken)
    {
        var instanceId = CycleIds.Cycle(input.Key);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return (instanceId, false);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(CycleOrchestrator), input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return (instanceId, true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null)
            {
                return (instanceId, false);
            }

            throw;
        }
    }

    /// <summary>
    /// Wakes a workflow. Storage is the source of truth and every phase re-reads it at its deadline,
    /// so a lost event (the instance not started yet, or already past that phase) delays nothing
    /// beyond the deadline: it is logged, not reported to the caller whose write already succeeded.
    /// </summary>
    public static async Task RaiseAsync(DurableTaskClient client, string instanceId, string eventName, string? payload, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Event {EventName} to {InstanceId} was not delivered", eventName, instanceId);
        }
    }
}
