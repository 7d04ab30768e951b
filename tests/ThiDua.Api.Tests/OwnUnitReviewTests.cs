using System.Net;
using System.Text;
using ThiDua.Domain;

namespace ThiDua.Api.Tests;

/// <summary>
/// Conflict of interest in the review: the year's leader (so-noi-vu) adjusts every unit but its own, whose
/// points the deputy (cong-an-tinh) or council staff adjust, as the bloc's rule says.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class OwnUnitReviewTests(ApiFixture fixture) : IDisposable
{
    private const string Leader = "so-noi-vu";
    private const string Deputy = "cong-an-tinh";
    private const string Member = "so-tu-phap";

    public void Dispose() => fixture.Clock.Offset = TimeSpan.Zero;

    [Fact]
    public async Task The_deputy_adjusts_the_leaders_own_points_and_the_leader_never_does()
    {
        const string path = "/api/blocs/review-deputy/campaigns/2027/adjustments";
        await InReviewAsync("review-deputy", Deputy, reviewer: null);
        var (leader, deputy, member) = (await fixture.UnitAsync("review-deputy", Leader), await fixture.UnitAsync("review-deputy", Deputy), await fixture.UnitAsync("review-deputy", Member));

        var own = await leader.PostJsonAsync(path, Adjustment("own-1", Leader));
        Assert.Equal(["unitId"], own.Problem(HttpStatusCode.Forbidden));
        Assert.Equal("not-reviewer", own.Json.GetProperty("code").GetString());
        Assert.Empty(await fixture.Adjustments.ListAdjustmentsAsync("review-deputy", 2027));

        Assert.Equal(HttpStatusCode.Created, (await deputy.PostJsonAsync(path, Adjustment("dep-1", Leader))).Status);
        Assert.Equal(["unitId"], (await deputy.PostJsonAsync(path, Adjustment("dep-2", Member))).Problem(HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.Created, (await leader.PostJsonAsync(path, Adjustment("lead-1", Member))).Status);
        (await (await fixture.AdminAsync()).PostJsonAsync(path, Adjustment("admin-1", Leader))).Problem(HttpStatusCode.Forbidden);
        (await member.PostJsonAsync(path, Adjustment("member-1", Leader))).Problem(HttpStatusCode.Forbidden);
        (await (await fixture.UnitAsync("review-outsider", Member)).PostJsonAsync(path, Adjustment("outsider-1", Leader))).Problem(HttpStatusCode.Forbidden);

        var stored = await fixture.Adjustments.ListAdjustmentsAsync("review-deputy", 2027);
        Assert.Equal(
            [(Leader, Deputy), (Member, Leader)],
            stored.Select(a => (a.UnitId, a.AdjustedBy)).OrderBy(a => a.UnitId, StringComparer.Ordinal));

        // The deputy reads the sheet it reviews, with the adjustment, and no other unit's.
        var history = await deputy.FetchAsync($"/api/blocs/review-deputy/campaigns/2027/scores/{Leader}");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        Assert.Equal(40m, Assert.Single(history.Json.GetProperty("adjustments").EnumerateArray()).GetProperty("newPoints").GetDecimal());
        (await deputy.FetchAsync($"/api/blocs/review-deputy/campaigns/2027/scores/{Member}")).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(Deputy, (await deputy.FetchAsync("/api/blocs/review-deputy/campaigns/2027/progress")).Json.GetProperty("leaderReviewerUnitId").GetString());
    }

    [Fact]
    public async Task Under_the_council_rule_council_staff_adjust_the_leaders_own_points_and_the_deputy_does_not()
    {
        const string path = "/api/blocs/review-council/campaigns/2027/adjustments";
        await InReviewAsync("review-council", Deputy, reviewer: "council");
        var admin = await fixture.AdminAsync();

        (await (await fixture.UnitAsync("review-council", Deputy)).PostJsonAsync(path, Adjustment("dep-1", Leader))).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(["unitId"], (await (await fixture.UnitAsync("review-council", Leader)).PostJsonAsync(path, Adjustment("own-1", Leader))).Problem(HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync(path, Adjustment("council-1", Leader))).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync(path, Adjustment("council-1", Leader))).Status);
        Assert.Equal(["unitId"], (await admin.PostJsonAsync(path, Adjustment("council-2", Member))).Problem(HttpStatusCode.Forbidden));

        var stored = Assert.Single(await fixture.Adjustments.ListAdjustmentsAsync("review-council", 2027));
        Assert.Equal((Leader, ScoreAdjustment.ByCouncil), (stored.UnitId, stored.AdjustedBy));
        var progress = (await admin.FetchAsync("/api/blocs/review-council/campaigns/2027/progress")).Json;
        Assert.False(progress.TryGetProperty("leaderReviewerUnitId", out var reviewer) && reviewer.ValueKind != System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Without_a_deputy_council_staff_adjust_the_leaders_own_points()
    {
        const string path = "/api/blocs/review-nodeputy/campaigns/2027/adjustments";
        await InReviewAsync("review-nodeputy", deputy: null, reviewer: null);

        Assert.Equal(["unitId"], (await (await fixture.UnitAsync("review-nodeputy", Leader)).PostJsonAsync(path, Adjustment("own-1", Leader))).Problem(HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.Created, (await (await fixture.AdminAsync()).PostJsonAsync(path, Adjustment("council-1", Leader))).Status);
    }

    private static object Adjustment(string requestId, string unitId) =>
        new { clientRequestId = requestId, unitId, criterionId = "1-1", newPoints = 40, reason = "Số liệu báo cáo chưa đầy đủ" };

    /// <summary>
    /// The bloc (with <paramref name="reviewer"/> as its rule for the leader's own points, when given), its campaign
    /// led by <see cref="Leader"/> with <paramref name="deputy"/>, the leader's and a member's sheets, and the clock
    /// in the review window.
    /// </summary>
    private async Task InReviewAsync(string blocId, string? deputy, string? reviewer)
    {
        await World.CreateBlocAsync(fixture, blocId);
        var admin = await fixture.AdminAsync();
        if (reviewer is not null)
        {
            var etag = (await admin.FetchAsync($"/api/blocs/{blocId}")).Headers.ETag!.ToString();
            using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/blocs/{blocId}")
            {
                Content = new StringContent(
                    World.Serialize(new { name = "Nội chính", memberUnitIds = World.Units, rotationOrder = World.Units, rules = new { ownUnitReviewer = reviewer } }),
                    Encoding.UTF8,
                    "application/json"),
            };
            update.Headers.TryAddWithoutValidation("If-Match", etag);
            Assert.Equal(HttpStatusCode.OK, (await Reply.ReadAsync(await admin.SendAsync(update))).Status);
        }

        var now = DateTimeOffset.UtcNow;
        var launched = await admin.PostJsonAsync($"/api/blocs/{blocId}/campaigns/2027/launch", new
        {
            commitments = new[] { "Hoàn thành xuất sắc nhiệm vụ chính trị được giao." },
            criteria = World.Criteria,
            schedule = World.Schedule(now),
            leaderUnitId = Leader,
            deputyUnitId = deputy,
        });
        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);
        await fixture.SubmissionWindow.OpenAsync(blocId, 2027, now);
        foreach (var unitId in new[] { Leader, Member })
        {
            var sheet = await (await fixture.UnitAsync(blocId, unitId)).PostJsonAsync($"/api/blocs/{blocId}/campaigns/2027/scores/{unitId}", World.Submission(blocId, 2027, unitId, "r-1"));
            Assert.Equal(HttpStatusCode.Created, sheet.Status);
        }

        fixture.Clock.SetNow(now.AddDays(2).AddHours(1));
    }
}
