using System.Text;
using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Mail;

using ThiDua.Workflows.Documents;

namespace ThiDua.Workflows.Activities;

/// <summary>
/// The vote to hold: for the leading unit, candidates from the saved ranking (VoteRules.LeadingUnitRound);
/// for the leader or deputy, the standing nominees, or every member when nobody was nominated
/// (LeaderRules.Candidates). Every member counts for the quorum. At a conference a round lasts at most the
/// bloc's round limit; a single candidate whose acclamation needs no ballot is acclaimed without one.
/// </summary>
public sealed class PlanVote(ICampaignStore campaigns, IResultStore results, IConferenceStore conferences) : TaskActivity<PlanVoteRequest, VoteRequest>
{
    public override async Task<VoteRequest> RunAsync(TaskActivityContext context, PlanVoteRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.RequireCampaignAsync(input.Campaign);
        IReadOnlyList<string> candidates;
        if (input.Purpose == VotePurpose.LeadingUnit)
        {
            var ranking = await results.GetRankingAsync(input.Campaign.BlocId, input.Campaign.Year)
                ?? throw new InvalidOperationException($"The ranking of {input.Campaign} is not saved yet; the leading-unit vote needs it.");
            candidates = VoteRules.LeadingUnitRound(campaign, ranking).Candidates;
        }
        else
        {
            var nominations = await conferences.ListNominationsAsync(input.Campaign.BlocId, input.Campaign.Year);
            candidates = LeaderRules.Candidates(campaign, input.Purpose, nominations, input.Excluded);
        }

        var duration = input.Conference is null ? campaign.Schedule.VoteRoundDuration : campaign.Rules.Conference.RoundLimit;
        var acclaimWithoutBallot = candidates.Count == 1 && campaign.Rules.Voting.AcclamationBallot == AcclamationBallot.None;
        return new VoteRequest(input.Campaign, input.Purpose, candidates, campaign.Members.Count, duration, input.Conference, acclaimWithoutBallot);
    }
}

/// <summary>
/// Opens a round once: its record with the closing time and the eligible units, and its ballot window. At a
/// conference only the units present or represented may vote, and the round records how many they are.
/// Then invites every member to vote by mail (<see cref="RoundMail"/>: once per unit, never holding the round;
/// none at a conference). Returns the round as opened.
/// </summary>
public sealed class OpenVoteRound(ICampaignStore campaigns, IVoteStore votes, IConferenceStore conferences, RoundMail mail, TimeProvider time) : TaskActivity<OpenRoundRequest, VoteRound>
{
    public override async Task<VoteRound> RunAsync(TaskActivityContext context, OpenRoundRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.RequireCampaignAsync(input.Campaign);
        var now = time.GetUtcNow();
        if (await votes.GetRoundAsync(input.Round.RoundKey) is { } existing)
        {
            // A retry after the round was opened: the round as first opened stands (attendance may have changed since).
            await campaigns.AdvanceAsync(input.Campaign.BlocId, input.Campaign.Year, CampaignPhase.Voting, now);
            await mail.AnnounceAsync(campaign, input with { Round = existing.Round });
            return existing.Round;
        }

        var eligible = campaign.MemberIds().Order(StringComparer.Ordinal).ToList();
        var round = input.Round;
        if (input.Live)
        {
            var present = (await conferences.ListAttendanceAsync(campaign.BlocId, campaign.Year))
                .Where(a => a.Attendance != Attendance.Absent).Select(a => a.UnitId).ToHashSet(StringComparer.Ordinal);
            eligible = eligible.Where(present.Contains).ToList();
            round = round with { Present = eligible.Count };
        }

        var opened = await votes.OpenRoundAsync(new OpenedVoteRound(round, eligible, input.ClosesAt), now);
        if (opened == InsertOnceOutcome.Conflict)
        {
            round = (await votes.GetRoundAsync(round.RoundKey))?.Round
                ?? throw new InvalidOperationException($"Round {round.RoundKey} conflicted on open but cannot be read.");
        }

        await campaigns.AdvanceAsync(input.Campaign.BlocId, input.Campaign.Year, CampaignPhase.Voting, now);
        await mail.AnnounceAsync(campaign, input with { Round = round });
        return round;
    }
}

/// <summary>
/// How many eligible units have voted, from the voter rows (never from the ballots, which name no voter), and
/// whether the chair closed the round.
/// </summary>
public sealed class GetVoteProgress(IVoteStore votes, IConferenceStore conferences) : TaskActivity<OpenRoundRequest, VoteProgress>
{
    public override async Task<VoteProgress> RunAsync(TaskActivityContext context, OpenRoundRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Round.RoundKey;
        var round = await votes.GetRoundAsync(key) ?? throw new InvalidOperationException($"Round {key} is not open.");
        var pending = await CycleProgress.NotVotedAsync(round, votes);
        var closedByChair = input.Live
            && await conferences.GetRequestAsync(input.Campaign.BlocId, input.Campaign.Year, key, close: true) is not null;
        return new VoteProgress(round.EligibleUnitIds.Count - pending.Count, round.EligibleUnitIds.Count, pending, closedByChair);
    }
}

/// <summary>Whether the chair asked to open the round, and whether the conference has closed.</summary>
public sealed class GetChairRequest(IConferenceStore conferences) : TaskActivity<VoteRound, ChairRequest>
{
    public override async Task<ChairRequest> RunAsync(TaskActivityContext context, VoteRound input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var requested = await conferences.GetRequestAsync(input.BlocId, input.Year, input.RoundKey, close: false) is not null;
        var conference = await conferences.GetAsync(input.BlocId, input.Year);
        return new ChairRequest(requested, conference?.ClosedAt is not null);
    }
}

/// <summary>Whether the chair has opened, and closed, the conference.</summary>
public sealed class GetConferenceState(IConferenceStore conferences) : TaskActivity<CampaignKey, ConferenceState>
{
    public override async Task<ConferenceState> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var conference = await conferences.GetAsync(input.BlocId, input.Year);
        return new ConferenceState(conference?.OpenedAt is not null, conference?.ClosedAt is not null);
    }
}

/// <summary>Closes the conference at its end: one the chair closed stays as the chair closed it; otherwise its bound closed it.</summary>
public sealed class CloseConference(IConferenceStore conferences, TimeProvider time) : TaskActivity<ConferenceClosing, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ConferenceClosing input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, closed) = await conferences.CloseAsync(input.Campaign.BlocId, input.Campaign.Year, null, input.ByBound, time.GetUtcNow());
        return closed;
    }
}

/// <summary>
/// Closes a round: the ballot window closes in storage, the ballots are counted (VoteRules.Count), the
/// tally is saved once, the plain-text minutes with every ballot's receipt are written once and the biên bản
/// kiểm phiếu is drawn up. A retry or replay returns the saved tally and leaves both as first written. A round that decided nothing
/// is then told to every member by mail, with what follows (<see cref="RoundMail"/>).
/// </summary>
public sealed class CloseVoteRound(ICampaignStore campaigns, IVoteStore votes, IDocumentStore documents, YearDocuments yearDocuments, RoundMail mail, TimeProvider time)
    : TaskActivity<OpenRoundRequest, Tally>
{
    private static readonly TimeSpan MaxEarlyTimer = TimeSpan.FromSeconds(5);

    public override async Task<Tally> RunAsync(TaskActivityContext context, OpenRoundRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.RequireCampaignAsync(input.Campaign);
        var round = input.Round;
        var now = time.GetUtcNow();
        var tally = await votes.GetTallyAsync(round.RoundKey);
        if (tally is null)
        {
            await WaitForClosingTimeAsync(input);
            now = time.GetUtcNow();
            await votes.CloseRoundAsync(round.RoundKey, now);
            var ballots = await votes.ListBallotsAsync(round.RoundKey);
            var counted = VoteRules.Count(round, ballots.Select(b => new Ballot(round.RoundKey, b.BallotId, b.Choice)), campaign.Rules.Voting);
            tally = await votes.SaveTallyAsync(counted) == InsertOnceOutcome.Conflict
                ? await votes.GetTallyAsync(round.RoundKey) ?? counted
                : counted;
        }

        var minutes = CycleDocuments.Minutes(campaign.BlocId, campaign.Year, round.RoundKey);
        var closedAt = input.ClosesAt < now ? input.ClosesAt : now;
        if (await documents.GetRecordAsync(minutes.Container, minutes.Name) is null)
        {
            await WriteMinutesAsync(campaign, round, tally, minutes, closedAt);
        }

        await yearDocuments.ProduceVoteCountAsync(campaign, round, tally, closedAt);

        await mail.TellOutcomeAsync(campaign, input, tally);
        return tally;
    }

    /// <summary>
    /// A durable timer may fire up to a second or so early (queue visibility is counted in whole
    /// seconds), and a unit voting in the round's last second is on time: the round then stays open
    /// until its closing time. A round closing early because every eligible unit has voted does not wait.
    /// </summary>
    private async Task WaitForClosingTimeAsync(OpenRoundRequest input)
    {
        var early = input.ClosesAt - time.GetUtcNow();
        if (early > TimeSpan.Zero && early <= MaxEarlyTimer
            && (await votes.ListVotersAsync(input.Round.RoundKey)).Count < input.Round.EligibleVoters)
        {
            await Task.Delay(early, time);
        }
    }

    private async Task WriteMinutesAsync(Campaign campaign, VoteRound round, Tally tally, DocumentLocation at, DateTimeOffset closedAt)
    {
        var receipts = (await votes.ListBallotsAsync(round.RoundKey)).Select(b => b.Receipt).ToList();
        var text = Minutes.Render(new MinutesInput
        {
            BlocName = campaign.BlocName,
            Round = round,
            Tally = tally,
            Rules = campaign.Rules.Voting,
            Members = campaign.Members,
            BallotHashes = receipts,
            ClosedAt = closedAt,
        });
        var written = await documents.PutOnceAsync(at.Container, at.Name, new BinaryData(Encoding.UTF8.GetBytes(text)), "text/plain; charset=utf-8");
        if (!written.Succeeded && await documents.ReadAsync(at.Container, at.Name) is { } first)
        {
            // An earlier attempt wrote the minutes and crashed before recording them (its closing time
            // differs from ours): those stand, and writing their own bytes again records them.
            await documents.PutOnceAsync(at.Container, at.Name, first.Content, first.ContentType);
        }
    }
}
