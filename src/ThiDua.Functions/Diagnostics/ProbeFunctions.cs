using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Diagnostics;
using ThiDua.Functions.Adapters;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Functions.Diagnostics;

/// <summary>Functions adapters of the runtime probe: one line each over the shared workflow and handlers.</summary>
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
    public static Task<IActionResult> StartProbe(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ProbeApi.StartRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, ProbeApi.StartAsync(request, client, cancellationToken));

    [Function("GetProbe")]
    public static Task<IActionResult> GetProbe(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ProbeApi.StatusRoute)] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, ProbeApi.GetAsync(instanceId, client, cancellationToken));

    [Function("RaiseProbeEvent")]
    public static Task<IActionResult> RaiseProbeEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ProbeApi.EventRoute)] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, ProbeApi.RaiseEventAsync(instanceId, request, client, cancellationToken));
}
