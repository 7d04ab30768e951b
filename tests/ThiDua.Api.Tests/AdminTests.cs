using System.Net;
using Microsoft.DurableTask.Client;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class AdminTests(ApiFixture fixture)
{
    [Fact]
    public async Task Admin_creates_a_bloc_and_updates_it_only_with_its_current_ETag()
    {
        var admin = await fixture.AdminAsync();
        var created = await admin.PutJsonAsync("/api/blocs/admin-etag", new { name = "Nội chính", memberUnitIds = new[] { "so-noi-vu" } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var etag = created.Headers.ETag!.ToString();

        var withoutIfMatch = await admin.PutJsonAsync("/api/blocs/admin-etag", new { name = "Khối khác" });
        Assert.Contains("If-Match", withoutIfMatch.Problem(HttpStatusCode.PreconditionRequired));

        var updated = await SendWithIfMatchAsync(admin, "/api/blocs/admin-etag", new { name = "Khối Nội chính" }, etag);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var stale = await SendWithIfMatchAsync(admin, "/api/blocs/admin-etag", new { name = "Cũ" }, etag);
        stale.Problem(HttpStatusCode.PreconditionFailed);

        Assert.Equal("Khối Nội chính", (await fixture.Blocs.GetBlocAsync("admin-etag"))!.Value.Name);
        var read = await admin.FetchAsync("/api/blocs/admin-etag");
        Assert.Equal("Khối Nội chính", read.Json.GetProperty("name").GetString());
        Assert.Contains((await admin.FetchAsync("/api/blocs")).Json.EnumerateArray(), b => b.GetProperty("bloc").GetProperty("blocId").GetString() == "admin-etag");
    }

    [Fact]
    public async Task Units_of_the_bloc_read_it_but_only_admins_write_and_list_every_bloc()
    {
        await World.CreateBlocAsync(fixture, "admin-roles");
        var member = await fixture.UnitAsync("admin-roles", "so-tu-phap");
        var outsider = await fixture.UnitAsync("other-bloc", "so-tu-phap");

        Assert.Equal(HttpStatusCode.OK, (await member.FetchAsync("/api/blocs/admin-roles")).Status);
        Assert.Equal(3, (await member.FetchAsync("/api/blocs/admin-roles/units")).Json.GetArrayLength());
        (await outsider.FetchAsync("/api/blocs/admin-roles")).Problem(HttpStatusCode.Forbidden);
        (await outsider.FetchAsync("/api/blocs/admin-roles/units")).Problem(HttpStatusCode.Forbidden);
        (await member.FetchAsync("/api/blocs")).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().FetchAsync("/api/blocs/admin-roles")).Problem(HttpStatusCode.Unauthorized);

        (await member.PutJsonAsync("/api/blocs/admin-roles/units/so-tu-phap", new { name = "Tự đổi tên" })).Problem(HttpStatusCode.Forbidden);
        (await member.PutJsonAsync("/api/blocs/admin-roles/units/don-vi-moi", new { name = "Đơn vị mới" })).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PutJsonAsync("/api/blocs/admin-roles", new { name = "X" })).Problem(HttpStatusCode.Unauthorized);

        Assert.Equal("Đơn vị so-tu-phap", (await fixture.Blocs.GetUnitAsync("admin-roles", "so-tu-phap"))!.Value.Name);
        Assert.Null(await fixture.Blocs.GetUnitAsync("admin-roles", "don-vi-moi"));
        Assert.Equal("Nội chính", (await fixture.Blocs.GetBlocAsync("admin-roles"))!.Value.Name);
    }

    [Fact]
    public async Task A_unit_certificate_that_is_not_a_certificate_is_refused_naming_the_field()
    {
        await World.CreateBlocAsync(fixture, "admin-cert");
        var reply = await (await fixture.AdminAsync()).PutJsonAsync("/api/blocs/admin-cert/units/so-moi", new
        {
            name = "Sở mới",
            certificatePem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
        });

        Assert.Contains("certificatePem", reply.Problem(HttpStatusCode.BadRequest));
        Assert.Null(await fixture.Blocs.GetUnitAsync("admin-cert", "so-moi"));
    }

    [Fact]
    [Trait("Speed", "Slow")] // waits out real cycle deadlines on the in-process host
    public async Task Starting_a_cycle_twice_or_concurrently_gives_one_instance()
    {
        await World.CreateBlocAsync(fixture, "admin-cycle");
        var admin = await fixture.AdminAsync();
        var deadline = new { launchDeadline = DateTimeOffset.UtcNow.AddHours(1) };

        var first = await admin.PostJsonAsync("/api/blocs/admin-cycle/cycles/2031", deadline);
        var again = await admin.PostJsonAsync("/api/blocs/admin-cycle/cycles/2031", deadline);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var id = CycleIds.Cycle(new CampaignKey("admin-cycle", 2031));
        Assert.Equal(id, first.Json.GetProperty("instanceId").GetString());
        Assert.Equal(id, again.Json.GetProperty("instanceId").GetString());
        Assert.False(again.Json.GetProperty("created").GetBoolean());

        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostJsonAsync("/api/blocs/admin-cycle/cycles/2032", deadline)));
        Assert.All(racing, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, r.Body));
        Assert.All(racing, r => Assert.Equal(CycleIds.Cycle(new CampaignKey("admin-cycle", 2032)), r.Json.GetProperty("instanceId").GetString()));
        var instances = await ListAsync("cycle-admin-cycle-2032");
        Assert.Single(instances, i => i.InstanceId == "cycle-admin-cycle-2032");

        var status = await admin.FetchAsync("/api/blocs/admin-cycle/campaigns/2031/status");
        Assert.Equal(HttpStatusCode.OK, status.Status);
        await World.EventuallyAsync(
            async () => (await admin.FetchAsync("/api/blocs/admin-cycle/campaigns/2031/status")).Json.GetProperty("phase").GetString() == "awaitingLaunch",
            "the cycle waits for the launch");
    }

    [Fact]
    public async Task Only_admins_start_cycles()
    {
        await World.CreateBlocAsync(fixture, "admin-cycle-unit");
        var unit = await fixture.UnitAsync("admin-cycle-unit", "so-noi-vu");

        (await unit.PostJsonAsync("/api/blocs/admin-cycle-unit/cycles/2031", new { })).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync("/api/blocs/admin-cycle-unit/cycles/2031", new { })).Problem(HttpStatusCode.Unauthorized);

        Assert.Null(await fixture.Workflows.GetInstanceAsync(CycleIds.Cycle(new CampaignKey("admin-cycle-unit", 2031))));
    }

    private async Task<List<OrchestrationMetadata>> ListAsync(string prefix)
    {
        var list = new List<OrchestrationMetadata>();
        await foreach (var instance in fixture.Workflows.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
        {
            list.Add(instance);
        }

        return list;
    }

    private static async Task<Reply> SendWithIfMatchAsync(HttpClient client, string path, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(World.Serialize(body), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await Reply.ReadAsync(await client.SendAsync(request));
    }
}
