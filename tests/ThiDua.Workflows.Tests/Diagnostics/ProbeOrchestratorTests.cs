using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using ThiDua.Workflows;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Workflows.Tests.Diagnostics;

public sealed class ProbeOrchestratorTests : IAsyncLifetime
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    DurableTaskTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await InMemoryHost.StartAsync(registry => registry.AddThiDuaWorkflows());
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Probe_with_event_raised_reports_activity_event_and_child()
    {
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ProbeOrchestrator), new ProbeInput("hello", TimerSeconds: 1, EventWaitSeconds: 60));

        await WaitForPhaseAsync(id, "event");
        await host.Client.RaiseEventAsync(id, ProbeOrchestrator.EventName, "approved");

        var result = await CompleteAsync(id);
        var stamp = $"hello|pid={Environment.ProcessId}";
        Assert.Equal(new ProbeResult(stamp, "approved", $"child:{stamp}|pid={Environment.ProcessId}"), result);
    }

    [Fact]
    public async Task Probe_without_event_gives_up_after_the_wait_and_still_completes()
    {
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ProbeOrchestrator), new ProbeInput("quiet", TimerSeconds: 1, EventWaitSeconds: 1));

        var result = await CompleteAsync(id);
        Assert.Null(result.EventPayload);
        Assert.Equal($"quiet|pid={Environment.ProcessId}", result.ActivityStamp);
        Assert.StartsWith("child:quiet|", result.ChildResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_raised_during_the_timer_is_kept_until_the_probe_listens()
    {
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ProbeOrchestrator), new ProbeInput("early", TimerSeconds: 2, EventWaitSeconds: 30));

        await WaitForPhaseAsync(id, "timer");
        await host.Client.RaiseEventAsync(id, ProbeOrchestrator.EventName, "early bird");

        var result = await CompleteAsync(id);
        Assert.Equal("early bird", result.EventPayload);
    }

    async Task<ProbeResult> CompleteAsync(string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var metadata = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<ProbeResult>()!;
    }

    async Task WaitForPhaseAsync(string id, string phase)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token);
            if (metadata?.SerializedCustomStatus is { } status
                && JsonDocument.Parse(status).RootElement.GetProperty("phase").GetString() == phase)
            {
                return;
            }

            Assert.NotEqual(OrchestrationRuntimeStatus.Completed, metadata?.RuntimeStatus);
            await Task.Delay(100, timeout.Token);
        }
    }
}
