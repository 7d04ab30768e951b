using System.Net;
using System.Net.Http.Headers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>The local host on Azurite runs every durable primitive the annual cycle needs.</summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class LocalHostRuntimeTests(AzuriteFixture azurite)
{
    [Fact]
    public void Azurite_runs_with_its_storage_patched()
    {
        // Without the patch, Azurite's garbage collection blocked every request for over a minute
        // once thousands of queue messages had come and gone (seen in the engine benchmark).
        Assert.True(azurite.Azurite.StoragePatched);
    }

    [Fact]
    [Trait("Category", "RecordHistories")]
    public async Task Probe_with_activity_timer_event_and_sub_orchestration_completes_on_Azurite()
    {
        var scope = azurite.CreateScope(nameof(LocalHostRuntimeTests));
        await using var host = await LocalHostApp.CreateAsync([], options =>
        {
            options.StorageConnectionString = scope.ConnectionString;
            options.TaskHubName = scope.TaskHubName;
            options.Urls = "http://127.0.0.1:0";
        });
        await host.StartAsync();
        using var http = await AdminClientAsync(host);
        var probes = new ProbeClient(http);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var id = await probes.StartAsync("ket-noi", timerSeconds: 2, eventWaitSeconds: 60, timeout.Token);
        await probes.WaitUntilAsync(id, s => s.Phase == "event", timeout.Token);
        await probes.RaiseAsync(id, "đồng ý", timeout.Token);
        var done = await probes.WaitUntilAsync(id, s => s.Status == "Completed", timeout.Token);
        await HistoryRecorder.RecordAsync(
            scope, "probe", "The runtime probe: an activity, a timer, an event received, a child workflow.", i => i.StartsWith(id, StringComparison.Ordinal), timeout.Token);

        var stamp = $"ket-noi|pid={Environment.ProcessId}";
        Assert.Equal(stamp, done.ActivityStamp);
        Assert.Equal("đồng ý", done.EventPayload);
        Assert.Equal($"child:{stamp}|pid={Environment.ProcessId}", done.ChildResult);
    }

    [Fact]
    public async Task Unknown_probe_is_404_and_bad_input_is_400()
    {
        var scope = azurite.CreateScope(nameof(LocalHostRuntimeTests));
        await using var host = await LocalHostApp.CreateAsync([], options =>
        {
            options.StorageConnectionString = scope.ConnectionString;
            options.TaskHubName = scope.TaskHubName;
            options.Urls = "http://127.0.0.1:0";
        });
        await host.StartAsync();
        using var http = await AdminClientAsync(host);

        using var missing = await http.GetAsync("api/diagnostics/probes/nope");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        using var bad = await http.PostAsync(
            "api/diagnostics/probes", new StringContent("{\"message\":\"x\",\"timerSeconds\":-1,\"eventWaitSeconds\":0}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Probes_are_refused_to_anonymous_callers_and_to_units()
    {
        var scope = azurite.CreateScope(nameof(LocalHostRuntimeTests));
        await using var host = await LocalHostApp.CreateAsync([], options =>
        {
            options.StorageConnectionString = scope.ConnectionString;
            options.TaskHubName = scope.TaskHubName;
            options.Urls = "http://127.0.0.1:0";
        });
        await host.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.Urls[0] };
        using var unit = new HttpClient { BaseAddress = host.Urls[0] };
        var unitToken = await host.Services.GetRequiredService<ITokenStore>().IssueAsync(Caller.Unit("noi-chinh", "so-tu-phap"), TimeSpan.FromHours(1));
        unit.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", unitToken.Token);
        using var admin = await AdminClientAsync(host);
        var id = await new ProbeClient(admin).StartAsync("owned", timerSeconds: 0, eventWaitSeconds: 0, CancellationToken.None);

        foreach (var (client, status) in new[] { (anonymous, HttpStatusCode.Unauthorized), (unit, HttpStatusCode.Forbidden) })
        {
            using var start = await client.PostAsync("api/diagnostics/probes", new StringContent("{\"message\":\"x\",\"timerSeconds\":0,\"eventWaitSeconds\":0}", System.Text.Encoding.UTF8, "application/json"));
            using var read = await client.GetAsync($"api/diagnostics/probes/{id}");
            Assert.Equal(status, start.StatusCode);
            Assert.Equal(status, read.StatusCode);
            Assert.DoesNotContain("pid=", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Only the admin's probe was started (its own child workflow may have followed by now).
        var started = new List<string>();
        await foreach (var instance in host.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync())
        {
            if (instance.Name == nameof(ProbeOrchestrator))
            {
                started.Add(instance.InstanceId);
            }
        }

        Assert.Equal([id], started);
    }

    static async Task<HttpClient> AdminClientAsync(LocalHostApp host)
    {
        var token = await host.Services.GetRequiredService<ITokenStore>().IssueAsync(Caller.Admin, TimeSpan.FromHours(1));
        var http = new HttpClient { BaseAddress = host.Urls[0] };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return http;
    }
}
