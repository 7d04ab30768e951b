using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ThiDua.Workflows.Automation;

namespace ThiDua.Workflows.Cycle;

/// <summary>Starting cycle instances and waking them: the one home for both, used by the API and the yearly launch check.</summary>
public static class Cycles
{
    /// <summary>
    /// Starts the cycle of <paramref name="input"/>, under the host's workflow version (its client's default,
    /// <see cref="WorkflowVersion"/>), under its deterministic id unless an instance
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
    /// Makes the cycle of a campaign just stored run: started as <see cref="EnsureStartedAsync"/> does, or,
    /// when the cycle already ended as not launched (it reached its launch deadline with no campaign, for
    /// instance on a host started after the launch date plus the wait), its finished history is purged and
    /// the cycle started again, which finds the stored campaign and goes on to signing. Children go first
    /// and the cycle last, as <see cref="ArchivedHistoryPurge"/> does, so a retry after a crash completes it.
    /// </summary>
    public static async Task<(string InstanceId, bool Created)> EnsureRunningAsync(DurableTaskClient client, CycleInput input, CancellationToken cancellationToken)
    {
        var instanceId = CycleIds.Cycle(input.Key);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } ended
            && ended.ReadOutputAs<CycleResult>() is { Launched: false })
        {
            foreach (var id in new[] { CycleIds.Signing(input.Key), instanceId })
            {
                if (await client.GetInstanceAsync(id, cancellationToken) is { IsCompleted: true })
                {
                    await client.PurgeInstanceAsync(id, cancellationToken);
                }
            }
        }

        return await EnsureStartedAsync(client, input, cancellationToken);
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
