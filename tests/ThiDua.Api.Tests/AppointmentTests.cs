using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Tests;

/// <summary>
/// A bloc's first year: no previous year elected a leader, so the provincial council's decision appoints the leader
/// and deputy when council staff start the year, and the appointed leader launches it.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class AppointmentTests(ApiFixture fixture)
{
    private static readonly object Appointment = new { leaderUnitId = "so-tu-phap", deputyUnitId = "cong-an-tinh" };

    [Fact]
    public async Task The_appointed_leader_launches_the_first_year_and_no_other_member_does()
    {
        await World.CreateBlocAsync(fixture, "appoint");
        var admin = await fixture.AdminAsync();
        var (leader, other) = (await fixture.UnitAsync("appoint", "so-tu-phap"), await fixture.UnitAsync("appoint", "so-noi-vu"));
        var now = DateTimeOffset.UtcNow;
        const string launch = "/api/blocs/appoint/campaigns/2027/launch";

        var started = await admin.PostJsonAsync("/api/blocs/appoint/cycles/2027", Appointment);
        var again = await admin.PostJsonAsync("/api/blocs/appoint/cycles/2027", Appointment);

        Assert.True(started.Status == HttpStatusCode.Created, started.Body);
        Assert.True(again.Status == HttpStatusCode.OK, again.Body);
        (await other.PostJsonAsync($"{launch}/preview", World.LaunchBody(World.Schedule(now), leader: null))).Problem(HttpStatusCode.Forbidden);
        (await other.PostJsonAsync(launch, World.LaunchBody(World.Schedule(now), leader: null))).Problem(HttpStatusCode.Forbidden);
        var preview = await leader.PostJsonAsync($"{launch}/preview", World.LaunchBody(World.Schedule(now), leader: null));
        Assert.True(preview.Status == HttpStatusCode.OK, preview.Body);
        Assert.Equal(("so-tu-phap", "cong-an-tinh"), (preview.Json.GetProperty("leaderUnitId").GetString(), preview.Json.GetProperty("deputyUnitId").GetString()));
        // A body naming another leader is refused as for any planned year: the appointment stands.
        Assert.Equal(["leaderUnitId"], (await leader.PostJsonAsync(launch, World.LaunchBody(World.Schedule(now), leader: "so-noi-vu"))).Problem(HttpStatusCode.BadRequest));

        var launched = await leader.PostJsonAsync(launch, World.LaunchBody(World.Schedule(now), leader: null));

        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);
        Assert.Equal(("so-tu-phap", "cong-an-tinh"), (launched.Json.GetProperty("leaderUnitId").GetString(), launched.Json.GetProperty("deputyUnitId").GetString()));
        var late = await admin.PostJsonAsync("/api/blocs/appoint/cycles/2027", Appointment);
        Assert.Equal("already-launched", Code(late, HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_bad_appointment_is_refused_naming_the_field_and_nothing_is_stored()
    {
        await World.CreateBlocAsync(fixture, "appoint-bad");
        var admin = await fixture.AdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/blocs/appoint-bad/units/so-ngoai", new { name = "Sở ngoài khối" })).Status);
        var resting = (await fixture.Blocs.GetUnitAsync("appoint-bad", "cong-an-tinh"))!;
        Assert.Equal(WriteOutcome.Updated, (await fixture.Blocs.UpdateUnitAsync(resting.Value with { Active = false }, resting.ETag)).Outcome);
        const string path = "/api/blocs/appoint-bad/cycles/2027";
        var before = await StorageSnapshot.TakeAsync(fixture);

        Assert.Equal(["leaderUnitId"], (await admin.PostJsonAsync(path, new { leaderUnitId = "khong-co" })).Problem(HttpStatusCode.BadRequest));
        Assert.Equal(["leaderUnitId"], (await admin.PostJsonAsync(path, new { leaderUnitId = "so-ngoai" })).Problem(HttpStatusCode.BadRequest));
        Assert.Equal(["deputyUnitId"], (await admin.PostJsonAsync(path, new { leaderUnitId = "so-tu-phap", deputyUnitId = "cong-an-tinh" })).Problem(HttpStatusCode.BadRequest));
        Assert.Equal(["deputyUnitId"], (await admin.PostJsonAsync(path, new { leaderUnitId = "so-tu-phap", deputyUnitId = "so-tu-phap" })).Problem(HttpStatusCode.BadRequest));
        Assert.Equal(["leaderUnitId"], (await admin.PostJsonAsync(path, new { deputyUnitId = "so-noi-vu" })).Problem(HttpStatusCode.BadRequest));
        Assert.Equal(["leaderUnitId"], (await admin.PostJsonAsync(path, new { leaderUnitId = "Sở Tư pháp" })).Problem(HttpStatusCode.BadRequest));
        var refused = await admin.PostJsonAsync(path, new { leaderUnitId = "khong-co" });
        Assert.Contains("không phải là đơn vị thành viên đang hoạt động", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await admin.PostJsonAsync("/api/blocs/khong-co-khoi/cycles/2027", Appointment)).Problem(HttpStatusCode.NotFound);

        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
        Assert.Null(await fixture.Workflows.GetInstanceAsync(CycleIds.Cycle(new CampaignKey("appoint-bad", 2027))));
    }

    [Fact]
    public async Task A_year_whose_leadership_is_decided_keeps_it()
    {
        await World.CreateBlocAsync(fixture, "appoint-decided");
        var admin = await fixture.AdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/blocs/appoint-decided/cycles/2027", Appointment)).Status);
        var before = await StorageSnapshot.TakeAsync(fixture);

        var other = await admin.PostJsonAsync("/api/blocs/appoint-decided/cycles/2027", new { leaderUnitId = "so-noi-vu" });

        Assert.Equal("leadership-decided", Code(other, HttpStatusCode.Conflict));
        Assert.Contains("so-tu-phap", other.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));

        // The next year's leadership is elected by this year's conference, not appointed.
        await fixture.Services.GetRequiredService<LeadershipPlans>().SaveAsync(new LeadershipPlan("appoint-decided", 2028, "so-noi-vu", "so-tu-phap", 2027));
        var elected = await admin.PostJsonAsync("/api/blocs/appoint-decided/cycles/2028?lang=en", Appointment);
        Assert.Equal("leadership-decided", Code(elected, HttpStatusCode.Conflict));
        Assert.Contains("the 2027 result elected leader 'so-noi-vu'", elected.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var same = await admin.PostJsonAsync("/api/blocs/appoint-decided/cycles/2028", new { leaderUnitId = "so-noi-vu", deputyUnitId = "so-tu-phap" });
        Assert.True(same.Status == HttpStatusCode.Created, same.Body);
    }

    [Fact]
    public async Task A_year_after_a_launched_one_waits_for_its_conference()
    {
        await World.LaunchAsync(fixture, "appoint-next", 2027);

        var reply = await (await fixture.AdminAsync()).PostJsonAsync("/api/blocs/appoint-next/cycles/2028", Appointment);

        Assert.Equal("leadership-decided", Code(reply, HttpStatusCode.Conflict));
        Assert.Null(await fixture.Services.GetRequiredService<LeadershipPlans>().GetAsync("appoint-next", 2028));
    }

    private static string? Code(Reply reply, HttpStatusCode status)
    {
        reply.Problem(status);
        return reply.Json.GetProperty("code").GetString();
    }
}
