using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Activities;

/// <summary>Workflow version 2's phase changes in one step each, on Azurite: what they store, and that a retry changes nothing.</summary>
[Collection(AzuriteTests.Name)]
public sealed class TransitionActivityTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Launch = new(2026, 1, 20, 9, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task The_end_of_the_review_saves_the_ranking_and_opens_the_vote_whose_round_keeps_its_closing_time_when_run_again()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "EndReview", Launch);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var (_, ranking) = await world.ScoreYearAsync(campaign);
        world.Clock.Now = campaign.Schedule.ReviewDeadline;

        var closed = await world.RunAsync<EndReview, ReviewClosingRequest, ReviewClosure>(new ReviewClosingRequest(key, LeadingVoteFollows: true));
        world.Clock.Now = campaign.Schedule.ReviewDeadline.AddMinutes(3);
        var again = await world.RunAsync<EndReview, ReviewClosingRequest, ReviewClosure>(new ReviewClosingRequest(key, LeadingVoteFollows: true));

        Assert.Equal(ranking.Entries.Select(e => e.UnitId), closed.Ranking.Entries.Select(e => e.UnitId));
        var first = Assert.IsType<OpenRoundRequest>(closed.LeadingVote?.FirstRound);
        Assert.Equal(campaign.Schedule.ReviewDeadline + campaign.Schedule.VoteRoundDuration, first.ClosesAt);
        var stored = await world.Votes.GetRoundAsync(first.Round.RoundKey);
        Assert.Equal(first.ClosesAt, stored?.ClosesAt);
        Assert.Equal(closed.LeadingVote!.Candidates, stored?.Round.Candidates);
        Assert.Equal(CampaignPhase.Voting, (await world.Campaigns.GetStateAsync(key.BlocId, key.Year))?.Phase);

        // Run again after a crash: the same round, closing when it was first opened to close.
        Assert.Equal(first.ClosesAt, again.LeadingVote?.FirstRound?.ClosesAt);
        Assert.Equal(first.Round.RoundKey, again.LeadingVote?.FirstRound?.Round.RoundKey);
    }

    [Fact]
    public async Task Before_a_conference_the_end_of_the_review_ranks_and_opens_no_vote()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "EndReviewConference", Launch);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        await world.ScoreYearAsync(campaign);

        var closed = await world.RunAsync<EndReview, ReviewClosingRequest, ReviewClosure>(new ReviewClosingRequest(key, LeadingVoteFollows: false));

        Assert.NotEmpty(closed.Ranking.Entries);
        Assert.Null(closed.LeadingVote);
        Assert.Null(await world.Votes.GetRoundAsync(VoteRound.KeyOf(key.BlocId, key.Year, VotePurpose.LeadingUnit, 1)));
    }
}
