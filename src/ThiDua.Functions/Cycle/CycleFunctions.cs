using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Functions.Adapters;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Functions.Cycle;

/// <summary>Functions adapters of the annual cycle's workflows: one line each over the shared orchestrators and activities.</summary>
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

    [Function(nameof(ConferenceOrchestrator))]
    public Task<ConferenceOutcome> RunConferenceOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<ConferenceOrchestrator>());

    [Function(nameof(ArchiveOrchestrator))]
    public Task<ArchiveReceipt> RunArchiveOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<ArchiveOrchestrator>());

    [Function(nameof(LoadCampaign))]
    public Task<Campaign?> RunLoadCampaign([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<LoadCampaign>(), input, instanceId);

    [Function(nameof(LaunchFromPreviousYear))]
    public Task<Campaign?> RunLaunchFromPreviousYear([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<LaunchFromPreviousYear>(), input, instanceId);

    [Function(nameof(GetSigningProgress))]
    public Task<SigningProgress> RunGetSigningProgress([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<GetSigningProgress>(), input, instanceId);

    [Function(nameof(SealCompact))]
    public Task<CompactSeal> RunSealCompact([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<SealCompact>(), input, instanceId);

    [Function(nameof(GetScoringPending))]
    public Task<IReadOnlyList<string>> RunGetScoringPending([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<GetScoringPending>(), input, instanceId);

    [Function(nameof(SendScoringReminders))]
    public Task<ReminderOutcome> RunSendScoringReminders([ActivityTrigger] ReminderRequest input, string instanceId)
        => RunActivityAsync(Create<SendScoringReminders>(), input, instanceId);

    [Function(nameof(CloseScoring))]
    public Task<ScoringClosure> RunCloseScoring([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<CloseScoring>(), input, instanceId);

    [Function(nameof(SendClosingNotice))]
    public Task<bool> RunSendClosingNotice([ActivityTrigger] ClosingNoticeRequest input, string instanceId)
        => RunActivityAsync(Create<SendClosingNotice>(), input, instanceId);

    [Function(nameof(ComputeRanking))]
    public Task<Ranking> RunComputeRanking([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<ComputeRanking>(), input, instanceId);

    [Function(nameof(PlanVote))]
    public Task<VoteRequest> RunPlanVote([ActivityTrigger] PlanVoteRequest input, string instanceId)
        => RunActivityAsync(Create<PlanVote>(), input, instanceId);

    [Function(nameof(OpenVoteRound))]
    public Task<VoteRound> RunOpenVoteRound([ActivityTrigger] OpenRoundRequest input, string instanceId)
        => RunActivityAsync(Create<OpenVoteRound>(), input, instanceId);

    [Function(nameof(GetVoteProgress))]
    public Task<VoteProgress> RunGetVoteProgress([ActivityTrigger] OpenRoundRequest input, string instanceId)
        => RunActivityAsync(Create<GetVoteProgress>(), input, instanceId);

    [Function(nameof(CloseVoteRound))]
    public Task<Tally> RunCloseVoteRound([ActivityTrigger] OpenRoundRequest input, string instanceId)
        => RunActivityAsync(Create<CloseVoteRound>(), input, instanceId);

    [Function(nameof(ElectByRotation))]
    public Task<LeaderChoice> RunElectByRotation([ActivityTrigger] RotationRequest input, string instanceId)
        => RunActivityAsync(Create<ElectByRotation>(), input, instanceId);

    [Function(nameof(GetChairRequest))]
    public Task<ChairRequest> RunGetChairRequest([ActivityTrigger] VoteRound input, string instanceId)
        => RunActivityAsync(Create<GetChairRequest>(), input, instanceId);

    [Function(nameof(GetConferenceState))]
    public Task<ConferenceState> RunGetConferenceState([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<GetConferenceState>(), input, instanceId);

    [Function(nameof(CloseConference))]
    public Task<bool> RunCloseConference([ActivityTrigger] ConferenceClosing input, string instanceId)
        => RunActivityAsync(Create<CloseConference>(), input, instanceId);

    [Function(nameof(RecordResults))]
    public Task<bool> RunRecordResults([ActivityTrigger] CycleDecisions input, string instanceId)
        => RunActivityAsync(Create<RecordResults>(), input, instanceId);

    [Function(nameof(ArchiveYear))]
    public Task<ArchiveReceipt> RunArchiveYear([ActivityTrigger] CampaignKey input, string instanceId)
        => RunActivityAsync(Create<ArchiveYear>(), input, instanceId);

    [Function(nameof(PlanNextYear))]
    public Task<bool> RunPlanNextYear([ActivityTrigger] NextYearPlan input, string instanceId)
        => RunActivityAsync(Create<PlanNextYear>(), input, instanceId);

    [Function(nameof(EndReview))]
    public Task<ReviewClosure> RunEndReview([ActivityTrigger] ReviewClosingRequest input, string instanceId)
        => RunActivityAsync(Create<EndReview>(), input, instanceId);

    [Function(nameof(OpenPlannedVote))]
    public Task<VoteRequest> RunOpenPlannedVote([ActivityTrigger] PlanVoteRequest input, string instanceId)
        => RunActivityAsync(Create<OpenPlannedVote>(), input, instanceId);

    [Function(nameof(DecideYear))]
    public Task<CycleDecisions> RunDecideYear([ActivityTrigger] YearDecisionRequest input, string instanceId)
        => RunActivityAsync(Create<DecideYear>(), input, instanceId);
}
