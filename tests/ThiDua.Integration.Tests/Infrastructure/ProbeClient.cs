using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>Talks to the probe routes of a running host, as an operator would.</summary>
public sealed class ProbeClient(HttpClient http)
{
    public async Task<string> StartAsync(string message, int timerSeconds, int eventWaitSeconds, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(
            "api/diagnostics/probes", new { message, timerSeconds, eventWaitSeconds }, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("instanceId").GetString()!;
    }

    public async Task RaiseAsync(string instanceId, string payload, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/diagnostics/probes/{instanceId}/events", new { payload }, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task<ProbeStatus?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/diagnostics/probes/{instanceId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        string? phase = null, stamp = null;
        if (body.GetProperty("customStatus").GetString() is { } custom)
        {
            // Before the orchestrator first sets it, the custom status is JSON null.
            var status = JsonDocument.Parse(custom).RootElement;
            if (status.ValueKind == JsonValueKind.Object)
            {
                phase = status.GetProperty("phase").GetString();
                stamp = status.GetProperty("stamp").GetString();
            }
        }

        var output = body.GetProperty("output");
        return new ProbeStatus(
            body.GetProperty("status").GetString()!,
            phase,
            stamp,
            output.ValueKind == JsonValueKind.Object ? output.GetProperty("activityStamp").GetString() : null,
            output.ValueKind == JsonValueKind.Object ? output.GetProperty("eventPayload").GetString() : null,
            output.ValueKind == JsonValueKind.Object ? output.GetProperty("childResult").GetString() : null);
    }

    public async Task<ProbeStatus> WaitUntilAsync(string instanceId, Func<ProbeStatus, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await this.GetAsync(instanceId, cancellationToken);
            if (status is not null && condition(status))
            {
                return status;
            }

            Assert.False(status?.Status is "Failed" or "Terminated", $"Probe {instanceId} ended as {status?.Status}.");
            await Task.Delay(200, cancellationToken);
        }
    }
}

public sealed record ProbeStatus(string Status, string? Phase, string? Stamp, string? ActivityStamp, string? EventPayload, string? ChildResult);
