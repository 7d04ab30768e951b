using System.Net;
using ThiDua.Domain;

namespace ThiDua.Api.Tests;

/// <summary>
/// Bad input to the year-end conference and its nominations, before any round opens: each is a problem naming
/// what is wrong, and the conference and the nominations read the same afterwards.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ConferenceInputTests(ApiFixture fixture)
{
    /// <summary>A bloc that holds its year-end votes at a conference and elects its leader and deputy by vote.</summary>
    internal static readonly object ConferenceRules = new { yearEnd = "conference", leaderElection = "vote", deputyElection = "vote" };

    [Fact]
    public async Task Bad_nominations_are_refused_naming_the_field_and_change_nothing()
    {
        const string bloc = "conf-nominations";
        var campaign = await LaunchAsync(bloc);
        var chair = await fixture.UnitAsync(bloc, "so-noi-vu");
        Assert.Equal(HttpStatusCode.Created, (await chair.SendTextAsync(HttpMethod.Put, $"{campaign}/nominations/leader/cong-an-tinh")).Status);
        Assert.Equal(HttpStatusCode.OK, (await chair.SendTextAsync(HttpMethod.Put, $"{campaign}/nominations/leader/cong-an-tinh")).Status);
        var room = new Room(await fixture.AdminAsync(), campaign);

        Assert.Contains("unitId", await room.RefusedAsync(() => chair.SendTextAsync(HttpMethod.Put, $"{campaign}/nominations/leader/so-xay-dung"), HttpStatusCode.NotFound));
        Assert.Contains("purpose", await room.RefusedAsync(() => chair.SendTextAsync(HttpMethod.Put, $"{campaign}/nominations/leading-unit/so-tu-phap"), HttpStatusCode.BadRequest));
        Assert.Contains("purpose", await room.RefusedAsync(() => chair.SendTextAsync(HttpMethod.Put, $"{campaign}/nominations/president/so-tu-phap"), HttpStatusCode.BadRequest));

        // A unit declines only its own nomination; only the chair nominates.
        var other = await fixture.UnitAsync(bloc, "so-tu-phap");
        await room.RefusedAsync(() => other.SendTextAsync(HttpMethod.Post, $"{campaign}/nominations/leader/cong-an-tinh/decline"), HttpStatusCode.Forbidden);
        await room.RefusedAsync(() => other.SendTextAsync(HttpMethod.Put, $"{campaign}/nominations/deputy/so-tu-phap"), HttpStatusCode.Forbidden);
        await room.RefusedAsync(() => fixture.Anonymous().SendTextAsync(HttpMethod.Put, $"{campaign}/nominations/deputy/so-tu-phap"), HttpStatusCode.Unauthorized);
        await room.RefusedAsync(() => fixture.Anonymous().SendTextAsync(HttpMethod.Post, $"{campaign}/nominations/leader/cong-an-tinh/decline"), HttpStatusCode.Unauthorized);

        var nominations = (await room.Admin.FetchAsync($"{campaign}/nominations")).Json;
        var only = Assert.Single(nominations.EnumerateArray());
        Assert.Equal("cong-an-tinh", only.GetProperty("unitId").GetString());
        Assert.False(only.GetProperty("declined").GetBoolean());
    }

    [Fact]
    public async Task Chair_acts_from_others_and_bad_attendance_are_refused_and_change_nothing()
    {
        const string bloc = "conf-chair";
        var campaign = await LaunchAsync(bloc);
        await RankAsync(bloc);
        var room = new Room(await fixture.AdminAsync(), campaign);
        var other = await fixture.UnitAsync(bloc, "so-tu-phap");
        var stranger = await fixture.UnitAsync("other-bloc", "so-noi-vu");
        foreach (var client in new[] { other, stranger, fixture.Anonymous() })
        {
            var status = client == stranger || client == other ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
            await room.RefusedAsync(() => client.SendTextAsync(HttpMethod.Post, $"{campaign}/conference/open"), status);
            await room.RefusedAsync(() => client.PutJsonAsync($"{campaign}/conference/attendance", Attendance(("so-tu-phap", "present"))), status);
            await room.RefusedAsync(() => client.PostJsonAsync($"{campaign}/conference/rounds", new { purpose = "leading-unit" }), status);
            await room.RefusedAsync(() => client.SendTextAsync(HttpMethod.Post, $"{campaign}/votes/leading-unit/rounds/1/close"), status);
            await room.RefusedAsync(() => client.SendTextAsync(HttpMethod.Post, $"{campaign}/conference/close"), status);
        }

        var chair = await fixture.UnitAsync(bloc, "so-noi-vu");
        var opened = await chair.SendTextAsync(HttpMethod.Post, $"{campaign}/conference/open");
        Assert.True(opened.Status == HttpStatusCode.OK, opened.Body);
        Assert.True(opened.Json.GetProperty("opened").GetBoolean());

        Assert.Equal(
            ["attendance[1].unitId"],
            await room.RefusedAsync(() => chair.PutJsonAsync($"{campaign}/conference/attendance", Attendance(("so-tu-phap", "present"), ("so-xay-dung", "present"))), HttpStatusCode.BadRequest));
        Assert.Contains(
            "attendance[0].attendance",
            await room.RefusedAsync(() => chair.PutJsonAsync($"{campaign}/conference/attendance", Attendance(("so-tu-phap", "asleep"))), HttpStatusCode.BadRequest));

        // The leader vote comes after the leading-unit vote; without a quorum no round opens.
        Assert.Equal("not-next", await room.CodeAsync(() => chair.PostJsonAsync($"{campaign}/conference/rounds", new { purpose = "leader" }), HttpStatusCode.Conflict, "purpose"));
        Assert.Contains("purpose", await room.RefusedAsync(() => chair.PostJsonAsync($"{campaign}/conference/rounds", new { purpose = "chairman" }), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.OK, (await chair.PutJsonAsync($"{campaign}/conference/attendance", Attendance(("so-noi-vu", "present"), ("so-tu-phap", "absent")))).Status);
        Assert.Equal("no-quorum", await room.CodeAsync(() => chair.PostJsonAsync($"{campaign}/conference/rounds", new { purpose = "leading-unit" }), HttpStatusCode.Conflict));
        var view = (await room.Admin.FetchAsync($"{campaign}/conference")).Json;
        Assert.Equal((1, 2, false), (view.GetProperty("presentCount").GetInt32(), view.GetProperty("quorumNeeded").GetInt32(), view.GetProperty("quorum").GetBoolean()));
        Assert.Empty(await fixture.Votes.ListVotersAsync(new VoteRound { BlocId = bloc, Year = 2027, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = [], EligibleVoters = 0 }.RoundKey));
    }

    internal static object Attendance(params (string UnitId, string Attendance)[] entries) =>
        new { attendance = entries.Select(e => new { unitId = e.UnitId, attendance = e.Attendance }).ToArray() };

    private async Task<string> LaunchAsync(string bloc)
    {
        await World.LaunchAsync(fixture, bloc, 2027, ConferenceRules);
        return $"/api/blocs/{bloc}/campaigns/2027";
    }

    /// <summary>Scoring over: the ranking the conference opens on (the workflow publishes it at the end of the review).</summary>
    private async Task RankAsync(string bloc) => await fixture.Results.SaveRankingAsync(bloc, 2027, new Ranking
    {
        Order = [RankingKey.Total],
        Entries =
        [
            new RankedUnit { Rank = 1, UnitId = "so-tu-phap", Name = "Đơn vị so-tu-phap", Total = 95, PenaltyPoints = 0, Submitted = true },
            new RankedUnit { Rank = 2, UnitId = "so-noi-vu", Name = "Đơn vị so-noi-vu", Total = 90, PenaltyPoints = 0, Submitted = true },
        ],
    });
}

/// <summary>The conference and nominations of a year, read around a refused request to show that it changed nothing.</summary>
internal sealed class Room(HttpClient admin, string campaign)
{
    public HttpClient Admin => admin;

    /// <summary>Sends <paramref name="request"/>, asserts a problem with <paramref name="status"/> that changed nothing; returns the fields it names.</summary>
    public async Task<IReadOnlyList<string>> RefusedAsync(Func<Task<Reply>> request, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = await ReadAsync();
        var fields = (await request()).Problem(status);
        Assert.Equal(before, await ReadAsync());
        return fields;
    }

    /// <summary>As <see cref="RefusedAsync"/>, for a 409 and the like: returns the problem's code, and checks the field it names, if one.</summary>
    public async Task<string?> CodeAsync(Func<Task<Reply>> request, HttpStatusCode status, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = await ReadAsync();
        var reply = await request();
        var fields = reply.Problem(status);
        if (field is not null)
        {
            Assert.Equal([field], fields);
        }

        Assert.Equal(before, await ReadAsync());
        return reply.Json.GetProperty("code").GetString();
    }

    private async Task<(string Conference, string Nominations)> ReadAsync() =>
        ((await admin.FetchAsync($"{campaign}/conference")).Body, (await admin.FetchAsync($"{campaign}/nominations")).Body);
}
