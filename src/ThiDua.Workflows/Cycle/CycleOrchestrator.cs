using Microsoft.DurableTask;
using ThiDua.Domain;

namespace ThiDua.Workflows.Cycle;

/// <summary>
/// The annual cycle of one bloc (instance id <see cref="CycleIds.Cycle"/>): launch and signing, score
/// collection, the vote for the leading unit, next year's leadership, and the archive, each a child
/// workflow. Every wait is bounded by a durable timer at the campaign's deadline, and the cycle goes on
/// at the deadline with whatever is missing recorded.
/// </summary>
public sealed class CycleOrchestrator : TaskOrchestrator<CycleInput, CycleResult>
{
    public override async Task<CycleResult> RunAsync(TaskOrchestrationContext context, CycleInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Key;

        context.SetCustomStatus(new CycleStatus(CyclePhase.Signing, null, [], ChildInstanceId: CycleIds.Signing(key)));
        var signing = await context.CallSubOrchestratorAsync<SigningOutcome>(
            nameof(LaunchAndSigningOrchestrator), input, Child(CycleIds.Signing(key)));
        if (signing.Campaign is not { } campaign || signing.Seal is not { } seal)
        {
            context.SetCustomStatus(new CycleStatus(CyclePhase.NotLaunched, input.LaunchDeadline, []));
            return new CycleResult { BlocId = key.BlocId, Year = key.Year, Launched = false };
        }

        var schedule = campaign.Schedule;
        context.SetCustomStatus(new CycleStatus(CyclePhase.Scoring, schedule.ScoringDeadline, [], ChildInstanceId: CycleIds.Scoring(key)));
        var scoring = await context.CallSubOrchestratorAsync<ScoringOutcome>(
            nameof(ScoringOrchestrator),
            new ScoringInput(key, schedule.ScoringDeadline, schedule.ReviewDeadline, campaign.Rules.ReminderOffsets),
            Child(CycleIds.Scoring(key)));

        var leadingVote = await context.CallActivityAsync<VoteRequest>(
            CycleActivities.PlanVote, new PlanVoteRequest(key, VotePurpose.LeadingUnit), OrchestrationExtensions.Retry);
        var voteId = CycleIds.Vote(key, VotePurpose.LeadingUnit);
        context.SetCustomStatus(new CycleStatus(CyclePhase.VotingLeadingUnit, schedule.VotingDeadline, [], ChildInstanceId: voteId));
        var leading = await context.CallSubOrchestratorAsync<VoteOutcome>(nameof(VoteOrchestrator), leadingVote, Child(voteId));

        context.SetCustomStatus(new CycleStatus(CyclePhase.ElectingLeader, schedule.LeaderElectionDeadline, [], ChildInstanceId: CycleIds.LeaderElection(key)));
        var leadership = await context.CallSubOrchestratorAsync<LeaderChoice>(
            nameof(LeaderElectionOrchestrator),
            new LeaderElectionInput(key, campaign.Rules.LeaderElection),
            Child(CycleIds.LeaderElection(key)));

        var decisions = new CycleDecisions(key, seal, scoring.Closure, scoring.Ranking, leading, leadership);
        context.SetCustomStatus(new CycleStatus(CyclePhase.Archiving, schedule.ArchiveAt, [], ChildInstanceId: CycleIds.Archive(key)));
        var archive = await context.CallSubOrchestratorAsync<ArchiveReceipt>(
            nameof(ArchiveOrchestrator), new ArchiveInput(decisions, schedule.ArchiveAt), Child(CycleIds.Archive(key)));

        context.SetCustomStatus(new CycleStatus(CyclePhase.Completed, null, []));
        return new CycleResult
        {
            BlocId = key.BlocId,
            Year = key.Year,
            Launched = true,
            MissingSigners = seal.Missing,
            NeverSubmitted = scoring.Closure.NeverSubmitted,
            Ranking = scoring.Ranking,
            LeadingUnitId = leading.WinnerId,
            LeadingUnitRounds = leading.Rounds,
            NextLeaderUnitId = leadership.LeaderUnitId,
            NextDeputyUnitId = leadership.DeputyUnitId,
            Archive = archive,
        };
    }

    private static SubOrchestrationOptions Child(string instanceId) => new(OrchestrationExtensions.Retry, instanceId);
}

/// <summary>What launch and signing produced; no campaign means the bloc never launched its year.</summary>
public sealed record SigningOutcome(Campaign? Campaign, CompactSeal? Seal);

/// <summary>
/// Waits for the leader's launch (or carries the previous year over at the launch deadline), then
/// collects signatures until every member has signed or the signing deadline passes, and seals.
/// </summary>
public sealed class LaunchAndSigningOrchestrator : TaskOrchestrator<CycleInput, SigningOutcome>
{
    public override async Task<SigningOutcome> RunAsync(TaskOrchestrationContext context, CycleInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Key;
        var retry = OrchestrationExtensions.Retry;

        var campaign = await context.CallActivityAsync<Campaign?>(CycleActivities.LoadCampaign, key, retry);
        if (campaign is null)
        {
            context.SetCustomStatus(new CycleStatus(CyclePhase.AwaitingLaunch, input.LaunchDeadline, []));
            var launched = await context.WaitForEventUntilAsync(CycleEvents.CampaignLaunched, input.LaunchDeadline);
            campaign = await context.CallActivityAsync<Campaign?>(
                launched ? CycleActivities.LoadCampaign : CycleActivities.LaunchFromPreviousYear, key, retry);
            if (campaign is null)
            {
                return new SigningOutcome(null, null);
            }
        }

        var deadline = campaign.Schedule.SigningDeadline;
        await context.WaitUntilEveryoneActedAsync(CycleEvents.CompactSigned, deadline, async () =>
        {
            var progress = await context.CallActivityAsync<SigningProgress>(CycleActivities.GetSigningProgress, key, retry);
            context.SetCustomStatus(new CycleStatus(CyclePhase.Signing, deadline, progress.Pending));
            return progress.Pending.Count == 0;
        });

        var seal = await context.CallActivityAsync<CompactSeal>(CycleActivities.SealCompact, key, retry);
        context.SetCustomStatus(new CycleStatus(CyclePhase.Signing, deadline, seal.Missing));
        return new SigningOutcome(campaign, seal);
    }
}

/// <summary>Input of score collection: the deadlines and when to remind.</summary>
public sealed record ScoringInput(CampaignKey Campaign, DateTimeOffset ScoringDeadline, DateTimeOffset ReviewDeadline, IReadOnlyList<TimeSpan> ReminderOffsets);

/// <summary>What score collection and review produced.</summary>
public sealed record ScoringOutcome(ScoringClosure Closure, Ranking Ranking);

/// <summary>
/// Score collection. Submissions go straight to storage through the API (the workflow is not woken
/// per submission); the workflow sends reminders at the configured offsets, closes collection at the
/// deadline, holds the review window, and computes the ranking.
/// </summary>
public sealed class ScoringOrchestrator : TaskOrchestrator<ScoringInput, ScoringOutcome>
{
    public override async Task<ScoringOutcome> RunAsync(TaskOrchestrationContext context, ScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Campaign;
        var retry = OrchestrationExtensions.Retry;

        var pending = await context.CallActivityAsync<IReadOnlyList<string>>(CycleActivities.GetScoringPending, key, retry);
        var reminders = input.ReminderOffsets.Distinct().OrderByDescending(o => o).ToList();
        for (var i = 0; i < reminders.Count; i++)
        {
            var remindAt = input.ScoringDeadline - reminders[i];
            var now = context.CurrentUtcDateTime;
            if (input.ScoringDeadline.UtcDateTime <= now
                || (i + 1 < reminders.Count && (input.ScoringDeadline - reminders[i + 1]).UtcDateTime <= now))
            {
                // Collection reached this point late (a late launch, a long outage): of the reminders
                // already due only the latest goes out, so nobody gets a burst of stale mail.
                continue;
            }

            context.SetCustomStatus(new CycleStatus(CyclePhase.Scoring, input.ScoringDeadline, pending));
            await context.SleepUntilAsync(remindAt);
            try
            {
                var outcome = await context.CallActivityAsync<ReminderOutcome>(
                    CycleActivities.SendScoringReminders, new ReminderRequest(key, reminders[i]), retry);
                pending = outcome.Pending;
            }
            catch (TaskFailedException)
            {
                // Mail stayed down through every retry: the cycle keeps its schedule regardless.
                pending = await context.CallActivityAsync<IReadOnlyList<string>>(CycleActivities.GetScoringPending, key, retry);
            }
        }

        context.SetCustomStatus(new CycleStatus(CyclePhase.Scoring, input.ScoringDeadline, pending));
        await context.SleepUntilAsync(input.ScoringDeadline);
        var closure = await context.CallActivityAsync<ScoringClosure>(CycleActivities.CloseScoring, key, retry);

        // Review is open from here; the notice below is mail and must not hold the status back.
        context.SetCustomStatus(new CycleStatus(CyclePhase.Review, input.ReviewDeadline, []));
        try
        {
            await context.CallActivityAsync<bool>(
                CycleActivities.SendClosingNotice, new ClosingNoticeRequest(key, closure.NeverSubmitted), retry);
        }
        catch (TaskFailedException)
        {
            // The notice is a courtesy; the review window opens on time whether or not mail is up.
        }

        await context.WaitForEventUntilAsync(CycleEvents.ReviewClosed, input.ReviewDeadline);
        var ranking = await context.CallActivityAsync<Ranking>(CycleActivities.ComputeRanking, key, retry);
        return new ScoringOutcome(closure, ranking);
    }
}

/// <summary>Asks for the vote to hold for a purpose (candidates and eligible voters come from storage).</summary>
public sealed record PlanVoteRequest(CampaignKey Campaign, VotePurpose Purpose);

/// <summary>
/// A secret-ballot vote with runoffs: each round opens, waits for ballots until it closes (early when
/// every eligible unit has voted), is tallied, and a tie or a missed threshold opens a runoff among
/// the best candidates until the rules allow no more.
/// </summary>
public sealed class VoteOrchestrator : TaskOrchestrator<VoteRequest, VoteOutcome>
{
    public override async Task<VoteOutcome> RunAsync(TaskOrchestrationContext context, VoteRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = OrchestrationExtensions.Retry;
        var phase = input.Purpose == VotePurpose.LeadingUnit ? CyclePhase.VotingLeadingUnit : CyclePhase.ElectingLeader;
        var rounds = new List<Tally>();
        if (input.Candidates.Count == 0)
        {
            // Nobody submitted scores, so nobody can be proposed: there is nothing to vote on.
            return new VoteOutcome(input.Purpose, null, rounds);
        }

        var round = new VoteRound
        {
            BlocId = input.Campaign.BlocId,
            Year = input.Campaign.Year,
            Purpose = input.Purpose,
            RoundNumber = 1,
            Candidates = input.Candidates,
            EligibleVoters = input.EligibleVoters,
        };

        while (true)
        {
            var open = new OpenRoundRequest(input.Campaign, round, context.Now() + input.RoundDuration);
            await context.CallActivityAsync(CycleActivities.OpenVoteRound, open, retry);

            await context.WaitUntilEveryoneActedAsync(CycleEvents.BallotCast, open.ClosesAt, async () =>
            {
                var progress = await context.CallActivityAsync<VoteProgress>(CycleActivities.GetVoteProgress, open, retry);
                context.SetCustomStatus(new CycleStatus(phase, open.ClosesAt, progress.Pending, round.RoundNumber));
                return progress.Voted >= progress.Eligible;
            });

            var tally = await context.CallActivityAsync<Tally>(CycleActivities.CloseVoteRound, open, retry);
            rounds.Add(tally);
            if (tally.Next != NextStep.Runoff)
            {
                return new VoteOutcome(input.Purpose, tally.Next == NextStep.Decided ? tally.WinnerId : null, rounds);
            }

            round = VoteRules.NextRound(round, tally);
        }
    }
}

/// <summary>Input of the leadership election.</summary>
public sealed record LeaderElectionInput(CampaignKey Campaign, LeaderElectionMode Mode);

/// <summary>
/// Next year's leader and deputy: by rotation, or by vote with the deputy following the elected
/// leader in the rotation order. An undecided vote falls back to rotation, since a bloc must have a leader.
/// </summary>
public sealed class LeaderElectionOrchestrator : TaskOrchestrator<LeaderElectionInput, LeaderChoice>
{
    public override async Task<LeaderChoice> RunAsync(TaskOrchestrationContext context, LeaderElectionInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = OrchestrationExtensions.Retry;
        string? elected = null;
        if (input.Mode == LeaderElectionMode.Vote)
        {
            var request = await context.CallActivityAsync<VoteRequest>(
                CycleActivities.PlanVote, new PlanVoteRequest(input.Campaign, VotePurpose.Leader), retry);
            var vote = await context.CallSubOrchestratorAsync<VoteOutcome>(
                nameof(VoteOrchestrator), request, new SubOrchestrationOptions(retry, CycleIds.Vote(input.Campaign, VotePurpose.Leader)));
            elected = vote.WinnerId;
        }

        return await context.CallActivityAsync<LeaderChoice>(
            CycleActivities.ElectByRotation, new RotationRequest(input.Campaign, elected), retry);
    }
}

/// <summary>Input of the archive phase.</summary>
public sealed record ArchiveInput(CycleDecisions Decisions, DateTimeOffset ArchiveAt);

/// <summary>Records the year's decisions, archives the year at its archive date, and plans the next year.</summary>
public sealed class ArchiveOrchestrator : TaskOrchestrator<ArchiveInput, ArchiveReceipt>
{
    public override async Task<ArchiveReceipt> RunAsync(TaskOrchestrationContext context, ArchiveInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = OrchestrationExtensions.Retry;
        var key = input.Decisions.Campaign;

        await context.CallActivityAsync(CycleActivities.RecordResults, input.Decisions, retry);
        context.SetCustomStatus(new CycleStatus(CyclePhase.Archiving, input.ArchiveAt, []));
        await context.SleepUntilAsync(input.ArchiveAt);
        var receipt = await context.CallActivityAsync<ArchiveReceipt>(CycleActivities.ArchiveYear, key, retry);
        await context.CallActivityAsync(CycleActivities.PlanNextYear, new NextYearPlan(key, input.Decisions.NextLeadership), retry);
        return receipt;
    }
}

/// <summary>Next year's campaign is planned under the newly elected leadership.</summary>
public sealed record NextYearPlan(CampaignKey Campaign, LeaderChoice Leadership);
