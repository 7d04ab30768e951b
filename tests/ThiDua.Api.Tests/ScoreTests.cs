using System.Net;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class ScoreTests(ApiFixture fixture) : IDisposable
{
    public void Dispose() => fixture.Clock.Offset = TimeSpan.Zero;

    [Fact]
    public async Task Resubmission_creates_version_2_and_a_retried_request_creates_no_version()
    {
        await OpenAsync("scores-versions");
        var unit = await fixture.UnitAsync("scores-versions", "so-tu-phap");
        const string path = "/api/blocs/scores-versions/campaigns/2027/scores/so-tu-phap";

        var first = await unit.PostJsonAsync(path, World.Submission("scores-versions", 2027, "so-tu-phap", "req-1", 50));
        var retry = await unit.PostJsonAsync(path, World.Submission("scores-versions", 2027, "so-tu-phap", "req-1", 50));
        var second = await unit.PostJsonAsync(path, World.Submission("scores-versions", 2027, "so-tu-phap", "req-2", 55));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(1, first.Json.GetProperty("version").GetInt32());
        Assert.Equal(80m, first.Json.GetProperty("totals").GetProperty("total").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(1, retry.Json.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(2, second.Json.GetProperty("version").GetInt32());

        var versions = (await unit.FetchAsync(path)).Json.GetProperty("versions");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(2, (await fixture.ScoreSheets.ListVersionsAsync("scores-versions", 2027, "so-tu-phap")).Count);

        // The year's leader reviews every unit's sheet; another member does not see it.
        Assert.Equal(HttpStatusCode.OK, (await (await fixture.UnitAsync("scores-versions", "so-noi-vu")).FetchAsync(path)).Status);
        (await (await fixture.UnitAsync("scores-versions", "cong-an-tinh")).FetchAsync(path)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_submission_sent_as_soon_as_the_launch_is_answered_is_accepted()
    {
        // No gate opened by hand: here the cycle's LoadCampaign does not open it, so only the launch can.
        await World.LaunchAsync(fixture, "scores-at-launch", 2027);
        var unit = await fixture.UnitAsync("scores-at-launch", "so-tu-phap");

        var reply = await unit.PostJsonAsync("/api/blocs/scores-at-launch/campaigns/2027/scores/so-tu-phap", World.Submission("scores-at-launch", 2027, "so-tu-phap", "early-1"));

        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        Assert.Empty(await fixture.Adjustments.ListLateAsync("scores-at-launch", 2027));
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_unit_get_distinct_consecutive_versions()
    {
        await OpenAsync("scores-parallel");
        var unit = await fixture.UnitAsync("scores-parallel", "so-tu-phap");
        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            unit.PostJsonAsync("/api/blocs/scores-parallel/campaigns/2027/scores/so-tu-phap", World.Submission("scores-parallel", 2027, "so-tu-phap", $"p-{i}", i))));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(Enumerable.Range(1, 10), replies.Select(r => r.Json.GetProperty("version").GetInt32()).Order());
    }

    [Fact]
    public async Task A_submission_after_the_deadline_is_refused_and_recorded_as_late()
    {
        var now = await OpenAsync("scores-late");
        fixture.Clock.SetNow(now.AddDays(2).AddMinutes(1));
        var unit = await fixture.UnitAsync("scores-late", "so-tu-phap");

        var reply = await unit.PostJsonAsync("/api/blocs/scores-late/campaigns/2027/scores/so-tu-phap", World.Submission("scores-late", 2027, "so-tu-phap", "late-1"));

        reply.Problem(HttpStatusCode.Conflict);
        Assert.Equal("scoring-closed", reply.Json.GetProperty("code").GetString());
        Assert.Empty(await fixture.ScoreSheets.ListVersionsAsync("scores-late", 2027, "so-tu-phap"));
        var late = Assert.Single(await fixture.Adjustments.ListLateAsync("scores-late", 2027));
        Assert.Equal(("so-tu-phap", "late-1"), (late.UnitId, late.ClientRequestId));
    }

    [Fact]
    public async Task A_submission_after_the_workflow_closed_collection_is_refused_and_recorded_as_late()
    {
        await OpenAsync("scores-closed");
        await fixture.SubmissionWindow.CloseAsync("scores-closed", 2027, DateTimeOffset.UtcNow);
        var unit = await fixture.UnitAsync("scores-closed", "cong-an-tinh");

        var reply = await unit.PostJsonAsync("/api/blocs/scores-closed/campaigns/2027/scores/cong-an-tinh", World.Submission("scores-closed", 2027, "cong-an-tinh", "after-close"));

        reply.Problem(HttpStatusCode.Conflict);
        Assert.Empty(await fixture.ScoreSheets.ListLatestAsync("scores-closed", 2027));
        Assert.Equal("after-close", Assert.Single(await fixture.Adjustments.ListLateAsync("scores-closed", 2027)).ClientRequestId);
    }

    [Fact]
    public async Task Nobody_submits_for_another_unit()
    {
        await OpenAsync("scores-others");
        const string path = "/api/blocs/scores-others/campaigns/2027/scores/so-tu-phap";
        var body = World.Submission("scores-others", 2027, "so-tu-phap", "r-1");

        (await (await fixture.UnitAsync("scores-others", "so-noi-vu")).PostJsonAsync(path, body)).Problem(HttpStatusCode.Forbidden);
        (await (await fixture.UnitAsync("other-bloc", "so-tu-phap")).PostJsonAsync(path, body)).Problem(HttpStatusCode.Forbidden);
        (await (await fixture.AdminAsync()).PostJsonAsync(path, body)).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync(path, body)).Problem(HttpStatusCode.Unauthorized);

        // The body naming another unit than the caller's route is refused too.
        var self = await fixture.UnitAsync("scores-others", "so-noi-vu");
        var mismatch = await self.PostJsonAsync("/api/blocs/scores-others/campaigns/2027/scores/so-noi-vu", body);
        Assert.Contains("unitId", mismatch.Problem(HttpStatusCode.BadRequest));

        Assert.Empty(await fixture.ScoreSheets.ListLatestAsync("scores-others", 2027));
    }

    [Fact]
    public async Task Points_above_the_maximum_and_unknown_criteria_are_refused_naming_each_line()
    {
        await OpenAsync("scores-rules");
        var unit = await fixture.UnitAsync("scores-rules", "so-tu-phap");
        var reply = await unit.PostJsonAsync("/api/blocs/scores-rules/campaigns/2027/scores/so-tu-phap", new
        {
            blocId = "scores-rules",
            year = 2027,
            unitId = "so-tu-phap",
            clientRequestId = "r-1",
            lines = new object[] { new { criterionId = "1-1", points = 61 }, new { criterionId = "1-2", points = 10 }, new { criterionId = "9-9", points = 1 }, new { criterionId = "t-1", points = 2 } },
        });

        var fields = reply.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("lines[0].points", fields);
        Assert.Contains("lines[2].criterionId", fields);
        Assert.Contains("lines[3].reason", fields);
        Assert.Empty(await fixture.ScoreSheets.ListLatestAsync("scores-rules", 2027));
    }

    [Fact]
    public async Task The_leader_adjusts_points_in_the_review_window_once_per_request()
    {
        var now = await OpenAsync("scores-review");
        await (await fixture.UnitAsync("scores-review", "so-tu-phap")).PostJsonAsync("/api/blocs/scores-review/campaigns/2027/scores/so-tu-phap", World.Submission("scores-review", 2027, "so-tu-phap", "r-1"));
        var leader = await fixture.UnitAsync("scores-review", "so-noi-vu");
        const string path = "/api/blocs/scores-review/campaigns/2027/adjustments";
        var adjustment = new { clientRequestId = "adj-1", unitId = "so-tu-phap", criterionId = "1-1", newPoints = 45, reason = "Số liệu báo cáo chưa đầy đủ" };

        (await leader.PostJsonAsync(path, adjustment)).Problem(HttpStatusCode.Conflict);
        fixture.Clock.SetNow(now.AddDays(2).AddHours(1));
        Assert.Equal(HttpStatusCode.Created, (await leader.PostJsonAsync(path, adjustment)).Status);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostJsonAsync(path, adjustment)).Status);
        (await (await fixture.UnitAsync("scores-review", "so-tu-phap")).PostJsonAsync(path, adjustment with { clientRequestId = "adj-2" })).Problem(HttpStatusCode.Forbidden);
        (await (await fixture.AdminAsync()).PostJsonAsync(path, adjustment with { clientRequestId = "adj-3" })).Problem(HttpStatusCode.Forbidden);
        var missingReason = await leader.PostJsonAsync(path, adjustment with { clientRequestId = "adj-4", reason = " " });
        Assert.Contains("reason", missingReason.Problem(HttpStatusCode.BadRequest));

        var stored = Assert.Single(await fixture.Adjustments.ListAdjustmentsAsync("scores-review", 2027));
        Assert.Equal((45m, "so-noi-vu"), (stored.NewPoints, stored.AdjustedBy));
        var history = (await leader.FetchAsync("/api/blocs/scores-review/campaigns/2027/scores/so-tu-phap")).Json;
        Assert.Equal(1, history.GetProperty("adjustments").GetArrayLength());

        var closed = await leader.PostJsonAsync("/api/blocs/scores-review/campaigns/2027/review/close", new { });
        Assert.Equal(HttpStatusCode.Accepted, closed.Status);
        Assert.Equal(CycleIds.Scoring(new CampaignKey("scores-review", 2027)), closed.Json.GetProperty("instanceId").GetString());
        (await (await fixture.UnitAsync("scores-review", "cong-an-tinh")).PostJsonAsync("/api/blocs/scores-review/campaigns/2027/review/close", new { })).Problem(HttpStatusCode.Forbidden);
    }

    /// <summary>A launched campaign whose score window the workflow has opened.</summary>
    private async Task<DateTimeOffset> OpenAsync(string blocId)
    {
        var (now, _) = await World.LaunchAsync(fixture, blocId, 2027);
        await fixture.SubmissionWindow.OpenAsync(blocId, 2027, now);
        return now;
    }
}
