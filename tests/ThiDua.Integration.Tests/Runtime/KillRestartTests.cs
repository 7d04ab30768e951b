using System.Globalization;
using ThiDua.Integration.Tests.Infrastructure;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>A host killed with SIGKILL mid-orchestration and started again finishes the work from durable history.</summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class KillRestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Orchestration_waiting_on_a_timer_survives_kill_9_and_keeps_the_first_activity_result()
    {
        var scope = azurite.CreateScope(nameof(KillRestartTests));
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = scope.ConnectionString,
            ["TaskHubName"] = scope.TaskHubName,
            ["ThiDua__WorkerId"] = "kill-restart-worker",
            ["THIDUA_LANG"] = "en",
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        await using var first = await AdminHost.StartAsync(environment, timeout.Token);
        string id;
        using (var http = first.AdminClient())
        {
            var probes = new ProbeClient(http);
            id = await probes.StartAsync("durable", timerSeconds: 10, eventWaitSeconds: 0, timeout.Token);
            var waiting = await probes.WaitUntilAsync(id, s => s.Phase == "timer", timeout.Token);
            Assert.Equal(Stamp("durable", first.ProcessId), waiting.Stamp);
        }

        await first.KillAsync();

        await using var second = await AdminHost.StartAsync(environment, timeout.Token);
        Assert.NotEqual(first.ProcessId, second.ProcessId);
        using (var http = second.AdminClient())
        {
            var probes = new ProbeClient(http);
            var done = await probes.WaitUntilAsync(id, s => s.Status == "Completed", timeout.Token);

            // The activity ran once, in the killed process; its result was replayed, not recomputed.
            Assert.Equal(Stamp("durable", first.ProcessId), done.ActivityStamp);

            // Only the work after the timer ran in the new process.
            Assert.Equal($"child:{Stamp("durable", first.ProcessId)}|pid={second.ProcessId.ToString(CultureInfo.InvariantCulture)}", done.ChildResult);
        }
    }

    static string Stamp(string message, int pid) => string.Create(CultureInfo.InvariantCulture, $"{message}|pid={pid}");
}
