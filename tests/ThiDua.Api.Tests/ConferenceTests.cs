using System.Net;
using System.Text.Json;

namespace ThiDua.Api.Tests;

/// <summary>
/// A year-end conference held live on the real workflows: the chair opens it, records who is in the room, opens
/// rounds; a round closes by itself once everyone present has voted, or at once when the chair closes it, and the
/// room reads its count. Bad input on the way is a problem naming what is wrong, and changes nothing.
/// </summary>
[Collection(WholeCycleTests.Name)]
public sealed class ConferenceTests(WholeCycleFixture fixture)
{
    private const string Bloc = "conf-room";
    private const string Campaign = "/api/blocs/conf-room/campaigns/2027";

    [Fact]
    [Trait("Speed", "Slow")] // waits out the real scoring deadline on the in-process host
    public async Task The_chair_holds_the_votes_live_and_the_room_reads_each_count()
    {
        var admin = await fixture.AdminAsync();
        await ReachConferenceAsync(admin);
        var chair = await fixture.UnitAsync(Bloc, "so-noi-vu");
        var represented = await fixture.UnitAsync(Bloc, "so-tu-phap");
        var absent = await fixture.UnitAsync(Bloc, "cong-an-tinh");
        var room = new Room(admin, Campaign);

        var opened = await chair.SendTextAsync(HttpMethod.Post, $"{Campaign}/conference/open");
        Assert.True(opened.Status == HttpStatusCode.OK, opened.Body);
        var attendance = await chair.PutJsonAsync(
            $"{Campaign}/conference/attendance",
            ConferenceInputTests.Attendance(("so-noi-vu", "present"), ("so-tu-phap", "represented"), ("cong-an-tinh", "absent")));
        Assert.True(attendance.Status == HttpStatusCode.OK, attendance.Body);
        Assert.Equal((2, true), (attendance.Json.GetProperty("presentCount").GetInt32(), attendance.Json.GetProperty("quorum").GetBoolean()));
        Assert.Equal(HttpStatusCode.Created, (await chair.SendTextAsync(HttpMethod.Put, $"{Campaign}/nominations/leader/so-tu-phap")).Status);
        Assert.Equal(HttpStatusCode.Created, (await chair.SendTextAsync(HttpMethod.Put, $"{Campaign}/nominations/leader/cong-an-tinh")).Status);

        // The leading-unit vote: only the units in the room vote, and the round closes once both have.
        var act = await chair.PostJsonAsync($"{Campaign}/conference/rounds", new { purpose = "leading-unit" });
        Assert.True(act.Status == HttpStatusCode.Accepted, act.Body);
        Assert.Equal(1, act.Json.GetProperty("round").GetInt32());
        var open = await OpenRoundAsync(admin, "leadingUnit");
        Assert.Equal((0, 2), (open.GetProperty("ballotsReceived").GetInt32(), open.GetProperty("eligible").GetInt32()));
        Assert.Contains("Đơn vị so-noi-vu", open.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        const string leadingBallots = $"{Campaign}/votes/leading-unit/ballots";
        await room.RefusedAsync(() => absent.PostJsonAsync(leadingBallots, new { choice = "so-noi-vu" }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await chair.PostJsonAsync(leadingBallots, new { choice = "so-noi-vu" })).Status);
        Assert.Equal(1, (await ConferenceAsync(admin)).GetProperty("openRound").GetProperty("ballotsReceived").GetInt32());
        Assert.Equal("already-voted", await room.CodeAsync(() => chair.PostJsonAsync(leadingBallots, new { choice = "so-tu-phap" }), HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.Created, (await represented.PostJsonAsync(leadingBallots, new { choice = "so-noi-vu" })).Status);

        var leading = await ClosedRoundAsync(admin, "leadingUnit", 1);
        Assert.Equal(2, leading.GetProperty("ballotsCast").GetInt32());
        Assert.Equal("so-noi-vu", leading.GetProperty("winnerId").GetString());
        Assert.Equal("round-closed", await room.CodeAsync(() => chair.SendTextAsync(HttpMethod.Post, $"{Campaign}/votes/leading-unit/rounds/1/close"), HttpStatusCode.Conflict, "round"));

        // The leader vote among the two nominees; once it opens its candidates are fixed.
        Assert.Equal("leader", (await ConferenceAsync(admin)).GetProperty("nextPurpose").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await chair.PostJsonAsync($"{Campaign}/conference/rounds", new { purpose = "leader" })).Status);
        Assert.Equal(
            ["cong-an-tinh", "so-tu-phap"],
            (await OpenRoundAsync(admin, "leader")).GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("unitId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("vote-opened", await room.CodeAsync(() => chair.SendTextAsync(HttpMethod.Put, $"{Campaign}/nominations/leader/so-noi-vu"), HttpStatusCode.Conflict, "purpose"));
        Assert.Equal("vote-opened", await room.CodeAsync(() => represented.SendTextAsync(HttpMethod.Post, $"{Campaign}/nominations/leader/so-tu-phap/decline"), HttpStatusCode.Conflict, "purpose"));
        const string leaderBallots = $"{Campaign}/votes/leader/ballots";
        Assert.Equal(["choice"], await room.RefusedAsync(() => chair.PostJsonAsync(leaderBallots, new { choice = "so-noi-vu" }), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.Created, (await chair.PostJsonAsync(leaderBallots, new { choice = "so-tu-phap" })).Status);

        // The chair closes the round early: it is counted at once, with the one ballot cast.
        Assert.Equal(HttpStatusCode.Accepted, (await chair.SendTextAsync(HttpMethod.Post, $"{Campaign}/votes/leader/rounds/1/close")).Status);
        var leader = await ClosedRoundAsync(admin, "leader", 1);
        Assert.Equal(1, leader.GetProperty("ballotsCast").GetInt32());
        Assert.Equal(1, leader.GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("candidateId").GetString() == "so-tu-phap").GetProperty("votes").GetInt32());

        var closed = await chair.SendTextAsync(HttpMethod.Post, $"{Campaign}/conference/close");
        Assert.True(closed.Status == HttpStatusCode.OK, closed.Body);
        Assert.True(closed.Json.GetProperty("closed").GetBoolean());
        Assert.Equal("conference-closed", await room.CodeAsync(() => chair.PostJsonAsync($"{Campaign}/conference/rounds", new { purpose = "deputy" }), HttpStatusCode.Conflict));
        Assert.Equal("conference-closed", await room.CodeAsync(
            () => chair.PutJsonAsync($"{Campaign}/conference/attendance", ConferenceInputTests.Attendance(("cong-an-tinh", "present"))), HttpStatusCode.Conflict));
    }

    /// <summary>Launches a three-unit conference year and takes it through signing, scoring (so-noi-vu first) and an early end of review.</summary>
    private async Task ReachConferenceAsync(HttpClient admin)
    {
        await World.CreateBlocAsync(fixture, Bloc, ConferenceInputTests.ConferenceRules);
        // Scoring ends at its deadline (counted from the signing deadline) whatever is submitted; review ends early when the leader closes it.
        await World.LaunchInSecondsAsync(admin, Campaign, "00:00:08", "00:00:06", "00:10:00");
        await World.EventuallyAsync(async () => await PhaseAsync(admin) == "signing", "the cycle collects signatures");
        await World.SignAllAsync(fixture, Bloc, 2027);

        await World.EventuallyAsync(async () => await PhaseAsync(admin) == "scoring", "scoring opens once everyone signed");
        await World.SubmitAllAsync(fixture, Bloc, 2027, "conf-1");

        await World.EventuallyAsync(async () => await PhaseAsync(admin) == "review", "review opens at the scoring deadline");
        Assert.Equal(HttpStatusCode.Accepted, (await (await fixture.UnitAsync(Bloc, "so-noi-vu")).PostJsonAsync($"{Campaign}/review/close", new { })).Status);
        await World.EventuallyAsync(async () => await PhaseAsync(admin) == "awaitingConference", "the year waits for its conference");
    }

    private static async Task<string?> PhaseAsync(HttpClient client) =>
        (await client.FetchAsync($"{Campaign}/status")).Json.GetProperty("phase").GetString();

    private static async Task<JsonElement> ConferenceAsync(HttpClient client)
    {
        var reply = await client.FetchAsync($"{Campaign}/conference");
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        return reply.Json;
    }

    /// <summary>The open round of <paramref name="purpose"/>, once the workflow has opened it.</summary>
    private static async Task<JsonElement> OpenRoundAsync(HttpClient client, string purpose)
    {
        JsonElement open = default;
        await World.EventuallyAsync(
            async () => (open = (await ConferenceAsync(client)).GetProperty("openRound")).ValueKind == JsonValueKind.Object && open.GetProperty("purpose").GetString() == purpose,
            $"the {purpose} round opens");
        return open;
    }

    /// <summary>The tally of a round, once it shows among the closed rounds.</summary>
    private static async Task<JsonElement> ClosedRoundAsync(HttpClient client, string purpose, int round)
    {
        JsonElement? tally = null;
        await World.EventuallyAsync(
            async () =>
            {
                tally = (await ConferenceAsync(client)).GetProperty("closedRounds").EnumerateArray()
                    .Where(r => r.GetProperty("purpose").GetString() == purpose && r.GetProperty("round").GetInt32() == round)
                    .Select(r => (JsonElement?)r.GetProperty("tally"))
                    .FirstOrDefault();
                return tally is not null;
            },
            $"round {round} of the {purpose} vote is counted");
        return tally!.Value;
    }
}
