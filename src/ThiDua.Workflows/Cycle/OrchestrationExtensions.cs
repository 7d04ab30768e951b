using Microsoft.DurableTask;

namespace ThiDua.Workflows.Cycle;

/// <summary>Deadline-bounded waiting, the one pattern every phase uses.</summary>
internal static class OrchestrationExtensions
{
    /// <summary>Storage and mail hiccups are retried; a persistent failure surfaces in the instance's status.</summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1)));

    /// <summary>
    /// Waits for <paramref name="eventName"/> until the absolute <paramref name="deadline"/>.
    /// Returns false when the deadline came first (or had already passed).
    /// </summary>
    public static async Task<bool> WaitForEventUntilAsync(this TaskOrchestrationContext context, string eventName, DateTimeOffset deadline)
    {
        if (deadline.UtcDateTime <= context.CurrentUtcDateTime)
        {
            return false;
        }

        using var cancel = new CancellationTokenSource();
        var received = context.WaitForExternalEvent<string?>(eventName, cancel.Token);
        var timer = context.CreateTimer(deadline.UtcDateTime, cancel.Token);
        var first = await Task.WhenAny(received, timer);
        // Synchronous on purpose: orchestrator code must stay on the dispatcher thread.
        cancel.Cancel();
        return first == received;
    }

    /// <summary>
    /// Phases where every unit must act (sign, vote): checks <paramref name="everyoneActed"/>, and after
    /// each <paramref name="eventName"/> checks again, until it holds or the <paramref name="deadline"/> passes.
    /// The check reads storage, not the events, so a lost or duplicated event changes nothing.
    /// </summary>
    public static async Task WaitUntilEveryoneActedAsync(this TaskOrchestrationContext context, string eventName, DateTimeOffset deadline, Func<Task<bool>> everyoneActed)
    {
        while (!await everyoneActed())
        {
            if (!await context.WaitForEventUntilAsync(eventName, deadline))
            {
                return;
            }
        }
    }

    /// <summary>Sleeps until an absolute instant; returns at once when it is already past.</summary>
    public static Task SleepUntilAsync(this TaskOrchestrationContext context, DateTimeOffset instant) =>
        instant.UtcDateTime <= context.CurrentUtcDateTime
            ? Task.CompletedTask
            : context.CreateTimer(instant.UtcDateTime, CancellationToken.None);

    /// <summary>A child phase under its deterministic id, retried, running the version of the cycle that starts it.</summary>
    public static SubOrchestrationOptions Child(this TaskOrchestrationContext context, string instanceId) =>
        new(Retry, instanceId) { Version = context.Version };

    /// <summary>Whether the instance runs <paramref name="version"/> or a later one (its steps branch on it).</summary>
    public static bool Runs(this TaskOrchestrationContext context, string version) => context.CompareVersionTo(version) >= 0;

    public static DateTimeOffset Now(this TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
}
