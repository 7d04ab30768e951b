using System.Text;
using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Mail;

namespace ThiDua.Workflows.Activities;

/// <summary>
/// The vote to hold: for the leading unit, candidates from the saved ranking (VoteRules.LeadingUnitRound);
/// for the leader or deputy, every member (LeaderRules.ElectionRound). Every member is eligible.
/// </summary>
public sealed class PlanVote(ICampaignStore campaigns, IResultStore results) : TaskActivity<PlanVoteRequest, VoteRequest>
{
    public override async Task<VoteRequest> RunAsync(TaskActivityContext context, PlanVoteRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.RequireCampaignAsync(input.Campaign);
        VoteRound round;
        if (input.Purpose == VotePurpose.LeadingUnit)
        {
            var ranking = await results.GetRankingAsync(input.Campaign.BlocId, input.Campaign.Year)
                ?? throw new InvalidOperationException($"The ranking of {input.Campaign} is not saved yet; the leading-unit vote needs it.");
            round = VoteRules.LeadingUnitRound(campaign, ranking);
        }
        else
        {
            round = LeaderRules.ElectionRound(campaign, input.Purpose, campaign.MemberIds());
        }

        return new VoteRequest(input.Campaign, input.Purpose, round.Candidates, round.EligibleVoters, campaign.Schedule.VoteRoundDuration);
    }
}

/// <summary>
/// Opens a round once: its record with the closing time and the eligible units, and its ballot window;
/// then invites every member to vote by mail (<see cref="RoundMail"/>: once per unit, never holding the round).
/// </summary>
public sealed class OpenVoteRound(ICampaignStore campaigns, IVoteStore votes, RoundMail mail, TimeProvider time) : TaskActivity<OpenRoundRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, OpenRoundRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.RequireCampaignAsync(input.Campaign);
        var now = time.GetUtcNow();
        var eligible = campaign.MemberIds().Order(StringComparer.Ordinal).ToList();
        var opened = await votes.OpenRoundAsync(new OpenedVoteRound(input.Round, eligible, input.ClosesAt), now);
        if (opened == InsertOnceOutcome.Conflict)
        {
            throw new InvalidOperationException($"Round {input.Round.RoundKey} was opened before with other candidates or another closing time.");
        }

        await campaigns.AdvanceAsync(input.Campaign.BlocId, input.Campaign.Year, CampaignPhase.Voting, now);
        await mail.AnnounceAsync(campaign, input);
        return true;
    }
}

/// <summary>How many eligible units have voted, from the voter rows (never from the ballots, which name no voter).</summary>
public sealed class GetVoteProgress(IVoteStore votes) : TaskActivity<OpenRoundRequest, VoteProgress>
{
    public override async Task<VoteProgress> RunAsync(TaskActivityContext context, OpenRoundRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Round.RoundKey;
        var round = await votes.GetRoundAsync(key) ?? throw new InvalidOperationException($"Round {key} is not open.");
        var pending = await CycleProgress.NotVotedAsync(round, votes);
        return new VoteProgress(round.EligibleUnitIds.Count - pending.Count, input.Round.EligibleVoters, pending);
    }
}

/// <summary>
/// Closes a round: the ballot window closes in storage, the ballots are counted (VoteRules.Count), the
/// tally is saved once and the minutes (biên bản kiểm phiếu, Vietnamese) are written once. A retry or
/// replay returns the saved tally and leaves the minutes as first written. A round that decided nothing
/// is then told to every member by mail, with what follows (<see cref="RoundMail"/>).
/// </summary>
public sealed class CloseVoteRound(ICampaignStore campaigns, IVoteStore votes, IDocumentStore documents, RoundMail mail, TimeProvider time)
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
        if (await documents.GetRecordAsync(minutes.Container, minutes.Name) is null)
        {
            await WriteMinutesAsync(campaign, round, tally, minutes, input.ClosesAt < now ? input.ClosesAt : now);
        }

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
