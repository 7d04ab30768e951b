using System.Net;

namespace ThiDua.Api.Tests;

/// <summary>The leader sees the whole year before launching it, and the compact previewed is the one launched.</summary>
[Collection(ApiTests.Name)]
public sealed class LaunchPreviewTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_preview_stores_nothing_and_launching_its_schedule_gives_the_compact_it_showed()
    {
        await World.CreateBlocAsync(fixture, "preview", new { reminderOffsets = new[] { "12:00:00", "1.00:00:00" } });
        var admin = await fixture.AdminAsync();
        var now = DateTimeOffset.UtcNow;
        var before = await StorageSnapshot.TakeAsync(fixture);

        var preview = await admin.PostJsonAsync("/api/blocs/preview/campaigns/2027/launch/preview", World.LaunchBody(World.Schedule(now)));

        Assert.True(preview.Status == HttpStatusCode.OK, preview.Body);
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
        Assert.Equal(("so-noi-vu", 3), (preview.Json.GetProperty("leaderUnitId").GetString(), preview.Json.GetProperty("members").GetArrayLength()));
        var scoring = preview.Json.GetProperty("schedule").GetProperty("scoringDeadline").GetDateTimeOffset();
        Assert.Equal([scoring.AddDays(-1), scoring.AddHours(-12)], preview.Json.GetProperty("reminders").EnumerateArray().Select(r => r.GetDateTimeOffset()));
        var steps = preview.Json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(9, steps.Count);
        Assert.Equal(steps.Select(s => s.GetProperty("at").GetDateTimeOffset()).Order(), steps.Select(s => s.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal("Phát động", steps[0].GetProperty("what").GetString());
        Assert.Contains(steps, s => s.GetProperty("what").GetString() == "Nhắc các đơn vị chưa nộp bảng tự chấm điểm (12:00:00 trước hạn)");
        Assert.All(steps, s => Assert.EndsWith("(giờ Việt Nam)", s.GetProperty("vietnamTime").GetString(), StringComparison.Ordinal));
        Assert.Contains(preview.Json.GetProperty("compactSha256").GetString()!, preview.Json.GetProperty("compactHtml").GetString()!, StringComparison.Ordinal);
        var english = await admin.PostJsonAsync("/api/blocs/preview/campaigns/2027/launch/preview?lang=en", World.LaunchBody(World.Schedule(now)));
        Assert.Equal("Launch", english.Json.GetProperty("steps")[0].GetProperty("what").GetString());
        Assert.Equal(preview.Json.GetProperty("compactSha256").GetString(), english.Json.GetProperty("compactSha256").GetString());

        var launched = await admin.PostJsonAsync("/api/blocs/preview/campaigns/2027/launch", new
        {
            commitments = new[] { "Hoàn thành xuất sắc nhiệm vụ chính trị được giao." },
            criteria = World.Criteria,
            schedule = preview.Json.GetProperty("schedule"),
            leaderUnitId = "so-noi-vu",
        });
        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);
        Assert.Equal(preview.Json.GetProperty("compactSha256").GetString(), launched.Json.GetProperty("compactSha256").GetString());
        Assert.Equal("already-launched", (await admin.PostJsonAsync("/api/blocs/preview/campaigns/2027/launch/preview", World.LaunchBody(World.Schedule(now)))).Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_preview_is_refused_as_the_launch_would_be()
    {
        await World.CreateBlocAsync(fixture, "preview-refused");
        var now = DateTimeOffset.UtcNow;
        const string path = "/api/blocs/preview-refused/campaigns/2027/launch/preview";
        var (unit, admin) = (await fixture.UnitAsync("preview-refused", "so-tu-phap"), await fixture.AdminAsync());
        var before = await StorageSnapshot.TakeAsync(fixture);

        (await unit.PostJsonAsync(path, World.LaunchBody(World.Schedule(now)))).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync(path, World.LaunchBody(World.Schedule(now)))).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(["leaderUnitId"], (await admin.PostJsonAsync(path, World.LaunchBody(World.Schedule(now), leader: null))).Problem(HttpStatusCode.BadRequest));
        Assert.Contains("schedule.signingDeadline", (await admin.PostJsonAsync(path, World.LaunchBody(World.Schedule(now.AddDays(-3))))).Problem(HttpStatusCode.BadRequest));
        (await admin.PostJsonAsync("/api/blocs/khong-co/campaigns/2027/launch/preview", World.LaunchBody(World.Schedule(now)))).Problem(HttpStatusCode.NotFound);
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }
}
