using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Portal;
using ThiDua.Domain;
using ThiDua.Functions.Api;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

/// <summary>The reads the portal builds its pages from, and the portal's files as both hosts serve them.</summary>
[Collection(ApiTests.Name)]
public sealed class PortalApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Me_names_the_caller_and_refuses_anonymous_callers()
    {
        await World.CreateBlocAsync(fixture, "portal-me");

        (await fixture.Anonymous().FetchAsync("/api/me")).Problem(HttpStatusCode.Unauthorized);
        var admin = await (await fixture.AdminAsync()).FetchAsync("/api/me");
        Assert.Equal("admin", admin.Json.GetProperty("role").GetString());
        var unit = await (await fixture.UnitAsync("portal-me", "so-tu-phap")).FetchAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, unit.Status);
        Assert.Equal("unit", unit.Json.GetProperty("role").GetString());
        Assert.Equal("portal-me", unit.Json.GetProperty("blocId").GetString());
        Assert.Equal("Nội chính", unit.Json.GetProperty("blocName").GetString());
        Assert.Equal("so-tu-phap", unit.Json.GetProperty("unitId").GetString());
        Assert.Equal("Đơn vị so-tu-phap", unit.Json.GetProperty("unitName").GetString());
    }

    [Fact]
    public async Task Years_are_listed_newest_first_for_the_blocs_units_only()
    {
        await World.LaunchAsync(fixture, "portal-years", 2027);

        var years = await (await fixture.UnitAsync("portal-years", "cong-an-tinh")).FetchAsync("/api/blocs/portal-years/campaigns");
        Assert.Equal([2027], years.Json.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()));
        (await (await fixture.UnitAsync("other-bloc", "cong-an-tinh")).FetchAsync("/api/blocs/portal-years/campaigns")).Problem(HttpStatusCode.Forbidden);
        Assert.Contains("blocId", (await (await fixture.AdminAsync()).FetchAsync("/api/blocs/Bad..Id/campaigns")).Problem(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Progress_shows_signatures_and_sheets_to_members_but_who_voted_only_to_the_leader_and_council()
    {
        var (now, _) = await World.LaunchAsync(fixture, "portal-progress", 2027);
        var compact = await (await fixture.AdminAsync()).GetByteArrayAsync("/api/blocs/portal-progress/campaigns/2027/compact");
        var signer = await fixture.UnitAsync("portal-progress", "so-tu-phap");
        var signed = await signer.PutBytesAsync(
            "/api/blocs/portal-progress/campaigns/2027/signatures/so-tu-phap", World.Sign(compact, World.Certificate("so-tu-phap")), "application/pkcs7-signature");
        Assert.Equal(HttpStatusCode.Created, signed.Status);
        await fixture.SubmissionWindow.OpenAsync("portal-progress", 2027, now);
        Assert.Equal(HttpStatusCode.Created, (await signer.PostJsonAsync("/api/blocs/portal-progress/campaigns/2027/scores/so-tu-phap", World.Submission("portal-progress", 2027, "so-tu-phap", "p1"))).Status);
        var round = new VoteRound { BlocId = "portal-progress", Year = 2027, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = ["so-tu-phap", "so-noi-vu"], EligibleVoters = 3 };
        await fixture.Votes.OpenRoundAsync(new OpenedVoteRound(round, World.Units, DateTimeOffset.UtcNow.AddHours(1)), DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Created, (await signer.PostJsonAsync("/api/blocs/portal-progress/campaigns/2027/votes/leading-unit/ballots", new { choice = "so-noi-vu" })).Status);
        const string path = "/api/blocs/portal-progress/campaigns/2027/progress";

        var member = (await (await fixture.UnitAsync("portal-progress", "cong-an-tinh")).FetchAsync(path)).Json;
        var seen = member.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("unitId").GetString()!);
        Assert.Equal(JsonValueKind.String, seen["so-tu-phap"].GetProperty("signedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen["cong-an-tinh"].GetProperty("signedAt").ValueKind);
        Assert.Equal(1, seen["so-tu-phap"].GetProperty("submittedVersion").GetInt32());
        Assert.All(seen.Values, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("voted").ValueKind));
        Assert.Equal(JsonValueKind.Null, member.GetProperty("late").ValueKind);

        foreach (var overseer in new[] { await fixture.UnitAsync("portal-progress", "so-noi-vu"), await fixture.AdminAsync() })
        {
            var full = (await overseer.FetchAsync(path)).Json;
            var voted = full.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("unitId").GetString()!, m => m.GetProperty("voted").GetBoolean());
            Assert.True(voted["so-tu-phap"]);
            Assert.False(voted["cong-an-tinh"]);
            Assert.Equal(1, full.GetProperty("voteRound").GetInt32());
            Assert.Equal(JsonValueKind.Array, full.GetProperty("late").ValueKind);
        }

        (await (await fixture.UnitAsync("other-bloc", "so-noi-vu")).FetchAsync(path)).Problem(HttpStatusCode.Forbidden);
        Assert.Contains("year", (await signer.FetchAsync("/api/blocs/portal-progress/campaigns/2031/progress")).Problem(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task The_current_round_names_its_candidates_and_whether_the_calling_unit_voted()
    {
        await World.LaunchAsync(fixture, "portal-round", 2027);
        const string current = "/api/blocs/portal-round/campaigns/2027/votes/leading-unit/current";
        var voter = await fixture.UnitAsync("portal-round", "cong-an-tinh");
        Assert.Contains("purpose", (await voter.FetchAsync(current)).Problem(HttpStatusCode.NotFound));
        var round = new VoteRound { BlocId = "portal-round", Year = 2027, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = ["so-tu-phap", "so-noi-vu"], EligibleVoters = 3 };
        await fixture.Votes.OpenRoundAsync(new OpenedVoteRound(round, World.Units, DateTimeOffset.UtcNow.AddHours(1)), DateTimeOffset.UtcNow);

        var before = (await voter.FetchAsync(current)).Json;
        Assert.Equal(1, before.GetProperty("round").GetInt32());
        Assert.Equal(["so-tu-phap", "so-noi-vu"], before.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()));
        Assert.False(before.GetProperty("hasVoted").GetBoolean());
        Assert.False(before.GetProperty("counted").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, (await voter.PostJsonAsync("/api/blocs/portal-round/campaigns/2027/votes/leading-unit/ballots", new { choice = "so-noi-vu" })).Status);
        Assert.True((await voter.FetchAsync(current)).Json.GetProperty("hasVoted").GetBoolean());
        Assert.False((await (await fixture.UnitAsync("portal-round", "so-tu-phap")).FetchAsync(current)).Json.GetProperty("hasVoted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, (await (await fixture.AdminAsync()).FetchAsync(current)).Json.GetProperty("hasVoted").ValueKind);
        Assert.Contains("purpose", (await voter.FetchAsync("/api/blocs/portal-round/campaigns/2027/votes/president/current")).Problem(HttpStatusCode.BadRequest));
        (await (await fixture.UnitAsync("other-bloc", "cong-an-tinh")).FetchAsync(current)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_functions_adapters_serve_the_same_portal_files_and_identity_as_the_local_host()
    {
        var index = await ServeAsync("/api/portal/", r => PortalFunctions.Portal(r, null));
        Assert.Equal(200, index.Status);
        Assert.StartsWith("text/html", index.ContentType, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", index.Body, StringComparison.Ordinal);
        var script = await ServeAsync("/api/portal/app.js", r => PortalFunctions.Portal(r, "app.js"));
        Assert.StartsWith("text/javascript", script.ContentType, StringComparison.Ordinal);
        Assert.Contains("from './i18n.js'", script.Body, StringComparison.Ordinal);
        Assert.Contains("Đăng nhập", (await ServeAsync("/api/portal/i18n.js", r => PortalFunctions.Portal(r, "i18n.js"))).Body, StringComparison.Ordinal);

        // Without the trailing slash the pages' relative links would miss the folder.
        var bare = await ServeAsync("/api/portal", r => PortalFunctions.Portal(r, null));
        Assert.Equal(302, bare.Status);
        Assert.Equal("/api/portal/", bare.Location);
        Assert.Equal(404, (await ServeAsync("/api/portal/secrets.json", r => PortalFunctions.Portal(r, "secrets.json"))).Status);
        Assert.Equal(404, (await ServeAsync("/api/portal/..%2Fappsettings.json", r => PortalFunctions.Portal(r, "../appsettings.json"))).Status);
        Assert.Equal(["app.js", "i18n.js", "index.html", "style.css"], PortalFiles.Names.Order(StringComparer.Ordinal));

        var token = (await fixture.Tokens.IssueAsync(Identity.Caller.Unit("portal-me-fn", "so-noi-vu"), TimeSpan.FromDays(1))).Token;
        var me = await ServeAsync("/api/me", r => new PortalFunctions(fixture.Services).GetMe(r, default), token);
        Assert.Equal(200, me.Status);
        Assert.Contains("\"unitId\":\"so-noi-vu\"", me.Body, StringComparison.Ordinal);
        Assert.Equal(401, (await ServeAsync("/api/me", r => new PortalFunctions(fixture.Services).GetMe(r, default))).Status);
    }

    private async Task<(int Status, string? ContentType, string Body, string? Location)> ServeAsync(string path, Func<HttpRequest, Task<IActionResult>> adapter, string? token = null)
    {
        var context = new DefaultHttpContext { RequestServices = fixture.Services };
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        using var response = new MemoryStream();
        context.Response.Body = response;
        Assert.IsType<EmptyResult>(await adapter(context.Request));
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(response.ToArray()), context.Response.Headers.Location);
    }
}
