using System.Net;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Identity;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Storage;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// Secret ballots end to end: the real vote workflow and its activities on the Durable Task Azure
/// Storage provider over Azurite, ballots cast through the HTTP API of the local host. Each outcome is
/// checked as the bloc sees it: the workflow's result, the minutes in storage, and the published
/// ballot list, which anyone of the bloc can hash and recount.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class VoteOnAzuriteTests(AzuriteFixture azurite, VoteHost votes) : IClassFixture<VoteHost>, IAsyncLifetime
{
    const string NoiVu = "so-noi-vu";
    const string CongAn = "cong-an-tinh";
    const string TuPhap = "so-tu-phap";
    const string QuanSu = "bo-chqs-tinh";
    const string ThiHanhAn = "cuc-thads";
    static readonly string[] Candidates = [NoiVu, CongAn, TuPhap];

    // Rounds that should close early get a window no test waits for: if early close broke, they time out.
    static readonly TimeSpan LongRound = TimeSpan.FromMinutes(5);

    // Rounds that must close at their deadline: short, yet wide enough for five ballots on a loaded machine.
    static readonly TimeSpan ShortRound = TimeSpan.FromSeconds(4);

    public Task InitializeAsync() => votes.StartAsync(azurite);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Without_quorum_the_round_closes_at_its_deadline_and_is_held_again_with_the_same_candidates()
    {
        const string bloc = "vote-quorum";
        var campaign = await votes.SeedAsync(bloc, new VotingRules { MaxRunoffs = 1 });
        var units = await this.UnitsAsync(bloc);
        var id = await votes.StartLeadingUnitVoteAsync(campaign, Candidates, ShortRound);

        var first = await votes.WaitForRoundAsync(bloc, 1);
        var firstReceipts = new[] { await units[NoiVu].CastAsync(bloc, CongAn), await units[CongAn].CastAsync(bloc, null) };

        // Two of five is below the quorum of 2/3 (4 ballots): at the deadline the round is held again.
        var second = await votes.WaitForRoundAsync(bloc, 2);
        Assert.Equal(Candidates, second.Round.Candidates);
        Assert.True(second.ClosesAt - ShortRound >= first.ClosesAt, $"Round 2 opened before round 1 closed at {first.ClosesAt:O}.");
        var secondReceipts = new List<string>();
        foreach (var unit in VoteHost.Units)
        {
            secondReceipts.Add(await units[unit].CastAsync(bloc, unit == ThiHanhAn ? NoiVu : CongAn));
        }

        var outcome = (await votes.WaitForCompletionAsync(id)).ReadOutputAs<VoteOutcome>()!;
        Assert.Equal(CongAn, outcome.WinnerId);
        Assert.Equal(2, outcome.Rounds.Count);
        var noQuorum = outcome.Rounds[0];
        Assert.Equal((TallyOutcome.NoQuorum, false, 4, 2, 1), (noQuorum.Outcome, noQuorum.QuorumReached, noQuorum.QuorumBallots, noQuorum.BallotsCast, noQuorum.Abstentions));
        Assert.Equal(NextStep.Runoff, noQuorum.Next);
        Assert.Equal(Candidates, noQuorum.RunoffCandidates);
        Assert.Equal((TallyOutcome.Winner, 4), (outcome.Rounds[1].Outcome, Votes(outcome.Rounds[1], CongAn)));

        var minutes = await this.PublishedAsync(units[TuPhap], bloc, 1, noQuorum, firstReceipts);
        Assert.Contains("Kết thúc bỏ phiếu: " + VietnamTime.Format(first.ClosesAt) + "\n", minutes, StringComparison.Ordinal);
        Assert.Contains("(4 phiếu) — không đạt\n", minutes, StringComparison.Ordinal);
        Assert.Contains("Kết luận: Không đủ số đơn vị tham gia bỏ phiếu.\n", minutes, StringComparison.Ordinal);
        Assert.Contains("Bỏ phiếu lại giữa: Đơn vị so-noi-vu (so-noi-vu), Đơn vị cong-an-tinh (cong-an-tinh), Đơn vị so-tu-phap (so-tu-phap).\n", minutes, StringComparison.Ordinal);
        var decided = await this.PublishedAsync(units[TuPhap], bloc, 2, outcome.Rounds[1], secondReceipts);
        Assert.Contains("Kết luận: Đơn vị cong-an-tinh (cong-an-tinh) trúng với 4 phiếu.\n", decided, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "RecordHistories")]
    public async Task A_tie_opens_a_runoff_between_the_tied_and_each_round_closes_early_once_every_unit_has_voted()
    {
        const string bloc = "vote-tie";
        var campaign = await votes.SeedAsync(bloc, new VotingRules());
        var units = await this.UnitsAsync(bloc);
        var id = await votes.StartLeadingUnitVoteAsync(campaign, Candidates, LongRound);

        var first = await votes.WaitForRoundAsync(bloc, 1);
        var firstReceipts = await CastAllAsync(units, bloc, [NoiVu, NoiVu, CongAn, CongAn, TuPhap]);

        var runoff = await votes.WaitForRoundAsync(bloc, 2);
        Assert.Equal([NoiVu, CongAn], runoff.Round.Candidates);

        // The third candidate is out of the runoff: a ballot for it is refused and nothing is written.
        var before = await votes.SnapshotAsync(runoff.Round.RoundKey);
        var outOfRace = await units[TuPhap].PostAsync(VoteCalls.Ballots(bloc), JsonSerializer.Serialize(new { choice = TuPhap }));
        Assert.Equal(["choice"], outOfRace.Problem(HttpStatusCode.BadRequest));
        await this.AssertUnchangedAsync(runoff.Round.RoundKey, before);

        var secondReceipts = await CastAllAsync(units, bloc, [CongAn, CongAn, CongAn, NoiVu, null]);
        var done = await votes.WaitForCompletionAsync(id);
        await HistoryRecorder.RecordAsync(
            votes.Scope, "vote-with-a-runoff", "A leading-unit vote: a tie in round 1, a runoff between the tied decided in round 2, each round closed early once all had voted.", i => i == id);
        var outcome = done.ReadOutputAs<VoteOutcome>()!;

        // Both rounds closed once the fifth ballot was in, long before the first round's closing time.
        Assert.True(done.LastUpdatedAt < first.ClosesAt, $"Finished {done.LastUpdatedAt:O}, first round closes {first.ClosesAt:O}.");
        Assert.Equal(CongAn, outcome.WinnerId);
        var tie = outcome.Rounds[0];
        Assert.Equal((TallyOutcome.Tie, NextStep.Runoff), (tie.Outcome, tie.Next));
        Assert.Equal([NoiVu, CongAn], tie.RunoffCandidates);
        Assert.Equal((TallyOutcome.Winner, 3, 1), (outcome.Rounds[1].Outcome, Votes(outcome.Rounds[1], CongAn), outcome.Rounds[1].Abstentions));

        var tieMinutes = await this.PublishedAsync(units[QuanSu], bloc, 1, tie, firstReceipts);
        Assert.Contains("Kết luận: Các đơn vị có số phiếu cao nhất bằng nhau.\n", tieMinutes, StringComparison.Ordinal);
        Assert.Contains("Bỏ phiếu lại giữa: Đơn vị so-noi-vu (so-noi-vu), Đơn vị cong-an-tinh (cong-an-tinh).\n", tieMinutes, StringComparison.Ordinal);
        var runoffMinutes = await this.PublishedAsync(units[QuanSu], bloc, 2, outcome.Rounds[1], secondReceipts);
        Assert.Contains("Vòng bỏ phiếu: lần 2 (bỏ phiếu lại)\n", runoffMinutes, StringComparison.Ordinal);
        Assert.Contains("Kết luận: Đơn vị cong-an-tinh (cong-an-tinh) trúng với 3 phiếu.\n", runoffMinutes, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "RecordHistories")]
    public async Task A_missed_threshold_opens_a_runoff_of_the_top_two_and_with_no_runoff_left_the_vote_ends_undecided()
    {
        const string bloc = "vote-threshold";
        var campaign = await votes.SeedAsync(bloc, new VotingRules { ThresholdPercent = 70, MaxRunoffs = 1 });
        var units = await this.UnitsAsync(bloc);
        var id = await votes.StartLeadingUnitVoteAsync(campaign, Candidates, ShortRound);

        await votes.WaitForRoundAsync(bloc, 1);
        var firstReceipts = await CastAllAsync(units, bloc, [NoiVu, NoiVu, NoiVu, CongAn, CongAn]);

        // 3 of 5 is 60%, short of the 70% this bloc requires: runoff between the first two.
        var runoff = await votes.WaitForRoundAsync(bloc, 2);
        Assert.Equal([NoiVu, CongAn], runoff.Round.Candidates);
        var secondReceipts = new[]
        {
            await units[NoiVu].CastAsync(bloc, NoiVu),
            await units[CongAn].CastAsync(bloc, NoiVu),
            await units[TuPhap].CastAsync(bloc, CongAn),
            await units[QuanSu].CastAsync(bloc, null),
        };

        var outcome = (await votes.WaitForCompletionAsync(id)).ReadOutputAs<VoteOutcome>()!;
        await HistoryRecorder.RecordAsync(
            votes.Scope, "vote-undecided", "A leading-unit vote: a missed threshold, a runoff of the top two that misses it again with no runoff left: undecided.", i => i == id);
        Assert.Null(outcome.WinnerId);
        Assert.Equal([TallyOutcome.NoMajority, TallyOutcome.NoMajority], outcome.Rounds.Select(r => r.Outcome));
        Assert.Equal([NextStep.Runoff, NextStep.Undecided], outcome.Rounds.Select(r => r.Next));

        var firstMinutes = await this.PublishedAsync(units[ThiHanhAn], bloc, 1, outcome.Rounds[0], firstReceipts);
        Assert.Contains("Điều kiện trúng: trên 70% số phiếu thu về\n", firstMinutes, StringComparison.Ordinal);
        Assert.Contains("Kết luận: Không có đơn vị nào đạt đủ số phiếu cần thiết.\n", firstMinutes, StringComparison.Ordinal);
        Assert.Contains("Bỏ phiếu lại giữa: Đơn vị so-noi-vu (so-noi-vu), Đơn vị cong-an-tinh (cong-an-tinh).\n", firstMinutes, StringComparison.Ordinal);
        var lastMinutes = await this.PublishedAsync(units[ThiHanhAn], bloc, 2, outcome.Rounds[1], secondReceipts);
        Assert.Contains("Kết luận: Không có đơn vị nào đạt đủ số phiếu cần thiết.\n", lastMinutes, StringComparison.Ordinal);
        Assert.Contains("Đã hết số lần bỏ phiếu lại; chưa có kết quả.\n", lastMinutes, StringComparison.Ordinal);

        // The unit that let the last round pass can no longer vote in it.
        var key = runoff.Round.RoundKey;
        var before = await votes.SnapshotAsync(key);
        (await units[ThiHanhAn].PostAsync(VoteCalls.Ballots(bloc), JsonSerializer.Serialize(new { choice = NoiVu }))).Problem(HttpStatusCode.Conflict, "round-closed");
        await this.AssertUnchangedAsync(key, before);
        Assert.DoesNotContain(ThiHanhAn, before.Voters);
    }

    [Fact]
    public async Task A_ballot_after_the_deadline_is_refused_even_while_the_workflow_has_not_yet_closed_the_round()
    {
        const string bloc = "vote-late";
        var campaign = await votes.SeedAsync(bloc, new VotingRules { MaxRunoffs = 0 });
        var units = await this.UnitsAsync(bloc);
        var id = await votes.StartLeadingUnitVoteAsync(campaign, Candidates, ShortRound);
        var round = await votes.WaitForRoundAsync(bloc, 1);
        var onTime = await units[NoiVu].CastAsync(bloc, TuPhap);

        // The workflow is held up past the deadline (a busy or restarting host): its timer cannot close the round.
        await votes.Client.SuspendInstanceAsync(id, "held past the deadline by the test");
        await WaitUntilAsync(async () => (await votes.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > round.ClosesAt.AddMilliseconds(300)));
        Assert.Null(await votes.Votes.GetTallyAsync(round.Round.RoundKey));

        var before = await votes.SnapshotAsync(round.Round.RoundKey);
        var late = await units[CongAn].PostAsync(VoteCalls.Ballots(bloc), JsonSerializer.Serialize(new { choice = TuPhap }));
        late.Problem(HttpStatusCode.Conflict, "round-closed");
        await this.AssertUnchangedAsync(round.Round.RoundKey, before);
        Assert.Equal([NoiVu], before.Voters);

        await votes.Client.ResumeInstanceAsync(id, "deadline passed");
        var outcome = (await votes.WaitForCompletionAsync(id)).ReadOutputAs<VoteOutcome>()!;
        var tally = Assert.Single(outcome.Rounds);
        Assert.Equal((1, TallyOutcome.NoQuorum, NextStep.Undecided), (tally.BallotsCast, tally.Outcome, tally.Next));
        Assert.Null(outcome.WinnerId);
        var minutes = await this.PublishedAsync(units[CongAn], bloc, 1, tally, [onTime]);
        Assert.Contains("Đã hết số lần bỏ phiếu lại; chưa có kết quả.\n", minutes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_members_and_ballots_in_another_units_name_are_refused_and_a_unit_votes_once_as_itself()
    {
        const string bloc = "vote-refusals";
        var campaign = await votes.SeedAsync(bloc, new VotingRules());
        var units = await this.UnitsAsync(bloc);
        var id = await votes.StartLeadingUnitVoteAsync(campaign, Candidates, LongRound);
        var key = (await votes.WaitForRoundAsync(bloc, 1)).Round.RoundKey;
        var ballots = VoteCalls.Ballots(bloc);
        var body = JsonSerializer.Serialize(new { choice = NoiVu });
        var empty = await votes.SnapshotAsync(key);

        // A unit of another bloc, a unit claiming this bloc without being a member, staff, nobody.
        using var outsider = await votes.ClientAsync(Caller.Unit("vote-other", NoiVu));
        (await outsider.PostAsync(ballots, body)).Problem(HttpStatusCode.Forbidden, "forbidden");
        using var stranger = await votes.ClientAsync(Caller.Unit(bloc, "so-ngoai-vu"));
        var notMember = await stranger.PostAsync(ballots, body);
        notMember.Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("so-ngoai-vu", notMember.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var admin = await votes.ClientAsync(Caller.Admin);
        (await admin.PostAsync(ballots, body)).Problem(HttpStatusCode.Forbidden, "forbidden");
        using var anonymous = new HttpClient { BaseAddress = votes.Host.Urls[0] };
        (await anonymous.PostAsync(ballots, body)).Problem(HttpStatusCode.Unauthorized, "unauthenticated");
        await this.AssertUnchangedAsync(key, empty);

        // Sở Nội vụ tries to vote as the Police: a voter field in the body is refused outright...
        var asPolice = await units[NoiVu].PostAsync(ballots, JsonSerializer.Serialize(new { choice = NoiVu, voterUnitId = CongAn }));
        Assert.Equal(["voterUnitId"], asPolice.Problem(HttpStatusCode.BadRequest, "invalid-json"));
        var asPoliceUnit = await units[NoiVu].PostAsync(ballots, JsonSerializer.Serialize(new { choice = NoiVu, unitId = CongAn }));
        Assert.Equal(["unitId"], asPoliceUnit.Problem(HttpStatusCode.BadRequest, "invalid-json"));
        await this.AssertUnchangedAsync(key, empty);

        // ...and naming the Police in the query and in identity headers still casts for Sở Nội vụ only.
        var spoofed = await units[NoiVu].PostAsync(ballots + "?unitId=" + CongAn + "&voterUnitId=" + CongAn, body, request =>
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", CongAn);
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", CongAn);
            request.Headers.Add("X-Unit-Id", CongAn);
        });
        Assert.Equal(HttpStatusCode.Created, spoofed.Status);
        var noiVuReceipt = spoofed.Json.GetProperty("receipt").GetString()!;
        var afterFirst = await votes.SnapshotAsync(key);
        Assert.Equal([NoiVu], afterFirst.Voters);
        Assert.False(await votes.Votes.HasVotedAsync(key, CongAn));

        // A second ballot, even for another candidate, is refused; the first stands as cast.
        (await units[NoiVu].PostAsync(ballots, JsonSerializer.Serialize(new { choice = CongAn }))).Problem(HttpStatusCode.Conflict, "already-voted");
        await this.AssertUnchangedAsync(key, afterFirst);
        Assert.Equal(NoiVu, Assert.Single(afterFirst.Ballots).Choice);

        // The Police keep their own vote.
        var receipts = new List<string> { noiVuReceipt, await units[CongAn].CastAsync(bloc, CongAn) };
        foreach (var (unit, choice) in new[] { (TuPhap, NoiVu), (QuanSu, NoiVu), (ThiHanhAn, (string?)null) })
        {
            receipts.Add(await units[unit].CastAsync(bloc, choice));
        }

        var outcome = (await votes.WaitForCompletionAsync(id)).ReadOutputAs<VoteOutcome>()!;
        var tally = Assert.Single(outcome.Rounds);
        Assert.Equal((NoiVu, 3, 1, 1), (outcome.WinnerId, Votes(tally, NoiVu), Votes(tally, CongAn), tally.Abstentions));
        await this.PublishedAsync(units[NoiVu], bloc, 1, tally, receipts);
    }

    [Fact]
    public async Task Fifty_parallel_ballots_of_one_unit_count_once()
    {
        const string bloc = "vote-parallel";
        var campaign = await votes.SeedAsync(bloc, new VotingRules());
        var units = await this.UnitsAsync(bloc);
        var id = await votes.StartLeadingUnitVoteAsync(campaign, Candidates, LongRound);
        var key = (await votes.WaitForRoundAsync(bloc, 1)).Round.RoundKey;

        var body = JsonSerializer.Serialize(new { choice = TuPhap });
        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => units[QuanSu].PostAsync(VoteCalls.Ballots(bloc), body)));

        var cast = Assert.Single(replies, r => r.Status == HttpStatusCode.Created);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.Created), r => r.Problem(HttpStatusCode.Conflict, "already-voted"));
        var stored = await votes.SnapshotAsync(key);
        Assert.Equal([QuanSu], stored.Voters);
        Assert.Equal(cast.Json.GetProperty("receipt").GetString(), Assert.Single(stored.Ballots).Receipt);

        var receipts = new List<string> { cast.Json.GetProperty("receipt").GetString()! };
        foreach (var unit in new[] { NoiVu, CongAn, TuPhap, ThiHanhAn })
        {
            receipts.Add(await units[unit].CastAsync(bloc, unit == TuPhap ? NoiVu : TuPhap));
        }

        var outcome = (await votes.WaitForCompletionAsync(id)).ReadOutputAs<VoteOutcome>()!;
        var tally = Assert.Single(outcome.Rounds);
        Assert.Equal((TuPhap, 5, 4, 1), (outcome.WinnerId, tally.BallotsCast, Votes(tally, TuPhap), Votes(tally, NoiVu)));
        await this.PublishedAsync(units[CongAn], bloc, 1, tally, receipts);
    }

    [Fact]
    [Trait("Category", "RecordHistories")]
    public async Task Next_years_leader_is_elected_by_secret_ballot_and_the_deputy_follows_in_the_rotation()
    {
        const string bloc = "vote-leader";
        await votes.SeedAsync(bloc, new VotingRules(), LeaderElectionMode.Vote);
        var units = await this.UnitsAsync(bloc);
        var key = new CampaignKey(bloc, VoteHost.Year);
        var id = await votes.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(LeaderElectionOrchestrator), new LeaderElectionInput(key, LeaderElectionMode.Vote), new StartOrchestrationOptions(CycleIds.LeaderElection(key)));

        // Every member stands; each votes in the leader election as in the leading-unit vote.
        var round = await votes.WaitForRoundAsync(bloc, 1, VotePurpose.Leader);
        Assert.Equal(VoteHost.Units, round.Round.Candidates);
        var receipts = new List<string>();
        foreach (var unit in VoteHost.Units)
        {
            receipts.Add(await units[unit].CastAsync(bloc, unit == CongAn ? TuPhap : CongAn, "leader"));
        }

        var choice = (await votes.WaitForCompletionAsync(id)).ReadOutputAs<LeaderChoice>()!;
        Assert.Equal(new LeaderChoice(CongAn, TuPhap, ElectedBy.Vote), choice);
        var vote = (await votes.WaitForCompletionAsync(CycleIds.Vote(key, VotePurpose.Leader))).ReadOutputAs<VoteOutcome>()!;
        await HistoryRecorder.RecordAsync(
            votes.Scope, "leader-election-by-vote", "Next year's leader elected by secret ballot in one round; the deputy follows the rotation.", HistoryRecorder.CycleOf(CycleIds.Cycle(key)));
        var minutes = await this.PublishedAsync(units[NoiVu], bloc, 1, Assert.Single(vote.Rounds), receipts, "leader");
        Assert.Contains("Nội dung: Bầu trưởng khối\n", minutes, StringComparison.Ordinal);
        Assert.Contains("Kết luận: Đơn vị cong-an-tinh (cong-an-tinh) trúng với 4 phiếu.\n", minutes, StringComparison.Ordinal);
    }

    static int Votes(Tally tally, string candidate) => tally.Counts.Single(c => c.CandidateId == candidate).Votes;

    async Task<Dictionary<string, HttpClient>> UnitsAsync(string bloc)
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var unit in VoteHost.Units)
        {
            clients[unit] = await votes.ClientAsync(Caller.Unit(bloc, unit));
        }

        return clients;
    }

    /// <summary>Each unit in <see cref="VoteHost.Units"/> order casts the choice at its index; returns the receipts.</summary>
    static async Task<List<string>> CastAllAsync(Dictionary<string, HttpClient> units, string bloc, string?[] choices)
    {
        var receipts = new List<string>();
        for (var i = 0; i < choices.Length; i++)
        {
            receipts.Add(await units[VoteHost.Units[i]].CastAsync(bloc, choices[i]));
        }

        return receipts;
    }

    async Task AssertUnchangedAsync(string roundKey, (IReadOnlyList<string> Voters, IReadOnlyList<StoredBallot> Ballots) before) =>
        Assert.Equivalent(before, await votes.SnapshotAsync(roundKey), strict: true);

    /// <summary>
    /// What a member checks once the round is counted: every published ballot hashes to its receipt,
    /// recounting the published ballots gives the announced tally, the receipts listed in the API and in
    /// the minutes are exactly <paramref name="receipts"/> (those the voters were given), and the minutes
    /// state the same counts. Returns the minutes.
    /// </summary>
    async Task<string> PublishedAsync(HttpClient member, string bloc, int number, Tally announced, IReadOnlyCollection<string> receipts, string purpose = "leading-unit")
    {
        var reply = await member.FetchAsync(VoteCalls.Round(bloc, number, purpose));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        var json = reply.Json;
        var roundKey = json.GetProperty("roundKey").GetString()!;
        Assert.Equal(announced.RoundKey, roundKey);
        var published = json.GetProperty("ballots").EnumerateArray()
            .Select(b => new Ballot(roundKey, b.GetProperty("ballotId").GetString()!, b.GetProperty("choice").GetString()))
            .Zip(json.GetProperty("ballots").EnumerateArray().Select(b => b.GetProperty("receipt").GetString()!))
            .ToList();
        Assert.All(published, p => Assert.Equal(VoteRules.Receipt(p.First), p.Second));
        Assert.Equal(receipts.Order(StringComparer.Ordinal), published.Select(p => p.Second).Order(StringComparer.Ordinal));

        var recount = announced.Counts.Select(c => (c.CandidateId, published.Count(p => p.First.Choice == c.CandidateId))).ToList();
        Assert.Equal(announced.Counts.Select(c => (c.CandidateId, c.Votes)), recount);
        Assert.Equal(announced.BallotsCast, published.Count);
        Assert.Equal(announced.Abstentions, published.Count(p => p.First.Choice is null));
        var tally = json.GetProperty("tally");
        Assert.Equal(recount, tally.GetProperty("counts").EnumerateArray().Select(c => (c.GetProperty("candidateId").GetString()!, c.GetProperty("votes").GetInt32())));
        Assert.Equal(announced.WinnerId, tally.GetProperty("winnerId").ValueKind == JsonValueKind.Null ? null : tally.GetProperty("winnerId").GetString());

        var minutes = await votes.MinutesAsync(bloc, roundKey);
        var listed = minutes.Split('\n').SkipWhile(l => !l.StartsWith("Danh sách mã băm", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Trim()).Where(l => l.Length == 64).ToList();
        Assert.Equal(receipts.Order(StringComparer.Ordinal), listed);
        Assert.Contains($"Số phiếu thu về: {announced.BallotsCast}\n", minutes, StringComparison.Ordinal);
        Assert.Contains($"Số phiếu không chọn ai (phiếu trắng): {announced.Abstentions}\n", minutes, StringComparison.Ordinal);
        foreach (var (candidate, count) in recount)
        {
            Assert.Contains($"({candidate}): {count} phiếu (", minutes, StringComparison.Ordinal);
        }

        return minutes;
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
