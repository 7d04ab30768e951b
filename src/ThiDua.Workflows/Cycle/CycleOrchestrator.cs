using Microsoft.DurableTask;
using ThiDua.Domain;

namespace ThiDua.Workflows.Cycle;

/// <summary>
/// The annual cycle of one bloc (instance id <see cref="CycleIds.Cycle"/>): launch and signing, score
/// collection, the vote for the leading unit, next year's leadership, and the archive, each a child
/// workflow (from workflow version 2 the cycle records and archives the year itself, and starts a leader vote by mail
/// itself, to take fewer steps at a deadline). Every wait is bounded by a durable timer at the campaign's deadline, and
/// the cycle goes on at the deadline with whatever is missing recorded.
/// </summary>
public sealed class CycleOrchestrator : TaskOrchestrator<CycleInput, CycleResult>
{
    public override async Task<CycleResult> RunAsync(TaskOrchestrationContext context, CycleInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Key;

        context.SetCustomStatus(new CycleStatus(CyclePhase.Signing, null, [], ChildInstanceId: CycleIds.Signing(key), WorkflowVersion: context.Version));
        var signing = await context.CallSubOrchestratorAsync<SigningOutcome>(
            nameof(LaunchAndSigningOrchestrator), input, context.Child(CycleIds.Signing(key)));
        if (signing.Campaign is not { } campaign || signing.Seal is not { } seal)
        {
            context.SetCustomStatus(new CycleStatus(CyclePhase.NotLaunched, input.LaunchDeadline, [], WorkflowVersion: context.Version));
            return new CycleResult { BlocId = key.BlocId, Year = key.Year, Launched = false };
        }

        var schedule = campaign.Schedule;
        var fewSteps = context.Runs(WorkflowVersion.FewStepTransitions);
        var byMail = campaign.Rules.YearEnd != YearEndMode.Conference;
        context.SetCustomStatus(new CycleStatus(CyclePhase.Scoring, schedule.ScoringDeadline, [], ChildInstanceId: CycleIds.Scoring(key), WorkflowVersion: context.Version));
        var scoring = await context.CallSubOrchestratorAsync<ScoringOutcome>(
            nameof(ScoringOrchestrator),
            new ScoringInput(key, schedule.ScoringDeadline, schedule.ReviewDeadline, campaign.Rules.ReminderOffsets, LeadingVoteFollows: fewSteps && byMail),
            context.Child(CycleIds.Scoring(key)));

        VoteOutcome leading;
        LeaderChoice leadership;
        if (campaign.Rules.YearEnd == YearEndMode.Conference)
        {
            // The conference may be held from the end of the review until the voting deadline, and lasts at most
            // until the leader-election deadline.
            context.SetCustomStatus(new CycleStatus(CyclePhase.AwaitingConference, schedule.VotingDeadline, [], ChildInstanceId: CycleIds.Conference(key), WorkflowVersion: context.Version));
            var conference = await context.CallSubOrchestratorAsync<ConferenceOutcome>(
                nameof(ConferenceOrchestrator),
                new ConferenceInput(key, schedule.VotingDeadline, schedule.LeaderElectionDeadline, campaign.Rules.LeaderElection, campaign.Rules.DeputyElection),
                context.Child(CycleIds.Conference(key)));
            leading = conference.LeadingUnit;
            leadership = conference.Leadership;
        }
        else
        {
            // From version 2 the close of the review planned the vote and opened its first round.
            var leadingVote = fewSteps && scoring.LeadingVote is { } planned
                ? planned
                : await context.CallActivityAsync<VoteRequest>(
                    CycleActivities.PlanVote, new PlanVoteRequest(key, VotePurpose.LeadingUnit), OrchestrationExtensions.Retry);
            var voteId = CycleIds.Vote(key, VotePurpose.LeadingUnit);
            context.SetCustomStatus(new CycleStatus(CyclePhase.VotingLeadingUnit, schedule.VotingDeadline, [], ChildInstanceId: voteId, WorkflowVersion: context.Version));
            leading = await context.CallSubOrchestratorAsync<VoteOutcome>(nameof(VoteOrchestrator), leadingVote, context.Child(voteId));

            if (fewSteps && campaign.Rules.DeputyElection == LeaderElectionMode.Rotation)
            {
                // Only the leader may be voted on: the cycle holds that vote itself, and the rotation is read where the
                // year is recorded, in the same step.
                VoteOutcome? leaderVote = null;
                if (campaign.Rules.LeaderElection == LeaderElectionMode.Vote)
                {
                    var leaderVoteId = CycleIds.Vote(key, VotePurpose.Leader);
                    var request = await context.CallActivityAsync<VoteRequest>(
                        CycleActivities.OpenPlannedVote, new PlanVoteRequest(key, VotePurpose.Leader), OrchestrationExtensions.Retry);
                    context.SetCustomStatus(new CycleStatus(CyclePhase.ElectingLeader, schedule.LeaderElectionDeadline, [], ChildInstanceId: leaderVoteId, WorkflowVersion: context.Version));
                    leaderVote = await context.CallSubOrchestratorAsync<VoteOutcome>(nameof(VoteOrchestrator), request, context.Child(leaderVoteId));
                }

                return await DecideAndArchiveAsync(context, input, campaign, seal, scoring, leading, null, leaderVote);
            }

            context.SetCustomStatus(new CycleStatus(CyclePhase.ElectingLeader, schedule.LeaderElectionDeadline, [], ChildInstanceId: CycleIds.LeaderElection(key), WorkflowVersion: context.Version));
            leadership = await context.CallSubOrchestratorAsync<LeaderChoice>(
                nameof(LeaderElectionOrchestrator),
                new LeaderElectionInput(key, campaign.Rules.LeaderElection, campaign.Rules.DeputyElection),
                context.Child(CycleIds.LeaderElection(key)));
        }

        if (fewSteps)
        {
            return await DecideAndArchiveAsync(context, input, campaign, seal, scoring, leading, leadership, null);
        }

        var decisions = new CycleDecisions(key, seal, scoring.Closure, scoring.Ranking, leading, leadership);
        context.SetCustomStatus(new CycleStatus(CyclePhase.Archiving, schedule.ArchiveAt, [], ChildInstanceId: CycleIds.Archive(key), WorkflowVersion: context.Version));
        var archive = await context.CallSubOrchestratorAsync<ArchiveReceipt>(
            nameof(ArchiveOrchestrator), new ArchiveInput(decisions, schedule.ArchiveAt), context.Child(CycleIds.Archive(key)));

        return Completed(context, decisions, archive);
    }

    /// <summary>
    /// Version 2's end of the year, in the cycle itself: one activity records the decisions (reading the rotation, after
    /// <paramref name="leaderVote"/>'s winner if any, when <paramref name="leadership"/> is null), then the archive is
    /// written at its date and next year planned.
    /// </summary>
    private static async Task<CycleResult> DecideAndArchiveAsync(
        TaskOrchestrationContext context, CycleInput input, Campaign campaign, CompactSeal seal, ScoringOutcome scoring, VoteOutcome leading, LeaderChoice? leadership, VoteOutcome? leaderVote)
    {
        var key = input.Key;
        var retry = OrchestrationExtensions.Retry;
        var archiveAt = campaign.Schedule.ArchiveAt;
        var decisions = await context.CallActivityAsync<CycleDecisions>(
            CycleActivities.DecideYear, new YearDecisionRequest(key, seal, scoring.Closure, scoring.Ranking, leading, leadership, leaderVote), retry);
        context.SetCustomStatus(new CycleStatus(CyclePhase.Archiving, archiveAt, [], WorkflowVersion: context.Version));
        await context.SleepUntilAsync(archiveAt);
        var archive = await context.CallActivityAsync<ArchiveReceipt>(CycleActivities.ArchiveYear, key, retry);
        await context.CallActivityAsync(CycleActivities.PlanNextYear, new NextYearPlan(key, decisions.NextLeadership), retry);
        return Completed(context, decisions, archive);
    }

    private static CycleResult Completed(TaskOrchestrationContext context, CycleDecisions decisions, ArchiveReceipt archive)
    {
        context.SetCustomStatus(new CycleStatus(CyclePhase.Completed, null, [], WorkflowVersion: context.Version));
        return new CycleResult
        {
            BlocId = decisions.Campaign.BlocId,
            Year = decisions.Campaign.Year,
            Launched = true,
            MissingSigners = decisions.Seal.Missing,
            NeverSubmitted = decisions.Scoring.NeverSubmitted,
            Ranking = decisions.Ranking,
            LeadingUnitId = decisions.LeadingUnitVote.WinnerId,
            LeadingUnitRounds = decisions.LeadingUnitVote.Rounds,
            NextLeaderUnitId = decisions.NextLeadership.LeaderUnitId,
            NextDeputyUnitId = decisions.NextLeadership.DeputyUnitId,
            Archive = archive,
        };
    }
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

/// <summary>
/// Input of score collection: the deadlines and when to remind; <paramref name="LeadingVoteFollows"/> when the close of
/// the review also opens the leading-unit vote (workflow version 2, a year without a conference).
/// </summary>
public sealed record ScoringInput(CampaignKey Campaign, DateTimeOffset ScoringDeadline, DateTimeOffset ReviewDeadline, IReadOnlyList<TimeSpan> ReminderOffsets, bool LeadingVoteFollows = false);

/// <summary>What score collection and review produced; from workflow version 2 also the leading-unit vote, planned and opened.</summary>
public sealed record ScoringOutcome(ScoringClosure Closure, Ranking Ranking, VoteRequest? LeadingVote = null);

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
        if (context.Runs(WorkflowVersion.FewStepTransitions))
        {
            return await CloseInFewStepsAsync(context, input);
        }

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

    /// <summary>
    /// Version 2: the review opens in the step after the deadline's, with the leader's notice sent beside the wait
    /// rather than before it (mail never holds the phase change), and the end of the review ranks, and opens the vote
    /// that follows, in one step.
    /// </summary>
    private static async Task<ScoringOutcome> CloseInFewStepsAsync(TaskOrchestrationContext context, ScoringInput input)
    {
        var key = input.Campaign;
        var retry = OrchestrationExtensions.Retry;
        var closure = await context.CallActivityAsync<ScoringClosure>(CycleActivities.CloseScoring, key, retry);
        context.SetCustomStatus(new CycleStatus(CyclePhase.Review, input.ReviewDeadline, []));
        var notice = context.CallActivityAsync<bool>(
            CycleActivities.SendClosingNotice, new ClosingNoticeRequest(key, closure.NeverSubmitted), retry);
        await context.WaitForEventUntilAsync(CycleEvents.ReviewClosed, input.ReviewDeadline);
        try
        {
            await notice;
        }
        catch (TaskFailedException)
        {
            // The notice is a courtesy; the review window opened on time whether or not mail is up.
        }

        var closed = await context.CallActivityAsync<ReviewClosure>(
            CycleActivities.EndReview, new ReviewClosingRequest(key, input.LeadingVoteFollows), retry);
        if (closed.LeadingVote?.FirstRound is { } first)
        {
            // The vote is open from here: its status shows while the cycle starts the vote's workflow.
            context.SetCustomStatus(new CycleStatus(
                CyclePhase.VotingLeadingUnit, first.ClosesAt, [], first.Round.RoundNumber, CycleIds.Vote(key, VotePurpose.LeadingUnit)));
        }

        return new ScoringOutcome(closure, closed.Ranking, closed.LeadingVote);
    }
}

/// <summary>
/// Asks for the vote to hold for a purpose (candidates and eligible voters come from storage);
/// <paramref name="Excluded"/> is never a candidate (the new leader, in a deputy vote).
/// </summary>
public sealed record PlanVoteRequest(CampaignKey Campaign, VotePurpose Purpose, string? Excluded = null, ConferenceBound? Conference = null);

/// <summary>
/// A secret-ballot vote with runoffs: each round opens, waits for ballots until it closes (early when
/// every eligible unit has voted), is tallied, and a tie or a missed threshold opens a runoff among
/// the best candidates until the rules allow no more. At a conference each round opens when the chair
/// asks and also closes when the chair says so; the conference's bound ends the vote with what was recorded.
/// A single candidate whose acclamation needs no ballot is acclaimed at once (at a conference, when the chair
/// opens its round).
/// </summary>
public sealed class VoteOrchestrator : TaskOrchestrator<VoteRequest, VoteOutcome>
{
    public override async Task<VoteOutcome> RunAsync(TaskOrchestrationContext context, VoteRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = OrchestrationExtensions.Retry;
        var phase = input.Purpose switch
        {
            VotePurpose.LeadingUnit => CyclePhase.VotingLeadingUnit,
            VotePurpose.Leader => CyclePhase.ElectingLeader,
            _ => CyclePhase.ElectingDeputy,
        };
        var rounds = new List<Tally>();
        if (input.Candidates.Count == 0)
        {
            // Nobody submitted scores, or every nominee declined: there is nothing to vote on.
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

        // Bounded by the rules: a tally asks for a runoff only while the bloc's runoffs are not used up
        // (VoteRules), so a vote's history stays a few rounds long and needs no ContinueAsNew.
#pragma warning disable DURABLE0011
        while (true)
#pragma warning restore DURABLE0011
        {
            if (input.Conference is { } conference)
            {
                context.SetCustomStatus(new CycleStatus(phase, conference.Bound, [], round.RoundNumber));
                if (!await WaitForChairAsync(context, round, conference.Bound))
                {
                    return new VoteOutcome(input.Purpose, null, rounds);
                }
            }

            var closesAt = context.Now() + input.RoundDuration;
            if (input.Conference is { } bounded && bounded.Bound < closesAt)
            {
                closesAt = bounded.Bound;
            }

            if (input.AcclaimWithoutBallot)
            {
                return new VoteOutcome(input.Purpose, input.Candidates[0], rounds, Acclaimed: true);
            }

            OpenRoundRequest open;
            if (round.RoundNumber == 1 && input.FirstRound is { } opened)
            {
                // Opened by the activity that planned the vote (workflow version 2).
                open = opened;
            }
            else
            {
                open = new OpenRoundRequest(input.Campaign, round, closesAt, input.Conference is not null);
                open = open with { Round = await context.CallActivityAsync<VoteRound>(CycleActivities.OpenVoteRound, open, retry) };
            }

            await context.WaitUntilEveryoneActedAsync(CycleEvents.BallotCast, open.ClosesAt, async () =>
            {
                var progress = await context.CallActivityAsync<VoteProgress>(CycleActivities.GetVoteProgress, open, retry);
                context.SetCustomStatus(new CycleStatus(phase, open.ClosesAt, progress.Pending, round.RoundNumber));
                return progress.Voted >= progress.Eligible || progress.ClosedByChair;
            });

            var tally = await context.CallActivityAsync<Tally>(CycleActivities.CloseVoteRound, open, retry);
            rounds.Add(tally);
            if (tally.Next != NextStep.Runoff)
            {
                var winner = tally.Next == NextStep.Decided ? tally.WinnerId : null;
                return new VoteOutcome(input.Purpose, winner, rounds, winner is not null && round.IsAcclamation);
            }

            round = VoteRules.NextRound(round, tally);
        }
    }

    /// <summary>Waits until the chair asks to open <paramref name="round"/>; false when the conference closed or reached its bound first.</summary>
    internal static async Task<bool> WaitForChairAsync(TaskOrchestrationContext context, VoteRound round, DateTimeOffset bound)
    {
        var asked = false;
        await context.WaitUntilEveryoneActedAsync(CycleEvents.BallotCast, bound, async () =>
        {
            var request = await context.CallActivityAsync<ChairRequest>(CycleActivities.GetChairRequest, round, OrchestrationExtensions.Retry);
            asked = request.OpenRequested && !request.ConferenceClosed;
            return request.OpenRequested || request.ConferenceClosed;
        });
        return asked;
    }
}

/// <summary>Input of the leadership election; <paramref name="Conference"/> when its votes are held live.</summary>
public sealed record LeaderElectionInput(CampaignKey Campaign, LeaderElectionMode Mode, LeaderElectionMode DeputyMode = LeaderElectionMode.Rotation, ConferenceBound? Conference = null);

/// <summary>
/// Next year's leader and deputy: each by rotation or by vote among the nominees, the deputy after the leader.
/// A leader vote that ends undecided falls back to rotation, since a bloc must have a leader; so does a deputy vote.
/// </summary>
public sealed class LeaderElectionOrchestrator : TaskOrchestrator<LeaderElectionInput, LeaderChoice>
{
    public override async Task<LeaderChoice> RunAsync(TaskOrchestrationContext context, LeaderElectionInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = OrchestrationExtensions.Retry;
        VoteOutcome? leaderVote = null;
        if (input.Mode == LeaderElectionMode.Vote)
        {
            context.SetCustomStatus(new CycleStatus(CyclePhase.ElectingLeader, null, [], ChildInstanceId: CycleIds.Vote(input.Campaign, VotePurpose.Leader)));
            leaderVote = await VoteAsync(context, new PlanVoteRequest(input.Campaign, VotePurpose.Leader, null, input.Conference));
        }

        var choice = LeaderVotes.ElectedBy(
            await context.CallActivityAsync<LeaderChoice>(CycleActivities.ElectByRotation, new RotationRequest(input.Campaign, leaderVote?.WinnerId), retry),
            leaderVote);

        if (input.DeputyMode == LeaderElectionMode.Vote)
        {
            context.SetCustomStatus(new CycleStatus(CyclePhase.ElectingDeputy, null, [], ChildInstanceId: CycleIds.Vote(input.Campaign, VotePurpose.Deputy)));
            var deputyVote = await VoteAsync(context, new PlanVoteRequest(input.Campaign, VotePurpose.Deputy, choice.LeaderUnitId, input.Conference));
            if (deputyVote.WinnerId is { } deputy)
            {
                choice = choice with { DeputyUnitId = deputy, DeputyElectedBy = deputyVote.Acclaimed ? ElectedBy.Acclamation : ElectedBy.Vote };
            }
        }

        return choice;
    }

    /// <summary>
    /// Plans the vote and holds it. At a conference the vote is planned when the chair opens its first round, so
    /// that nominations and declines made until then count; a conference that closes first holds no vote.
    /// </summary>
    private static async Task<VoteOutcome> VoteAsync(TaskOrchestrationContext context, PlanVoteRequest plan)
    {
        if (plan.Conference is { } conference)
        {
            var first = new VoteRound
            {
                BlocId = plan.Campaign.BlocId,
                Year = plan.Campaign.Year,
                Purpose = plan.Purpose,
                RoundNumber = 1,
                Candidates = [],
                EligibleVoters = 0,
            };
            if (!await VoteOrchestrator.WaitForChairAsync(context, first, conference.Bound))
            {
                return new VoteOutcome(plan.Purpose, null, []);
            }
        }

        // From version 2 a vote held by mail is planned and its first round opened in one step.
        var planning = plan.Conference is null && context.Runs(WorkflowVersion.FewStepTransitions) ? CycleActivities.OpenPlannedVote : CycleActivities.PlanVote;
        var request = await context.CallActivityAsync<VoteRequest>(planning, plan, OrchestrationExtensions.Retry);
        return await context.CallSubOrchestratorAsync<VoteOutcome>(
            nameof(VoteOrchestrator), request, context.Child(CycleIds.Vote(plan.Campaign, plan.Purpose)));
    }
}

/// <summary>
/// Input of the year-end conference: it may be opened until <paramref name="OpensBy"/> and lasts at most until
/// <paramref name="Bound"/>.
/// </summary>
public sealed record ConferenceInput(CampaignKey Campaign, DateTimeOffset OpensBy, DateTimeOffset Bound, LeaderElectionMode LeaderMode, LeaderElectionMode DeputyMode);

/// <summary>What the conference decided.</summary>
public sealed record ConferenceOutcome(VoteOutcome LeadingUnit, LeaderChoice Leadership);

/// <summary>
/// The year-end conference (hội nghị tổng kết khối): waits for the chair to open it, then holds the leading-unit
/// vote and the leadership election live, round by round as the chair opens them, and waits for the chair to
/// close it. A conference never opened, or left open, is closed by its bound with what was recorded: votes not
/// held are undecided, and the leadership then follows the rotation.
/// </summary>
public sealed class ConferenceOrchestrator : TaskOrchestrator<ConferenceInput, ConferenceOutcome>
{
    public override async Task<ConferenceOutcome> RunAsync(TaskOrchestrationContext context, ConferenceInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = OrchestrationExtensions.Retry;
        var key = input.Campaign;
        var live = new ConferenceBound(input.Bound);

        var state = new ConferenceState(false, false);
        context.SetCustomStatus(new CycleStatus(CyclePhase.AwaitingConference, input.OpensBy, []));
        await context.WaitUntilEveryoneActedAsync(CycleEvents.ConferenceChanged, input.OpensBy, async () =>
        {
            state = await context.CallActivityAsync<ConferenceState>(CycleActivities.GetConferenceState, key, retry);
            return state.Opened || state.Closed;
        });

        VoteOutcome leading;
        LeaderChoice leadership;
        if (state.Opened && !state.Closed)
        {
            var plan = await context.CallActivityAsync<VoteRequest>(
                CycleActivities.PlanVote, new PlanVoteRequest(key, VotePurpose.LeadingUnit, null, live), retry);
            var voteId = CycleIds.Vote(key, VotePurpose.LeadingUnit);
            context.SetCustomStatus(new CycleStatus(CyclePhase.VotingLeadingUnit, input.Bound, [], ChildInstanceId: voteId));
            leading = await context.CallSubOrchestratorAsync<VoteOutcome>(nameof(VoteOrchestrator), plan, context.Child(voteId));
            context.SetCustomStatus(new CycleStatus(CyclePhase.ElectingLeader, input.Bound, [], ChildInstanceId: CycleIds.LeaderElection(key)));
            leadership = await context.CallSubOrchestratorAsync<LeaderChoice>(
                nameof(LeaderElectionOrchestrator),
                new LeaderElectionInput(key, input.LeaderMode, input.DeputyMode, live),
                context.Child(CycleIds.LeaderElection(key)));

            context.SetCustomStatus(new CycleStatus(CyclePhase.ClosingConference, input.Bound, []));
            await context.WaitUntilEveryoneActedAsync(CycleEvents.ConferenceChanged, input.Bound, async () =>
                (await context.CallActivityAsync<ConferenceState>(CycleActivities.GetConferenceState, key, retry)).Closed);
        }
        else
        {
            leading = new VoteOutcome(VotePurpose.LeadingUnit, null, []);
            leadership = await context.CallActivityAsync<LeaderChoice>(CycleActivities.ElectByRotation, new RotationRequest(key, null), retry);
        }

        await context.CallActivityAsync<bool>(CycleActivities.CloseConference, new ConferenceClosing(key, ByBound: true), retry);
        return new ConferenceOutcome(leading, leadership);
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

/// <summary>The leadership a leader vote gives: the rotation after its winner, with how the leader was chosen.</summary>
internal static class LeaderVotes
{
    public static LeaderChoice ElectedBy(LeaderChoice rotation, VoteOutcome? leaderVote) =>
        leaderVote?.WinnerId is null
            ? rotation
            : rotation with { LeaderElectedBy = leaderVote.Acclaimed ? Domain.ElectedBy.Acclamation : Domain.ElectedBy.Vote };
}

/// <summary>Next year's campaign is planned under the newly elected leadership.</summary>
public sealed record NextYearPlan(CampaignKey Campaign, LeaderChoice Leadership);
