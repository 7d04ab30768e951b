using System.Net;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class VoteAndResultTests(ApiFixture fixture) : IDisposable
{
    public void Dispose() => fixture.Clock.Offset = TimeSpan.Zero;

    [Fact]
    public async Task A_unit_casts_one_secret_ballot_and_gets_a_receipt_it_can_find_after_the_close()
    {
        var round = await OpenRoundAsync("votes");
        var voter = await fixture.UnitAsync("votes", "so-tu-phap");
        const string ballots = "/api/blocs/votes/campaigns/2027/votes/leading-unit/ballots";

        var cast = await voter.PostJsonAsync(ballots, new { choice = "so-noi-vu" });
        Assert.Equal(HttpStatusCode.Created, cast.Status);
        var receipt = cast.Json.GetProperty("receipt").GetString()!;
        var ballotId = cast.Json.GetProperty("ballotId").GetString()!;
        Assert.Equal(VoteRules.Receipt(new Ballot(round.RoundKey, ballotId, "so-noi-vu")), receipt);

        var again = await voter.PostJsonAsync(ballots, new { choice = "so-tu-phap" });
        again.Problem(HttpStatusCode.Conflict);
        Assert.Equal("already-voted", again.Json.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, (await (await fixture.UnitAsync("votes", "cong-an-tinh")).PostJsonAsync(ballots, new { choice = (string?)null })).Status);

        // Results are published only once the round is counted.
        (await voter.FetchAsync("/api/blocs/votes/campaigns/2027/votes/leading-unit/rounds/1")).Problem(HttpStatusCode.Conflict);
        await fixture.Votes.CloseRoundAsync(round.RoundKey, DateTimeOffset.UtcNow);
        var stored = await fixture.Votes.ListBallotsAsync(round.RoundKey);
        await fixture.Votes.SaveTallyAsync(VoteRules.Count(round, stored.Select(b => new Ballot(round.RoundKey, b.BallotId, b.Choice)), new VotingRules()));

        var published = await voter.FetchAsync("/api/blocs/votes/campaigns/2027/votes/leading-unit/rounds/1");
        Assert.Equal(HttpStatusCode.OK, published.Status);
        var receipts = published.Json.GetProperty("ballots").EnumerateArray().Select(b => b.GetProperty("receipt").GetString()).ToList();
        Assert.Equal(2, receipts.Count);
        Assert.Contains(receipt, receipts);
        Assert.Equal(2, published.Json.GetProperty("tally").GetProperty("ballotsCast").GetInt32());
        Assert.Equal(1, published.Json.GetProperty("tally").GetProperty("abstentions").GetInt32());
        Assert.DoesNotContain("so-tu-phap", published.Json.GetProperty("ballots").ToString(), StringComparison.Ordinal);
        (await (await fixture.UnitAsync("other-bloc", "so-tu-phap")).FetchAsync("/api/blocs/votes/campaigns/2027/votes/leading-unit/rounds/1")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Parallel_ballots_of_one_unit_count_once()
    {
        var round = await OpenRoundAsync("votes-parallel");
        var voter = await fixture.UnitAsync("votes-parallel", "so-noi-vu");

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            voter.PostJsonAsync("/api/blocs/votes-parallel/campaigns/2027/votes/leading-unit/ballots", new { choice = "so-tu-phap" })));

        Assert.Single(replies, r => r.Status == HttpStatusCode.Created);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.Created), r => r.Problem(HttpStatusCode.Conflict));
        Assert.Single(await fixture.Votes.ListBallotsAsync(round.RoundKey));
    }

    [Fact]
    public async Task Non_members_admins_and_non_candidates_are_refused_and_nothing_is_cast()
    {
        var round = await OpenRoundAsync("votes-refused");
        const string ballots = "/api/blocs/votes-refused/campaigns/2027/votes/leading-unit/ballots";

        (await (await fixture.UnitAsync("other-bloc", "so-tu-phap")).PostJsonAsync(ballots, new { choice = "so-noi-vu" })).Problem(HttpStatusCode.Forbidden);
        (await (await fixture.AdminAsync()).PostJsonAsync(ballots, new { choice = "so-noi-vu" })).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync(ballots, new { choice = "so-noi-vu" })).Problem(HttpStatusCode.Unauthorized);
        var member = await fixture.UnitAsync("votes-refused", "so-tu-phap");
        Assert.Contains("choice", (await member.PostJsonAsync(ballots, new { choice = "cong-an-tinh" })).Problem(HttpStatusCode.BadRequest));
        Assert.Contains("choice", (await member.PostJsonAsync(ballots, new { })).Problem(HttpStatusCode.BadRequest));
        Assert.Contains("purpose", (await member.PostJsonAsync("/api/blocs/votes-refused/campaigns/2027/votes/president/ballots", new { choice = "so-noi-vu" })).Problem(HttpStatusCode.BadRequest));
        (await member.PostJsonAsync("/api/blocs/votes-refused/campaigns/2027/votes/leader/ballots", new { choice = "so-noi-vu" })).Problem(HttpStatusCode.Conflict);

        Assert.Empty(await fixture.Votes.ListVotersAsync(round.RoundKey));
        Assert.Empty(await fixture.Votes.ListBallotsAsync(round.RoundKey));
    }

    [Fact]
    public async Task A_ballot_after_the_round_closed_is_refused()
    {
        var round = await OpenRoundAsync("votes-closed");
        await fixture.Votes.CloseRoundAsync(round.RoundKey, DateTimeOffset.UtcNow);

        var reply = await (await fixture.UnitAsync("votes-closed", "so-noi-vu")).PostJsonAsync("/api/blocs/votes-closed/campaigns/2027/votes/leading-unit/ballots", new { choice = "so-tu-phap" });

        Assert.Equal("round-closed", Assert.IsType<string>(reply.Json.GetProperty("code").GetString()));
        reply.Problem(HttpStatusCode.Conflict);
        Assert.Empty(await fixture.Votes.ListBallotsAsync(round.RoundKey));
    }

    [Fact]
    public async Task A_ballot_after_the_closing_time_is_refused_while_the_workflow_has_not_closed_the_round_yet()
    {
        var round = await OpenRoundAsync("votes-late");
        var opened = (await fixture.Votes.GetRoundAsync(round.RoundKey))!;
        var voter = await fixture.UnitAsync("votes-late", "so-noi-vu");
        const string ballots = "/api/blocs/votes-late/campaigns/2027/votes/leading-unit/ballots";

        fixture.Clock.SetNow(opened.ClosesAt.AddSeconds(1));
        var late = await voter.PostJsonAsync(ballots, new { choice = "so-tu-phap" });

        late.Problem(HttpStatusCode.Conflict);
        Assert.Equal("round-closed", late.Json.GetProperty("code").GetString());
        Assert.Empty(await fixture.Votes.ListVotersAsync(round.RoundKey));
        Assert.Empty(await fixture.Votes.ListBallotsAsync(round.RoundKey));

        // The same ballot a moment before the closing time is on time.
        fixture.Clock.SetNow(opened.ClosesAt.AddSeconds(-5));
        Assert.Equal(HttpStatusCode.Created, (await voter.PostJsonAsync(ballots, new { choice = "so-tu-phap" })).Status);
    }

    [Fact]
    public async Task Results_are_published_to_the_bloc_once_decided()
    {
        await World.LaunchAsync(fixture, "results", 2027);
        var member = await fixture.UnitAsync("results", "cong-an-tinh");
        (await member.FetchAsync("/api/blocs/results/campaigns/2027/results")).Problem(HttpStatusCode.NotFound);

        var ranking = new Ranking
        {
            Order = [RankingKey.Total],
            Entries =
            [
                new RankedUnit { Rank = 1, UnitId = "so-tu-phap", Name = "Sở Tư pháp", Total = 95, PenaltyPoints = 0, Submitted = true },
                new RankedUnit { Rank = 2, UnitId = "so-noi-vu", Name = "Sở Nội vụ", Total = 90, PenaltyPoints = 0, Submitted = true },
            ],
        };
        await fixture.Results.SaveRankingAsync("results", 2027, ranking);
        await fixture.Results.SaveYearResultAsync(new YearResult
        {
            BlocId = "results",
            Year = 2027,
            LeadingUnitId = "so-tu-phap",
            Proposals =
            [
                new Proposal { UnitId = "so-tu-phap", LevelId = "co-thi-dua-tinh", Order = 1 },
                new Proposal { UnitId = "so-noi-vu", LevelId = "bang-khen-ubnd-tinh", Order = 1 },
            ],
            NextLeadership = new LeaderChoice("so-tu-phap", "cong-an-tinh"),
            DecidedAt = DateTimeOffset.UtcNow,
        });

        var results = await member.FetchAsync("/api/blocs/results/campaigns/2027/results");
        Assert.Equal(HttpStatusCode.OK, results.Status);
        Assert.Equal("so-tu-phap", results.Json.GetProperty("leadingUnitId").GetString());
        Assert.Equal("so-tu-phap", results.Json.GetProperty("nextLeaderUnitId").GetString());
        Assert.Equal(["so-tu-phap", "so-noi-vu"], results.Json.GetProperty("ranking").GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("unitId").GetString()));
        (await (await fixture.UnitAsync("other-bloc", "so-tu-phap")).FetchAsync("/api/blocs/results/campaigns/2027/results")).Problem(HttpStatusCode.Forbidden);
    }

    /// <summary>A launched campaign whose leading-unit vote the workflow has opened between two candidates.</summary>
    private async Task<VoteRound> OpenRoundAsync(string blocId)
    {
        await World.LaunchAsync(fixture, blocId, 2027);
        var round = new VoteRound
        {
            BlocId = blocId,
            Year = 2027,
            Purpose = VotePurpose.LeadingUnit,
            RoundNumber = 1,
            Candidates = ["so-noi-vu", "so-tu-phap"],
            EligibleVoters = World.Units.Length,
        };
        await fixture.Votes.OpenRoundAsync(new OpenedVoteRound(round, World.Units, DateTimeOffset.UtcNow.AddHours(1)), DateTimeOffset.UtcNow);
        return round;
    }
}
