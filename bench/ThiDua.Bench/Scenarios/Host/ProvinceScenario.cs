using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ThiDua.Bench.Harness;
using ThiDua.Domain;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>
/// A province's year on one machine (<see cref="ProvinceYear"/>) through the HTTP API of a separate
/// <c>thidua host</c> process, on a compressed schedule: how long after each deadline a bloc's status
/// shows the next phase (polled every quarter second from the deadline on), and the deadline burst
/// (every unit of the province submitting in the last minute before the scoring deadline). The burst
/// rides on this year's scoring phase rather than a province set up for it alone: the blocs, units
/// and the host are already there, and the phase after the burst's deadline is measured under it.
/// The host's peak resident memory (VmHWM) is read from its own process.
/// </summary>
public sealed class ProvinceScenario : IBenchScenario
{
    public string Name => "province";

    public string Description => "a year of 100 blocs of 15 units through the API of a separate thidua host: phase delays, the deadline burst, peak memory";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var size = ProvinceSize.For(context.Quick);
        var logger = context.LoggerFactory.CreateLogger<ProvinceScenario>();
        var azurite = await context.GetAzuriteAsync(cancellationToken);
        using var azuriteProcess = Process.GetProcessById(azurite.ProcessId);

        await using var host = await BenchHost.StartAsync(azurite.ConnectionString, BenchContext.NewTaskHubName("BenchProvince"), logger, cancellationToken);
        var (startRss, _) = host.Process.Sample();
        var setup = Stopwatch.StartNew();
        using var province = await SimulatedProvince.SeedAsync(
            host.Process.BaseAddress, azurite.ConnectionString, "tinh", size.Blocs, size.Units, Rules(size), size.Concurrency, cancellationToken);
        var setupSeconds = setup.Elapsed.TotalSeconds;
        logger.LogInformation("Province: {Blocs} blocs of {Units} units registered in {Seconds:0.0} s", size.Blocs, size.Units, setupSeconds);

        var (hostCpuBefore, azuriteCpuBefore) = (host.Process.Sample().Cpu, CpuOf(azuriteProcess));
        var year = await ProvinceYear.RunAsync(province, size, VietnamTime.DateOf(DateTimeOffset.UtcNow).Year, cancellationToken);
        var (peakRss, hostCpuAfter) = host.Process.Sample();
        var azuriteCpu = CpuOf(azuriteProcess) - azuriteCpuBefore;
        var hostCpu = hostCpuAfter - hostCpuBefore;
        await year.ReadBackAsync(cancellationToken);
        year.Log(logger, "Province");
        logger.LogInformation("Province: host peak RSS {Rss:0} MB, host CPU {HostCpu:0.0} s, Azurite CPU {AzuriteCpu:0.0} s", peakRss, hostCpu.TotalSeconds, azuriteCpu.TotalSeconds);

        var delays = year.Delays;
        var archiveDelays = year.Outcomes.Select(o => o.ArchivedAfterSeconds).ToList();
        var burst = year.Burst;
        var latencies = year.BurstLatencies;
        var units = size.Blocs * size.Units;
        return new ScenarioResult(
            this.Name,
            [
                new Figure("provinceTotalSeconds", year.TotalSeconds, "s", "the year: first launch to the last bloc archived and completed"),
                new Figure("provinceScheduledSeconds", size.ScheduledSeconds, "s", "the compressed schedule's length, launch to archive (the floor of the total)"),
                new Figure("provinceSetupSeconds", setupSeconds, "s", "registering the blocs and units through the API and issuing their tokens"),
                new Figure("phaseDelayP50Seconds", Stats.Percentile(delays, 50), "s", "deadline to the next phase seen in the status, median over every bloc and phase"),
                new Figure("phaseDelayP95Seconds", Stats.Percentile(delays, 95), "s", "deadline to the next phase seen in the status, 95th percentile (target ≤ 2 s)"),
                new Figure("phaseDelayMaxSeconds", delays.Max(), "s", "deadline to the next phase seen in the status, worst"),
                new Figure("phaseDelayPollSeconds", ProvinceYear.PollInterval.TotalSeconds, "s", "status poll interval after a deadline (the delays' resolution)"),
                new Figure("provinceArchivedP95Seconds", Stats.Percentile(archiveDelays, 95), "s", "archive time to the year completed (packaging, hashing, storing), 95th percentile"),
                new Figure("hostPeakRssMb", peakRss, "MB", "the thidua host process's peak resident memory, VmHWM (target ≤ 500 MB)"),
                new Figure("hostStartRssMb", startRss, "MB", "baseline: the same host's peak resident memory once listening, before any work"),
                new Figure("provinceHostCpuSeconds", hostCpu.TotalSeconds, "s", "CPU time of the host process during the year"),
                new Figure("provinceAzuriteCpuSeconds", azuriteCpu.TotalSeconds, "s", "CPU time of Azurite during the year"),
                new Figure("provinceRequests", year.Requests, "requests", "API calls of the simulated units and council staff during the year, status polls included"),
                new Figure("provinceBlocs", size.Blocs, "blocs", "blocs, each running its own year"),
                new Figure("provinceUnits", units, "units", $"member units, {size.Units} per bloc"),
                .. BurstFigures(size, burst, latencies, year.Lost),
            ],
            year.Checks(""));
    }

    /// <summary>Reminders halfway through scoring: in the burst they go out while most units are still to submit.</summary>
    internal static BlocRules Rules(ProvinceSize size) => new() { ReminderOffsets = [size.Durations.Scoring / 2] };

    /// <summary>The burst's figures; its latencies only when some submission was accepted (absent, never guessed).</summary>
    static IEnumerable<Figure> BurstFigures(ProvinceSize size, IReadOnlyList<BurstSubmission> burst, IReadOnlyList<double> latencies, int lost)
    {
        yield return new Figure("deadlineBurstSubmissions", burst.Count, "submissions", "every unit's score submission sent in the last minute before the scoring deadline, evenly spread");
        yield return new Figure("deadlineBurstWindowSeconds", size.BurstWindow.TotalSeconds, "s", $"the burst's window before the deadline; the last one sent {size.BurstMargin.TotalSeconds:0} s before it");
        yield return new Figure("deadlineBurstAccepted", latencies.Count, "submissions", "burst submissions accepted as a version");
        yield return new Figure("deadlineBurstLost", lost, "submissions", "accepted burst submissions whose version was not read back after the year (must be 0)");
        yield return new Figure("deadlineBurstLateRefused", burst.Count(b => b.RefusedAsLate), "submissions", "burst submissions sent before the deadline but refused as late (must be 0)");
        if (latencies.Count > 0)
        {
            yield return new Figure("deadlineBurstP50Ms", Stats.Percentile(latencies, 50), "ms", "round trip of an accepted burst submission, median");
            yield return new Figure("deadlineBurstP99Ms", Stats.Percentile(latencies, 99), "ms", "round trip of an accepted burst submission, 99th percentile (target ≤ 2,000 ms)");
            yield return new Figure("deadlineBurstMaxMs", latencies.Max(), "ms", "round trip of an accepted burst submission, worst");
        }
    }

    static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>A unit's self-assessment: unit n (1-based) scores 50 − n on the first criterion, so the ranking is known in advance.</summary>
    internal static IReadOnlyList<ScoreLine> Sheet(int n) =>
        [new("1-1", 50 - n), new("1-2", 18), new("2-1", 14), new("2-2", 14)];
}
