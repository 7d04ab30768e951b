using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Functions.Adapters;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Functions.Cycle;

/// <summary>Functions adapters of the annual cycle's workflows: one line each over the shared orchestrators.</summary>
public sealed class CycleFunctions(IServiceProvider services) : FunctionAdapter(services)
{
    [Function(nameof(CycleOrchestrator))]
    public Task<CycleResult> RunCycleOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<CycleOrchestrator>());

    [Function(nameof(LaunchAndSigningOrchestrator))]
    public Task<SigningOutcome> RunLaunchAndSigningOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<LaunchAndSigningOrchestrator>());

    [Function(nameof(ScoringOrchestrator))]
    public Task<ScoringOutcome> RunScoringOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<ScoringOrchestrator>());

    [Function(nameof(VoteOrchestrator))]
    public Task<VoteOutcome> RunVoteOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<VoteOrchestrator>());

    [Function(nameof(LeaderElectionOrchestrator))]
    public Task<LeaderChoice> RunLeaderElectionOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<LeaderElectionOrchestrator>());

    [Function(nameof(ArchiveOrchestrator))]
    public Task<ArchiveReceipt> RunArchiveOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<ArchiveOrchestrator>());
}
