using System.Text.Json.Serialization;
using ThiDua.Workflows.Diagnostics;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Diagnostics;

/// <summary>The probe's orchestration, offline: its timers pass on the virtual clock.</summary>
public sealed class ProbeOrchestratorTests : IAsyncLifetime
{
    readonly OfflineOrchestration _host = OfflineOrchestration.Create(
        registry => registry.AddThiDuaWorkflows(), new TestClock(new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Probe_with_event_raised_reports_activity_event_and_child()
    {
        var id = await _host.StartAsync(nameof(ProbeOrchestrator), new ProbeInput("hello", TimerSeconds: 1, EventWaitSeconds: 60));

        await _host.RunUntilAsync(() => Phase(id) == "event");
        await _host.RaiseEventAsync(id, ProbeOrchestrator.EventName, "approved");

        var result = await _host.RunToCompletionAsync<ProbeResult>(id);
        var stamp = $"hello|pid={Environment.ProcessId}";
        Assert.Equal(new ProbeResult(stamp, "approved", $"child:{stamp}|pid={Environment.ProcessId}"), result);
    }

    [Fact]
    public async Task Probe_without_event_gives_up_after_the_wait_and_still_completes()
    {
        var start = _host.Now;
        var id = await _host.StartAsync(nameof(ProbeOrchestrator), new ProbeInput("quiet", TimerSeconds: 1, EventWaitSeconds: 1));

        var result = await _host.RunToCompletionAsync<ProbeResult>(id);
        Assert.Null(result.EventPayload);
        Assert.Equal($"quiet|pid={Environment.ProcessId}", result.ActivityStamp);
        Assert.StartsWith("child:quiet|", result.ChildResult, StringComparison.Ordinal);
        Assert.Equal(start.AddSeconds(2), _host.Now);
    }

    [Fact]
    public async Task Event_raised_during_the_timer_is_kept_until_the_probe_listens()
    {
        var id = await _host.StartAsync(nameof(ProbeOrchestrator), new ProbeInput("early", TimerSeconds: 2, EventWaitSeconds: 30));

        await _host.RunUntilAsync(() => Phase(id) == "timer");
        await _host.RaiseEventAsync(id, ProbeOrchestrator.EventName, "early bird");

        var result = await _host.RunToCompletionAsync<ProbeResult>(id);
        Assert.Equal("early bird", result.EventPayload);
    }

    string? Phase(string id) => _host.Status<ProbeStatus>(id)?.Phase;

    sealed record ProbeStatus([property: JsonPropertyName("phase")] string Phase);
}
