using System.Collections.Concurrent;
using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Tests.Cycle;

/// <summary>
/// An in-memory stand-in for storage, mail and the API behind the cycle's activities, so that the
/// orchestrators' deadline paths can be driven offline or in seconds. Tallies, ranking and rotation use the real
/// domain rules; only I/O is replaced.
/// </summary>
internal sealed class CycleWorld
{
    public static readonly string[] Units = ["bo-chqs-tinh", "cong-an-tinh", "so-tu-phap", "so-noi-vu", "cuc-thads"];

    private readonly ConcurrentDictionary<string, bool> _signers = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _submitted = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Ballot>> _ballots = new();
    private readonly ConcurrentDictionary<string, decimal> _totals = new();
    private readonly TimeProvider _clock;

    /// <param name="campaign">The stored campaign of the year, or none (not launched).</param>
    /// <param name="previousYear">The previous year's campaign, carried over when the year is not launched.</param>
    /// <param name="clock">The time activities record: real time on the in-memory host, the virtual clock offline.</param>
    public CycleWorld(Campaign? campaign, Campaign? previousYear = null, TimeProvider? clock = null)
    {
        Campaign = campaign;
        PreviousYear = previousYear;
        _clock = clock ?? TimeProvider.System;
    }

    public Campaign? Campaign { get; private set; }

    public Campaign? PreviousYear { get; }

    public ConcurrentQueue<(TimeSpan Offset, string UnitId)> Reminders { get; } = new();

    public ConcurrentQueue<OpenRoundRequest> OpenedRounds { get; } = new();

    public ConcurrentQueue<string> Closed { get; } = new();

    public ConcurrentQueue<IReadOnlyList<string>> ClosingNotices { get; } = new();

    /// <summary>When each round was tallied, to tell an early close from a close at the deadline.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> TalliedAt { get; } = new();

    /// <summary>Plays the voters: called when a round opens, before the workflow starts waiting.</summary>
    public Action<OpenRoundRequest>? OnRoundOpened { get; set; }

    /// <summary>The mail server refuses the closing notice.</summary>
    public bool NoticeFails { get; set; }

    public CycleDecisions? Recorded { get; private set; }

    public NextYearPlan? Planned { get; private set; }

    public static Campaign NewCampaign(DateTimeOffset start, PhaseDurations durations, BlocRules? rules = null) => new()
    {
        BlocId = "noi-chinh",
        BlocName = "Khối Nội chính",
        Year = 2026,
        LeaderUnitId = "so-noi-vu",
        Members = Units.Select(u => new CampaignMember(u, u)).ToList(),
        Criteria = new CriteriaTable
        {
            Scale = 100,
            Criteria = [new Criterion { Id = "c1", Title = "Hoàn thành nhiệm vụ", MaxPoints = 100 }],
        },
        Schedule = CampaignSchedule.Compressed(start, durations),
        Rules = rules ?? new BlocRules(),
    };

    public void Launch(Campaign campaign) => Campaign = campaign;

    public void Sign(string unitId) => _signers[unitId] = true;

    public void Submit(string unitId, decimal total, DateTimeOffset at)
    {
        _submitted[unitId] = at;
        _totals[unitId] = total;
    }

    public void Vote(string roundKey, string? choice) =>
        _ballots.GetOrAdd(roundKey, _ => new())[Guid.NewGuid().ToString("n")] = new Ballot(roundKey, Guid.NewGuid().ToString("n"), choice);

    public int BallotsIn(string roundKey) => _ballots.TryGetValue(roundKey, out var b) ? b.Count : 0;

    public void Register(DurableTaskRegistry registry)
    {
        registry.AddThiDuaOrchestrators();
        registry.AddActivityFunc<CampaignKey, Campaign?>(CycleActivities.LoadCampaign, (_, _) => Campaign);
        registry.AddActivityFunc<CampaignKey, Campaign?>(CycleActivities.LaunchFromPreviousYear, (_, _) =>
        {
            Campaign = PreviousYear;
            return Campaign;
        });
        registry.AddActivityFunc<CampaignKey, SigningProgress>(CycleActivities.GetSigningProgress, (_, _) => SigningNow());
        registry.AddActivityFunc<CampaignKey, CompactSeal>(CycleActivities.SealCompact, (_, _) =>
        {
            var progress = SigningNow();
            return new CompactSeal(new string('a', 64), progress.Signers, progress.Pending);
        });
        registry.AddActivityFunc<CampaignKey, IReadOnlyList<string>>(CycleActivities.GetScoringPending, (_, _) => NotSubmitted());
        registry.AddActivityFunc<ReminderRequest, ReminderOutcome>(CycleActivities.SendScoringReminders, (_, request) =>
        {
            var pending = NotSubmitted();
            foreach (var unit in pending)
            {
                Reminders.Enqueue((request.Offset, unit));
            }

            return new ReminderOutcome(pending, pending);
        });
        registry.AddActivityFunc<CampaignKey, ScoringClosure>(CycleActivities.CloseScoring, (_, _) => CloseScoringNow());
        registry.AddActivityFunc<ClosingNoticeRequest, bool>(CycleActivities.SendClosingNotice, (_, request) => SendNotice(request));
        registry.AddActivityFunc<CampaignKey, Ranking>(CycleActivities.ComputeRanking, (_, _) => RankingNow());
        registry.AddActivityFunc<PlanVoteRequest, VoteRequest>(CycleActivities.PlanVote, (_, request) => PlanVote(request));
        registry.AddActivityFunc<OpenRoundRequest, VoteRound>(CycleActivities.OpenVoteRound, (_, request) => OpenRound(request));

        // Workflow version 2's activities are the version 1 steps above, taken together (as in production).
        registry.AddActivityFunc<ReviewClosingRequest, ReviewClosure>(CycleActivities.EndReview, (_, request) =>
            new ReviewClosure(RankingNow(), request.LeadingVoteFollows ? OpenPlannedVote(new PlanVoteRequest(request.Campaign, VotePurpose.LeadingUnit)) : null));
        registry.AddActivityFunc<PlanVoteRequest, VoteRequest>(CycleActivities.OpenPlannedVote, (_, request) => OpenPlannedVote(request));
        registry.AddActivityFunc<YearDecisionRequest, CycleDecisions>(CycleActivities.DecideYear, (_, request) =>
        {
            var decisions = new CycleDecisions(
                request.Campaign, request.Seal, request.Scoring, request.Ranking, request.LeadingUnitVote,
                request.NextLeadership ?? WithLeaderVote(ElectByRotation(new RotationRequest(request.Campaign, request.LeaderVote?.WinnerId)), request.LeaderVote));
            Recorded = decisions;
            return decisions;
        });
        registry.AddActivityFunc<OpenRoundRequest, VoteProgress>(CycleActivities.GetVoteProgress, (_, request) =>
        {
            var voted = BallotsIn(request.Round.RoundKey);
            return new VoteProgress(voted, request.Round.EligibleVoters, []);
        });
        registry.AddActivityFunc<OpenRoundRequest, Tally>(CycleActivities.CloseVoteRound, (_, request) =>
        {
            Closed.Enqueue(request.Round.RoundKey);
            TalliedAt[request.Round.RoundKey] = _clock.GetUtcNow();
            var ballots = _ballots.TryGetValue(request.Round.RoundKey, out var b) ? b.Values.ToList() : [];
            return VoteRules.Count(request.Round, ballots, Campaign!.Rules.Voting);
        });
        registry.AddActivityFunc<RotationRequest, LeaderChoice>(CycleActivities.ElectByRotation, (_, request) => ElectByRotation(request));
        registry.AddActivityFunc<CycleDecisions, bool>(CycleActivities.RecordResults, (_, decisions) =>
        {
            Recorded = decisions;
            return true;
        });
        registry.AddActivityFunc<CampaignKey, ArchiveReceipt>(CycleActivities.ArchiveYear, (_, key) =>
            new ArchiveReceipt($"archives/{key.BlocId}/{key.Year}/manifest.json", new string('b', 64)));
        registry.AddActivityFunc<NextYearPlan, bool>(CycleActivities.PlanNextYear, (_, plan) =>
        {
            Planned = plan;
            return true;
        });
    }

    private ScoringClosure CloseScoringNow()
    {
        Closed.Enqueue("scoring");
        return new ScoringClosure(_submitted.Keys.Order(StringComparer.Ordinal).ToList(), NotSubmitted());
    }

    private bool SendNotice(ClosingNoticeRequest request)
    {
        if (NoticeFails)
        {
            throw new IOException("The mail server is down.");
        }

        ClosingNotices.Enqueue(request.NeverSubmitted);
        return true;
    }

    private VoteRequest PlanVote(PlanVoteRequest request)
    {
        var campaign = Campaign!;
        var candidates = request.Purpose == VotePurpose.LeadingUnit
            ? VoteRules.LeadingUnitRound(campaign, RankingNow()).Candidates
            : campaign.Members.Select(m => m.UnitId).Where(u => u != request.Excluded).ToList();
        return new VoteRequest(request.Campaign, request.Purpose, candidates, campaign.Members.Count, campaign.Schedule.VoteRoundDuration);
    }

    private VoteRound OpenRound(OpenRoundRequest request)
    {
        OpenedRounds.Enqueue(request);
        OnRoundOpened?.Invoke(request);
        return request.Round;
    }

    private VoteRequest OpenPlannedVote(PlanVoteRequest request)
    {
        var planned = PlanVote(request);
        if (planned.Candidates.Count == 0 || planned.AcclaimWithoutBallot || planned.Conference is not null)
        {
            return planned;
        }

        var round = new VoteRound
        {
            BlocId = request.Campaign.BlocId,
            Year = request.Campaign.Year,
            Purpose = request.Purpose,
            RoundNumber = 1,
            Candidates = planned.Candidates,
            EligibleVoters = planned.EligibleVoters,
        };
        var open = new OpenRoundRequest(request.Campaign, round, _clock.GetUtcNow() + planned.RoundDuration);
        return planned with { FirstRound = open with { Round = OpenRound(open) } };
    }

    private LeaderChoice ElectByRotation(RotationRequest request)
    {
        var campaign = Campaign!;
        var order = campaign.Members.Select(m => m.UnitId).ToList();
        var active = order.ToHashSet(StringComparer.Ordinal);
        var after = request.ElectedLeaderUnitId ?? campaign.LeaderUnitId;
        var rotation = LeaderRules.ByRotation(order, active, after);
        return request.ElectedLeaderUnitId is { } elected
            ? new LeaderChoice(elected, rotation.LeaderUnitId)
            : rotation;
    }

    private static LeaderChoice WithLeaderVote(LeaderChoice rotation, VoteOutcome? vote) =>
        vote?.WinnerId is null ? rotation : rotation with { LeaderElectedBy = vote.Acclaimed ? ElectedBy.Acclamation : ElectedBy.Vote };

    private SigningProgress SigningNow()
    {
        var members = Campaign!.Members.Select(m => m.UnitId).ToList();
        return new SigningProgress(
            members.Where(_signers.ContainsKey).ToList(),
            members.Where(m => !_signers.ContainsKey(m)).ToList());
    }

    private List<string> NotSubmitted() =>
        Campaign!.Members.Select(m => m.UnitId).Where(u => !_submitted.ContainsKey(u)).ToList();

    private Ranking RankingNow()
    {
        var campaign = Campaign!;
        var sheets = _submitted.Select(s => new ScoreSheet
        {
            BlocId = campaign.BlocId,
            Year = campaign.Year,
            UnitId = s.Key,
            Version = 1,
            ClientRequestId = "r-" + s.Key,
            Lines = [new ScoreLine("c1", _totals[s.Key])],
            Totals = new ScoreTotals(_totals[s.Key], 0, 0, _totals[s.Key]),
            SubmittedAt = s.Value,
        });
        return Ranking.Compute(campaign, sheets, []);
    }
}
