using System.Net;
using System.Text.Json;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class ProposalTests(ApiFixture fixture)
{
    private const string Bloc = "de-nghi";
    private const string Decision = $"/api/blocs/{Bloc}/campaigns/2027/proposals/so-tu-phap/decision";

    [Fact]
    public async Task Council_staff_list_every_blocs_proposals_and_decide_each_once()
    {
        await World.LaunchAsync(fixture, Bloc, 2027);
        var admin = await fixture.AdminAsync();
        var unit = await fixture.UnitAsync(Bloc, "so-tu-phap");
        var accept = new { levelId = "co-thi-dua-tinh", outcome = "accepted" };

        // Before the year decides its proposals there is nothing to decide.
        (await admin.PostJsonAsync(Decision, accept)).Problem(HttpStatusCode.Conflict);
        await SaveResultAsync();

        // Only council staff see the list and decide.
        (await fixture.Anonymous().FetchAsync("/api/proposals/2027")).Problem(HttpStatusCode.Unauthorized);
        (await unit.FetchAsync("/api/proposals/2027")).Problem(HttpStatusCode.Forbidden);
        (await unit.PostJsonAsync(Decision, accept)).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync(Decision, accept)).Problem(HttpStatusCode.Unauthorized);

        var listed = Entries(await admin.FetchAsync("/api/proposals/2027"));
        Assert.Equal(
            [
                ("Đơn vị so-tu-phap", "Cờ thi đua cấp tỉnh", "proposed"),
                ("Đơn vị so-noi-vu", "Bằng khen của Chủ tịch UBND tỉnh", "proposed"),
                ("Đơn vị cong-an-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "proposed"),
            ],
            listed.Select(e => (e.GetProperty("unitName").GetString(), e.GetProperty("levelName").GetString(), e.GetProperty("status").GetString())));
        Assert.All(listed, e => Assert.Equal("Nội chính", e.GetProperty("blocName").GetString()));

        // Bad requests name the field and change nothing.
        var before = await StorageSnapshot.TakeAsync(fixture);
        Assert.Contains("outcome", (await admin.PostJsonAsync(Decision, new { levelId = "co-thi-dua-tinh", outcome = "maybe" })).Problem(HttpStatusCode.BadRequest));
        Assert.Contains("reason", (await admin.PostJsonAsync(Decision, new { levelId = "co-thi-dua-tinh", outcome = "returned" })).Problem(HttpStatusCode.BadRequest));
        Assert.Contains("levelId", (await admin.PostJsonAsync(Decision, new { levelId = "bang-khen-bo", outcome = "accepted" })).Problem(HttpStatusCode.BadRequest));
        Assert.Contains("unitId", (await admin.PostJsonAsync(Decision, new { levelId = "bang-khen-ubnd-tinh", outcome = "accepted" })).Problem(HttpStatusCode.NotFound));
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));

        var accepted = await admin.PostJsonAsync(Decision, accept);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(("accepted", "co-thi-dua-tinh"), (accepted.Json.GetProperty("status").GetString(), accepted.Json.GetProperty("level").GetString()));

        // A retry returns the first decision; another outcome is refused and changes nothing.
        var retry = await admin.PostJsonAsync(Decision, accept);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(accepted.Json.GetProperty("decidedAt").GetString(), retry.Json.GetProperty("decidedAt").GetString());
        before = await StorageSnapshot.TakeAsync(fixture);
        var changed = await admin.PostJsonAsync(Decision, new { levelId = "co-thi-dua-tinh", outcome = "returned", reason = "Chưa đủ hồ sơ" });
        Assert.Contains("outcome", changed.Problem(HttpStatusCode.Conflict));
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));

        var returned = await admin.PostJsonAsync(
            $"/api/blocs/{Bloc}/campaigns/2027/proposals/cong-an-tinh/decision",
            new { levelId = "bang-khen-ubnd-tinh", outcome = "returned", reason = "Vượt số lượng đề nghị của khối" });
        Assert.Equal(("returned", "Vượt số lượng đề nghị của khối"), (returned.Json.GetProperty("status").GetString(), returned.Json.GetProperty("reason").GetString()));

        // The list and the bloc's published results show the decisions.
        Assert.Equal(
            ["accepted", "proposed", "returned"],
            Entries(await admin.FetchAsync("/api/proposals/2027")).Select(e => e.GetProperty("status").GetString()));
        var results = await unit.FetchAsync($"/api/blocs/{Bloc}/campaigns/2027/results");
        Assert.Equal(
            [("so-tu-phap", "co-thi-dua-tinh", "accepted", false), ("so-noi-vu", "bang-khen-ubnd-tinh", "proposed", false), ("cong-an-tinh", "bang-khen-ubnd-tinh", "returned", false)],
            results.Json.GetProperty("proposals").EnumerateArray().Select(p => (
                p.GetProperty("unitId").GetString(), p.GetProperty("level").GetString(), p.GetProperty("status").GetString(), p.GetProperty("undecidedVote").GetBoolean())));
    }

    private static List<JsonElement> Entries(Reply reply)
    {
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json.GetProperty("proposals").EnumerateArray().Where(e => e.GetProperty("blocId").GetString() == Bloc).ToList();
    }

    private async Task SaveResultAsync() => await fixture.Results.SaveYearResultAsync(new YearResult
    {
        BlocId = Bloc,
        Year = 2027,
        LeadingUnitId = "so-tu-phap",
        Proposals =
        [
            new Proposal { UnitId = "so-tu-phap", LevelId = "co-thi-dua-tinh", Order = 1 },
            new Proposal { UnitId = "so-noi-vu", LevelId = "bang-khen-ubnd-tinh", Order = 1 },
            new Proposal { UnitId = "cong-an-tinh", LevelId = "bang-khen-ubnd-tinh", Order = 2 },
        ],
        NextLeadership = new LeaderChoice("so-tu-phap", "cong-an-tinh"),
        DecidedAt = DateTimeOffset.UtcNow,
    });
}
