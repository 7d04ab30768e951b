using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using ThiDua.Api;
using ThiDua.Functions.Diagnostics;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Functions.Tests;

/// <summary>
/// Runs the Functions orchestration and activity adapters the way the Functions host calls them
/// (by function name, with the trigger's context or input) on the in-memory durable runtime, and
/// shows they execute the shared workflow classes rather than a copy of their logic.
/// </summary>
public sealed class AdapterDelegationTests
{
    [Fact]
    public async Task Adapters_run_the_shared_workflow_classes_and_give_the_same_result()
    {
        var services = new RecordingServiceProvider(HttpExchange.Services);
        ProbeFunctions Functions() => new(services);

        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<ProbeInput, ProbeResult>(nameof(ProbeOrchestrator), (context, _) => Functions().RunProbeOrchestrator(context));
            registry.AddOrchestratorFunc<string, string>(nameof(ProbeChildOrchestrator), (context, _) => Functions().RunProbeChildOrchestrator(context));
            registry.AddActivityFunc<string, string>(nameof(ProbeActivity), (context, input) => Functions().RunProbeActivity(input, context.InstanceId));
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = await HttpExchange.ThroughAdapterAsync("POST", "/api/" + ApiRoutes.Probes,
            """{"message":"adapted","timerSeconds":0,"eventWaitSeconds":0}""",
            request => new ProbeFunctions(AzureCallers.Services).StartProbe(request, host.Client, timeout.Token), AzureCallers.Admin);
        Assert.Equal(202, started.Status);
        var completed = await host.Client.WaitForInstanceCompletionAsync(
            started.Json.GetProperty("instanceId").GetString()!, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        var stamp = $"adapted|pid={Environment.ProcessId}";
        Assert.Equal(new ProbeResult(stamp, null, $"child:{stamp}|pid={Environment.ProcessId}"), completed.ReadOutputAs<ProbeResult>());
        Assert.Contains(typeof(ProbeOrchestrator), services.Requested);
        Assert.Contains(typeof(ProbeChildOrchestrator), services.Requested);
        Assert.Contains(typeof(ProbeActivity), services.Requested);
    }

    /// <summary>Records which classes the adapters ask for; resolution itself is the real container's.</summary>
    private sealed class RecordingServiceProvider(IServiceProvider inner) : IServiceProvider
    {
        public ConcurrentBag<Type> Requested { get; } = [];

        public object? GetService(Type serviceType)
        {
            Requested.Add(serviceType);
            return inner.GetService(serviceType);
        }
    }
}
