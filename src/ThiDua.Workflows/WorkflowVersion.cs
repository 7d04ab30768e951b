using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;

namespace ThiDua.Workflows;

/// <summary>
/// The version of the orchestrators' steps that this build runs. Every orchestration is started with it (each
/// host's client starts new instances with its version: the local host's client default, host.json's
/// <c>defaultVersion</c> in the Functions app) and keeps it for life, children taking their parent's; a worker
/// runs instances of its version or older and leaves newer ones to a newer worker. Raise it, and branch on
/// <see cref="TaskOrchestrationContext.Version"/>, whenever an orchestrator's steps change (README, "Upgrading a
/// running province").
/// </summary>
public static class WorkflowVersion
{
    public const string Current = "2";

    /// <summary>
    /// From version 2 a deadline leads to the next phase in few orchestration steps: one activity closes a phase and
    /// opens the next (closing scoring with its notice, closing the review with the ranking and the vote's first
    /// round), and the cycle decides and archives the year itself instead of through children. Version 1 instances
    /// keep their steps.
    /// </summary>
    public const string FewStepTransitions = "2";

    /// <summary>
    /// The worker policy of both hosts for <paramref name="version"/>: run what this build or an older one started,
    /// refuse (not fail) what a newer build started so that a newer worker picks it up.
    /// </summary>
    public static DurableTaskWorkerOptions.VersioningOptions WorkerPolicy(string version = Current) => new()
    {
        Version = version,
        DefaultVersion = version,
        MatchStrategy = DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder,
        FailureStrategy = DurableTaskWorkerOptions.VersionFailureStrategy.Reject,
    };
}
