using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Api;
using ThiDua.Api.Diagnostics;
using ThiDua.Functions.Adapters;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Functions.Diagnostics;

/// <summary>
/// Functions adapters of the runtime probe: one line each over the shared workflow and handlers. The HTTP
/// triggers are anonymous at the Functions level, like the API's: ApiAccess admits council staff only.
/// </summary>
public sealed class ProbeFunctions(IServiceProvider services) : FunctionAdapter(services)
{
    [Function(nameof(ProbeOrchestrator))]
    public Task<ProbeResult> RunProbeOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<ProbeOrchestrator>());

    [Function(nameof(ProbeChildOrchestrator))]
    public Task<string> RunProbeChildOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
        => OrchestrateAsync(context, Create<ProbeChildOrchestrator>());

    [Function(nameof(ProbeActivity))]
    public Task<string> RunProbeActivity([ActivityTrigger] string input, string instanceId)
        => RunActivityAsync(Create<ProbeActivity>(), input, instanceId);

    [Function("StartProbe")]
    public Task<IActionResult> StartProbe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Probes)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ProbeApi.StartAsync(request, client, cancellationToken));

    [Function("GetProbe")]
    public Task<IActionResult> GetProbe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Probe)] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ProbeApi.GetAsync(instanceId, request, client, cancellationToken), new { instanceId });

    [Function("RaiseProbeEvent")]
    public Task<IActionResult> RaiseProbeEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.ProbeEvents)] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ProbeApi.RaiseEventAsync(instanceId, request, client, cancellationToken), new { instanceId });
}
