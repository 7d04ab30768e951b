using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Http;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Api.Diagnostics;

/// <summary>
/// Starts and reads runtime probes. Handlers return <see cref="IResult"/> and take their inputs
/// as parameters, so the local host maps them directly and the Functions adapters execute the
/// same result against the request's HttpContext. Bodies are read by <see cref="ApiJson"/>, as every body of the API.
/// </summary>
public static class ProbeApi
{
    public const string StartRoute = "diagnostics/probes";
    public const string StatusRoute = "diagnostics/probes/{instanceId}";
    public const string EventRoute = "diagnostics/probes/{instanceId}/events";

    public static async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var (input, problem) = await ApiJson.ReadAsync<ProbeInput>(request, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        if (input.TimerSeconds is < 0 or > 3600 || input.EventWaitSeconds is < 0 or > 3600)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["timerSeconds"] = ["Must be between 0 and 3600."],
                ["eventWaitSeconds"] = ["Must be between 0 and 3600."],
            });
        }

        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ProbeOrchestrator), input, cancellationToken);
        return Results.Accepted($"/api/diagnostics/probes/{instanceId}", new { instanceId });
    }

    public static async Task<IResult> GetAsync(string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return Results.Problem(title: "Probe not found", detail: $"No probe instance '{instanceId}'.", statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Ok(new
        {
            instanceId = metadata.InstanceId,
            status = metadata.RuntimeStatus.ToString(),
            customStatus = metadata.SerializedCustomStatus,
            output = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<ProbeResult>() : null,
        });
    }

    /// <summary>Delivers the probe's external event; the body is <c>{"payload": "..."}</c>.</summary>
    public static async Task<IResult> RaiseEventAsync(string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var (body, problem) = await ApiJson.ReadAsync<ProbeEvent>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (body.Payload is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["payload"] = ["Required."] });
        }

        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (metadata is null)
        {
            return Results.Problem(title: "Probe not found", detail: $"No probe instance '{instanceId}'.", statusCode: StatusCodes.Status404NotFound);
        }

        await client.RaiseEventAsync(instanceId, ProbeOrchestrator.EventName, body.Payload, cancellationToken);
        return Results.Accepted($"/api/diagnostics/probes/{instanceId}");
    }
}

/// <summary>Body of <see cref="ProbeApi.RaiseEventAsync"/>.</summary>
public sealed record ProbeEvent(string? Payload);
