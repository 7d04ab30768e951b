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
    public const string Current = "1";

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
