using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Api.Diagnostics;

/// <summary>
/// Starts and reads runtime probes, for council staff only: a probe is work on the task hub and its
/// status shows the host's process id. Handlers return <see cref="IResult"/> and take their inputs
/// as parameters, so the local host maps them directly and the Functions adapters execute the
/// same result against the request's HttpContext.
/// </summary>
public static class ProbeApi
{
    /// <summary>Longest timer or event wait a probe may ask for, in seconds.</summary>
    public const int MaxWaitSeconds = 3600;

    public static async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var (input, problem) = await ApiJson.ReadAsync<ProbeInput>(request, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var errors = new[] { ("timerSeconds", input.TimerSeconds), ("eventWaitSeconds", input.EventWaitSeconds) }
            .Where(f => f.Item2 is < 0 or > MaxWaitSeconds)
            .Select(f => new ValidationError(f.Item1, ErrorCodes.OutOfRange, $"Must be between 0 and {MaxWaitSeconds}."))
            .ToList();
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProbeOrchestrator), input, cancellationToken);
        request.HttpContext.Response.Headers.Location = $"/api/{ApiRoutes.Probes}/{instanceId}";
        return ApiJson.Json(new ProbeStarted(instanceId), StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> GetAsync(string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return NotFound(instanceId);
        }

        return ApiJson.Json(new ProbeStatus(
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            metadata.SerializedCustomStatus,
            metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<ProbeResult>() : null));
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

        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is null)
        {
            return NotFound(instanceId);
        }

        await client.RaiseEventAsync(instanceId, ProbeOrchestrator.EventName, body.Payload, cancellationToken);
        request.HttpContext.Response.Headers.Location = $"/api/{ApiRoutes.Probes}/{instanceId}";
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static IResult NotFound(string instanceId) =>
        ApiProblems.NotFound("instanceId", $"No probe instance '{instanceId}'.");
}

/// <summary>Answer of <see cref="ProbeApi.StartAsync"/>; the Location header names the probe's status.</summary>
public sealed record ProbeStarted(string InstanceId);

/// <summary>
/// A probe's state: <paramref name="Status"/> is the durable runtime status (<c>Pending</c>, <c>Running</c>,
/// <c>Completed</c>, <c>Failed</c>, <c>Terminated</c>...), <paramref name="CustomStatus"/> the orchestrator's
/// custom status as JSON text, <paramref name="Output"/> set once completed.
/// </summary>
public sealed record ProbeStatus(string InstanceId, string Status, string? CustomStatus, ProbeResult? Output);

/// <summary>Body of <see cref="ProbeApi.RaiseEventAsync"/>.</summary>
public sealed record ProbeEvent(string Payload);
