using Microsoft.DurableTask;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Workflows;

/// <summary>The one list of orchestrators and activities, used by every host and by tests.</summary>
public static class WorkflowRegistry
{
    public static DurableTaskRegistry AddThiDuaWorkflows(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AddThiDuaOrchestrators().AddThiDuaActivities();
    }

    /// <summary>Only the activities: a host that runs a changed orchestrator registers them beside its own list.</summary>
    public static DurableTaskRegistry AddThiDuaActivities(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity<ProbeActivity>();
        registry.AddActivity<LoadCampaign>();
        registry.AddActivity<LaunchFromPreviousYear>();
        registry.AddActivity<GetSigningProgress>();
        registry.AddActivity<SealCompact>();
        registry.AddActivity<GetScoringPending>();
        registry.AddActivity<SendScoringReminders>();
        registry.AddActivity<CloseScoring>();
        registry.AddActivity<SendClosingNotice>();
        registry.AddActivity<ComputeRanking>();
        registry.AddActivity<PlanVote>();
        registry.AddActivity<OpenVoteRound>();
        registry.AddActivity<GetVoteProgress>();
        registry.AddActivity<CloseVoteRound>();
        registry.AddActivity<ElectByRotation>();
        registry.AddActivity<GetChairRequest>();
        registry.AddActivity<GetConferenceState>();
        registry.AddActivity<CloseConference>();
        registry.AddActivity<RecordResults>();
        registry.AddActivity<ArchiveYear>();
        registry.AddActivity<PlanNextYear>();
        registry.AddActivity<EndReview>();
        registry.AddActivity<OpenPlannedVote>();
        registry.AddActivity<DecideYear>();
        return registry;
    }

    /// <summary>
    /// Only the orchestrators: orchestration tests pair them with activities of their own, which is
    /// how every deadline path is exercised without storage.
    /// </summary>
    public static DurableTaskRegistry AddThiDuaOrchestrators(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<ProbeOrchestrator>();
        registry.AddOrchestrator<ProbeChildOrchestrator>();
        registry.AddOrchestrator<CycleOrchestrator>();
        registry.AddOrchestrator<LaunchAndSigningOrchestrator>();
        registry.AddOrchestrator<ScoringOrchestrator>();
        registry.AddOrchestrator<VoteOrchestrator>();
        registry.AddOrchestrator<LeaderElectionOrchestrator>();
        registry.AddOrchestrator<ConferenceOrchestrator>();
        registry.AddOrchestrator<ArchiveOrchestrator>();
        return registry;
    }
}
