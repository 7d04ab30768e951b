using System.Net;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Api.Tests;

/// <summary>The runtime probe starts work on the task hub and shows the host's process id: council staff only.</summary>
[Collection(ApiTests.Name)]
public sealed class ProbeApiTests(ApiFixture fixture)
{
    private const string Probes = "/api/diagnostics/probes";
    private const string Body = """{"message":"x","timerSeconds":0,"eventWaitSeconds":0}""";

    [Fact]
    public async Task Anonymous_callers_and_units_are_refused_and_start_no_orchestration()
    {
        var admin = await fixture.AdminAsync();
        var unit = await fixture.UnitAsync("probe-bloc", "so-tu-phap");
        var before = await ProbeInstancesAsync();
        var started = await admin.SendTextAsync(HttpMethod.Post, Probes, Body);
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        var id = started.Json.GetProperty("instanceId").GetString()!;
        Assert.Equal($"{Probes}/{id}", started.Headers.Location?.OriginalString);

        foreach (var (client, status, code) in new[] { (fixture.Anonymous(), HttpStatusCode.Unauthorized, "unauthenticated"), (unit, HttpStatusCode.Forbidden, "forbidden") })
        {
            var start = await client.SendTextAsync(HttpMethod.Post, Probes, Body);
            var read = await client.FetchAsync($"{Probes}/{id}");
            var raise = await client.SendTextAsync(HttpMethod.Post, $"{Probes}/{id}/events", """{"payload":"x"}""");

            foreach (var reply in new[] { start, read, raise })
            {
                reply.Problem(status);
                Assert.Equal(code, reply.Json.GetProperty("code").GetString());
                Assert.DoesNotContain("pid=", reply.Body, StringComparison.Ordinal);
            }
        }

        Assert.Equal([.. before, id], await ProbeInstancesAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.FetchAsync($"{Probes}/{id}")).Status);
    }

    [Fact]
    public async Task An_unknown_probe_is_a_404_problem_for_council_staff()
    {
        var admin = await fixture.AdminAsync();

        var read = await admin.FetchAsync($"{Probes}/no-such-probe");
        var raise = await admin.SendTextAsync(HttpMethod.Post, $"{Probes}/no-such-probe/events", """{"payload":"x"}""");

        Assert.Equal(["instanceId"], read.Problem(HttpStatusCode.NotFound));
        Assert.Equal(["instanceId"], raise.Problem(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Out_of_range_waits_are_a_400_naming_each_field_and_start_nothing()
    {
        var admin = await fixture.AdminAsync();
        var before = await ProbeInstancesAsync();

        var reply = await admin.SendTextAsync(HttpMethod.Post, Probes, """{"message":"x","timerSeconds":-1,"eventWaitSeconds":7200}""");

        Assert.Equal(["eventWaitSeconds", "timerSeconds"], reply.Problem(HttpStatusCode.BadRequest).Order(StringComparer.Ordinal));
        Assert.Equal(before, await ProbeInstancesAsync());
    }

    private async Task<List<string>> ProbeInstancesAsync()
    {
        var ids = new List<string>();
        await foreach (var instance in fixture.Workflows.GetAllInstancesAsync())
        {
            if (instance.Name == nameof(ProbeOrchestrator))
            {
                ids.Add(instance.InstanceId);
            }
        }

        return ids.Order(StringComparer.Ordinal).ToList();
    }
}
