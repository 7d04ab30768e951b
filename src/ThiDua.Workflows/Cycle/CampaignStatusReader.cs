using Microsoft.DurableTask.Client;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Workflows.Cycle;

/// <summary>
/// State of a year's cycle: the workflow's own status merged with storage. <see cref="WorkflowVersion"/> is the
/// workflow version the cycle runs; null for a cycle of a build before versions, or whose history is purged.
/// </summary>
public sealed record CampaignStatus(
    string BlocId,
    int Year,
    string InstanceId,
    string RuntimeStatus,
    CyclePhase? Phase,
    DateTimeOffset? Deadline,
    string? DeadlineVietnam,
    IReadOnlyList<string> Pending,
    int? Round,
    CampaignPhase? CampaignPhase,
    string? LeaderUnitId,
    string? WorkflowVersion = null);

/// <summary>Published results of a year.</summary>
public sealed record CampaignResults(
    string BlocId,
    int Year,
    Ranking? Ranking,
    string? LeadingUnitId,
    IReadOnlyList<ProposalView>? Proposals,
    string? NextLeaderUnitId,
    string? NextDeputyUnitId,
    ArchiveReceipt? Archive,
    DateTimeOffset? DecidedAt,
    ElectedBy? NextLeaderElectedBy = null,
    ElectedBy? NextDeputyElectedBy = null);

/// <summary>
/// A proposal as results show it: the unit, the level (id and name), the council's decision so far, and whether
/// the unit was proposed although the leading-unit vote ended undecided.
/// </summary>
public sealed record ProposalView(string UnitId, string Level, string LevelName, int Order, ProposalStatus Status, string? Reason, DateTimeOffset? DecidedAt, bool UndecidedVote)
{
    /// <summary>The view of <paramref name="proposal"/>, the level named by the year's <paramref name="rules"/> (its id when no longer listed).</summary>
    public static ProposalView Of(Proposal proposal, BlocRules? rules)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var name = rules?.Proposals.Levels.FirstOrDefault(l => l.Id == proposal.LevelId)?.Name ?? proposal.LevelId;
        return new ProposalView(proposal.UnitId, proposal.LevelId, name, proposal.Order, proposal.Status, proposal.Reason, proposal.DecidedAt, proposal.UndecidedVote);
    }
}

/// <summary>
/// One member's progress in a year. <see cref="Voted"/> says whether it voted in the latest
/// leading-unit round (never how); it is null for callers other than the year's leader and council staff.
/// </summary>
public sealed record MemberProgress(string UnitId, string Name, DateTimeOffset? SignedAt, int? SubmittedVersion, bool? Voted);

/// <summary>
/// A year's progress by member, the latest leading-unit round and the late submissions. The leader reviews every
/// unit's points but its own, which <see cref="LeaderReviewerUnitId"/> reviews: the deputy, or council staff when null
/// (<see cref="ScoreRules.ReviewerOf"/>).
/// </summary>
public sealed record CampaignProgress(
    string BlocId, int Year, string LeaderUnitId, IReadOnlyList<MemberProgress> Members, int? VoteRound, IReadOnlyList<LateSubmission>? Late, string? LeaderReviewerUnitId);

/// <summary>
/// The one read of a campaign's status, results and progress, for the API, the portal and (through the
/// API) the CLI. It is computed from the facts when asked rather than kept as a row: the phase and
/// deadline are the workflow's (its custom status, the child's while one runs), who is pending comes
/// from storage (<see cref="CycleProgress"/>, the same reading the workflow's waits use), and results
/// from the recorded decisions with the finished cycle's output and the archive's manifest behind them.
/// </summary>
public sealed class CampaignStatusReader(
    ICampaignStore campaigns,
    ISignatureStore signatures,
    IScoreSheets sheets,
    IScoreAdjustments adjustments,
    IVoteStore votes,
    IResultStore results,
    ProposalStore proposals,
    IDocumentStore documents,
    TimeProvider clock)
{
    /// <summary>
    /// The status of the year's cycle, or null when it has not started. <paramref name="campaign"/> is the
    /// stored campaign of the year or null (callers may hold it cached: a stored campaign never changes).
    /// </summary>
    public async Task<CampaignStatus?> GetStatusAsync(DurableTaskClient client, CampaignKey key, Campaign? campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(key);
        var instanceId = CycleIds.Cycle(key);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            // An archived year's history is purged (ArchivedHistoryPurge): storage still says the cycle completed.
            return campaign is not null && await campaigns.GetStateAsync(key.BlocId, key.Year, cancellationToken) is { IsArchived: true } archivedState
                ? new CampaignStatus(
                    key.BlocId, key.Year, instanceId, nameof(OrchestrationRuntimeStatus.Completed), CyclePhase.Completed, null, null, [], null, archivedState.Phase, campaign.LeaderUnitId)
                : null;
        }

        // The phase is the innermost running child's: cycle, then conference or leadership election, then vote.
        var status = instance.ReadCustomStatusAs<CycleStatus>();
        var version = status?.WorkflowVersion is { Length: > 0 } v ? v : null;
        for (var depth = 0; depth < 3 && status?.ChildInstanceId is { } childId; depth++)
        {
            if (await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken) is not { } child
                || child.ReadCustomStatusAs<CycleStatus>() is not { } childStatus)
            {
                break;
            }

            status = childStatus with { ChildInstanceId = childStatus.ChildInstanceId ?? childId };
            if (childStatus.ChildInstanceId is null)
            {
                break;
            }
        }

        var state = campaign is null ? null : await campaigns.GetStateAsync(key.BlocId, key.Year, cancellationToken);
        var (pending, round) = campaign is null || status is null
            ? (status?.Pending ?? [], status?.Round)
            : await PendingAsync(campaign, state, status, cancellationToken);

        // The cycle names the signing phase before its child has read the campaign: the deadline is the campaign's.
        var deadline = status?.Deadline ?? (status?.Phase == CyclePhase.Signing ? campaign?.Schedule.SigningDeadline : null);
        return new CampaignStatus(
            key.BlocId,
            key.Year,
            instanceId,
            instance.RuntimeStatus.ToString(),
            status?.Phase,
            deadline,
            deadline is { } at ? VietnamTime.Format(at) : null,
            pending,
            round,
            state?.Phase,
            campaign?.LeaderUnitId,
            version);
    }

    /// <summary>The published results of the year, or null when nothing is decided yet.</summary>
    public async Task<CampaignResults?> GetResultsAsync(DurableTaskClient client, CampaignKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(key);
        var decided = await results.GetYearResultAsync(key.BlocId, key.Year, cancellationToken);
        var ranking = await results.GetRankingAsync(key.BlocId, key.Year, cancellationToken);
        var instance = await client.GetInstanceAsync(CycleIds.Cycle(key), getInputsAndOutputs: true, cancellationToken);
        var output = instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<CycleResult>() : null;

        // Once the archive is written the cycle's history is purged: the manifest's record names the archive.
        var manifest = CycleDocuments.Manifest(key.BlocId, key.Year);
        var archive = output?.Archive ?? (await documents.GetRecordAsync(manifest.Container, manifest.Name, cancellationToken) is { } record
            ? new ArchiveReceipt(manifest.ToString(), record.Sha256)
            : null);
        if (decided is null && ranking is null && output is null)
        {
            return null;
        }

        var proposed = decided is null ? null : await proposals.GetAsync(key.BlocId, key.Year, cancellationToken);
        var rules = proposed is null ? null : (await campaigns.GetAsync(key.BlocId, key.Year, cancellationToken))?.Rules;
        return new CampaignResults(
            key.BlocId,
            key.Year,
            ranking ?? output?.Ranking,
            decided?.LeadingUnitId ?? output?.LeadingUnitId,
            proposed?.Select(p => ProposalView.Of(p, rules)).ToList(),
            decided?.NextLeadership?.LeaderUnitId ?? output?.NextLeaderUnitId,
            decided?.NextLeadership?.DeputyUnitId ?? output?.NextDeputyUnitId,
            archive,
            decided?.DecidedAt,
            decided?.NextLeadership?.LeaderElectedBy,
            decided?.NextLeadership is { DeputyUnitId: not null } deputy ? deputy.DeputyElectedBy : null);
    }

    /// <summary>
    /// Each member's progress in the year. Who voted, and the late submissions, only with
    /// <paramref name="overseer"/> (the year's leader and council staff); how anyone voted is nobody's.
    /// </summary>
    public async Task<CampaignProgress> GetProgressAsync(Campaign campaign, bool overseer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var (blocId, year) = (campaign.BlocId, campaign.Year);
        var signed = (await signatures.ListAsync(blocId, year, cancellationToken)).ToDictionary(s => s.UnitId, s => s.SignedAt, StringComparer.Ordinal);
        var submitted = (await sheets.ListLatestAsync(blocId, year, cancellationToken)).ToDictionary(s => s.UnitId, s => s.Version, StringComparer.Ordinal);
        var round = await CycleProgress.CurrentRoundAsync(votes, campaign, VotePurpose.LeadingUnit, cancellationToken);
        var voters = overseer && round is not null
            ? (await votes.ListVotersAsync(round.Round.RoundKey, cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : null;
        var members = campaign.Members
            .Select(m => new MemberProgress(
                m.UnitId,
                m.Name,
                signed.TryGetValue(m.UnitId, out var at) ? at : null,
                submitted.TryGetValue(m.UnitId, out var version) ? version : null,
                overseer ? voters?.Contains(m.UnitId) ?? false : null))
            .ToList();
        var late = overseer ? await adjustments.ListLateAsync(blocId, year, cancellationToken) : null;
        return new CampaignProgress(blocId, year, campaign.LeaderUnitId, members, round?.Round.RoundNumber, late, ScoreRules.ReviewerOf(campaign, campaign.LeaderUnitId));
    }

    /// <summary>
    /// Who has not acted in the phase the workflow is in, read from storage: signatures, submissions and
    /// ballots land there before (or without) the workflow waking, so its own status may lag behind.
    /// </summary>
    private async Task<(IReadOnlyList<string> Pending, int? Round)> PendingAsync(
        Campaign campaign, CampaignState? state, CycleStatus status, CancellationToken cancellationToken)
    {
        switch (status.Phase)
        {
            case CyclePhase.Signing when state?.Phase < CampaignPhase.Sealed:
                return (await CycleProgress.NotSignedAsync(campaign, signatures, cancellationToken), null);
            case CyclePhase.Scoring:
                return (await CycleProgress.NotSubmittedAsync(campaign, sheets, cancellationToken), null);
            case CyclePhase.VotingLeadingUnit or CyclePhase.ElectingLeader or CyclePhase.ElectingDeputy:
                var purpose = status.Phase switch
                {
                    CyclePhase.VotingLeadingUnit => VotePurpose.LeadingUnit,
                    CyclePhase.ElectingLeader => VotePurpose.Leader,
                    _ => VotePurpose.Deputy,
                };
                if (await CycleProgress.CurrentRoundAsync(votes, campaign, purpose, cancellationToken) is not { } round)
                {
                    return ([], null);
                }

                // A closed round waits for nobody until the workflow opens the runoff.
                return (round.ClosesAt > clock.GetUtcNow() ? await CycleProgress.NotVotedAsync(round, votes, cancellationToken) : [], round.Round.RoundNumber);
            default:
                return (status.Pending, status.Round);
        }
    }
}
