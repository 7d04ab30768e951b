using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using ThiDua.Api;
using ThiDua.Api.Diagnostics;
using ThiDua.Functions.Diagnostics;
using ThiDua.Workflows;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Functions.Tests;

public sealed class ProbeHttpAdapterTests : IAsyncLifetime
{
    private const string StartPath = "/api/" + ApiRoutes.Probes;
    private static readonly ProbeFunctions Functions = new(AzureCallers.Services);
    private DurableTaskTestHost host = null!;

    private DurableTaskClient Client => host.Client;

    public async Task InitializeAsync() => host = await DurableTaskTestHost.StartAsync(registry => registry.AddThiDuaWorkflows());

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Probe_started_through_the_HTTP_adapter_completes_on_the_registered_workflows()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = await StartThroughAdapterAsync("""{"message":"hello","timerSeconds":1,"eventWaitSeconds":30}""", timeout.Token);

        Assert.Equal(202, started.Status);
        var instanceId = started.Json.GetProperty("instanceId").GetString()!;
        Assert.Equal($"/api/diagnostics/probes/{instanceId}", started.Headers["Location"]);

        await Client.RaiseEventAsync(instanceId, ProbeOrchestrator.EventName, "ping", timeout.Token);
        var completed = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        var stamp = $"hello|pid={Environment.ProcessId}";
        Assert.Equal(new ProbeResult(stamp, "ping", $"child:{stamp}|pid={Environment.ProcessId}"), completed.ReadOutputAs<ProbeResult>());

        var status = await GetThroughAdapterAsync(instanceId, timeout.Token);
        Assert.Equal(200, status.Status);
        Assert.Equal("Completed", status.Json.GetProperty("status").GetString());
        Assert.Equal(stamp, status.Json.GetProperty("output").GetProperty("activityStamp").GetString());
        Assert.Equal("ping", status.Json.GetProperty("output").GetProperty("eventPayload").GetString());
    }

    [Theory]
    [InlineData("""{"message":"x","timerSeconds":-1,"eventWaitSeconds":0}""", "timerSeconds")]
    [InlineData("""{"message":"x","timerSeconds":0,"eventWaitSeconds":7200}""", "eventWaitSeconds")]
    public async Task Out_of_range_input_gets_a_400_validation_problem_and_starts_nothing(string body, string field)
    {
        var response = await StartThroughAdapterAsync(body, CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        Assert.Empty(await ListInstancesAsync());
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem_and_starts_nothing()
    {
        var response = await StartThroughAdapterAsync("""{"message":"x","timerSeconds":"soon"}""", CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("timerSeconds", out _), response.Body);
        Assert.Empty(await ListInstancesAsync());
    }

    [Theory]
    [InlineData("""{"message":"x","timerSeconds":0,"eventWaitSeconds":0,"timerSeconds":3}""", "timerSeconds")]
    [InlineData("""{"message":"x\u202E","timerSeconds":0,"eventWaitSeconds":0}""", "message")]
    public async Task A_property_twice_or_a_control_character_gets_a_400_problem_naming_it_and_starts_nothing(string body, string field)
    {
        var response = await StartThroughAdapterAsync(body, CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _), response.Body);
        Assert.Empty(await ListInstancesAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("reader")]
    public async Task A_caller_who_is_not_council_staff_gets_a_401_problem_and_starts_nothing(string? who)
    {
        var principal = who is null ? null : AzureCallers.Reader;
        var response = await HttpExchange.ThroughAdapterAsync("POST", StartPath, """{"message":"x","timerSeconds":0,"eventWaitSeconds":0}""",
            request => Functions.StartProbe(request, Client, CancellationToken.None), principal);

        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("unauthenticated", response.Json.GetProperty("code").GetString());
        Assert.Empty(await ListInstancesAsync());
    }

    [Fact]
    public async Task A_probe_status_and_its_event_are_refused_to_anonymous_callers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var instanceId = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ProbeOrchestrator), new ProbeInput("secret", 0, 0), timeout.Token);
        await Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);

        var status = await HttpExchange.ThroughAdapterAsync("GET", $"{StartPath}/{instanceId}", null,
            request => Functions.GetProbe(request, instanceId, Client, timeout.Token));
        var raised = await HttpExchange.ThroughAdapterAsync("POST", $"{StartPath}/{instanceId}/events", """{"payload":"x"}""",
            request => Functions.RaiseProbeEvent(request, instanceId, Client, timeout.Token));

        Assert.Equal(401, status.Status);
        Assert.DoesNotContain("pid=", status.Body, StringComparison.Ordinal);
        Assert.Equal(401, raised.Status);
    }

    [Fact]
    public async Task Unknown_probe_gets_a_404_problem()
    {
        var response = await GetThroughAdapterAsync("no-such-probe", CancellationToken.None);

        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("no-such-probe", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"message":"same","timerSeconds":0,"eventWaitSeconds":0}""")]
    [InlineData("""{"message":"x","timerSeconds":-5,"eventWaitSeconds":-5}""")]
    [InlineData("""not json""")]
    public async Task Start_adapter_answers_exactly_as_the_shared_handler(string body)
    {
        var viaAdapter = await StartThroughAdapterAsync(body, CancellationToken.None);
        var viaHandler = await HttpExchange.ThroughHandlerAsync("POST", StartPath, body,
            request => ProbeApi.StartAsync(request, Client, CancellationToken.None), AzureCallers.Admin);

        Assert.Equal(Normalize(viaHandler).ToString(), Normalize(viaAdapter).ToString());
    }

    [Fact]
    public async Task Status_adapter_answers_exactly_as_the_shared_handler()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var instanceId = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ProbeOrchestrator), new ProbeInput("status", 0, 0), timeout.Token);
        await Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);

        foreach (var id in new[] { instanceId, "missing" })
        {
            var viaAdapter = await GetThroughAdapterAsync(id, timeout.Token);
            var viaHandler = await HttpExchange.ThroughHandlerAsync("GET", $"{StartPath}/{id}", null,
                request => ProbeApi.GetAsync(id, request, Client, timeout.Token), AzureCallers.Admin);

            Assert.Equal(viaHandler.ToString(), viaAdapter.ToString());
        }
    }

    private Task<HttpExchange> StartThroughAdapterAsync(string body, CancellationToken cancellationToken)
        => HttpExchange.ThroughAdapterAsync("POST", StartPath, body,
            request => Functions.StartProbe(request, Client, cancellationToken), AzureCallers.Admin);

    private Task<HttpExchange> GetThroughAdapterAsync(string instanceId, CancellationToken cancellationToken)
        => HttpExchange.ThroughAdapterAsync("GET", $"{StartPath}/{instanceId}", null,
            request => Functions.GetProbe(request, instanceId, Client, cancellationToken), AzureCallers.Admin);

    private async Task<List<string>> ListInstancesAsync()
    {
        var ids = new List<string>();
        await foreach (var instance in Client.GetAllInstancesAsync())
        {
            ids.Add(instance.InstanceId);
        }

        return ids;
    }

    // A successful start answers with a fresh instance id; everything else must match byte for byte.
    private static HttpExchange Normalize(HttpExchange exchange)
        => exchange.Status == 202
            ? exchange.Without(exchange.Json.GetProperty("instanceId").GetString()!, "{instanceId}")
            : exchange;
}
