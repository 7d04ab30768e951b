using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ThiDua.Bench.Harness;
using ThiDua.Domain;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>
/// The province's year (<see cref="ProvinceYear"/>, same size, schedule, burst and checks) again on two
/// <c>thidua host</c> processes sharing one task hub of <see cref="Partitions"/> control-queue
/// partitions, each with a worker id of its own, as two instances of the Functions app share one in
/// Azure: the first creates the hub, the second joins it and takes over some of its partitions, and
/// the simulated callers are spread over both APIs (<see cref="SimulatedProvince"/>). Its phase delays
/// stand beside the one-host run's; each host's peak resident memory is read from its own process.
/// </summary>
public sealed class TwoHostsScenario : IBenchScenario
{
    const int Partitions = 4;

    public string Name => "twohosts";

    public string Description => "the province's year again on two thidua hosts sharing one task hub of 4 partitions, callers spread over both";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var size = ProvinceSize.For(context.Quick);
        var logger = context.LoggerFactory.CreateLogger<TwoHostsScenario>();
        var azurite = await context.GetAzuriteAsync(cancellationToken);
        var taskHub = BenchContext.NewTaskHubName("BenchTwoHosts");

        // One after the other: the first creates the task hub with its partitions, the second finds it.
        await using var first = await BenchHost.StartAsync(azurite.ConnectionString, taskHub, new BenchWorker("bench-a", Partitions), logger, cancellationToken);
        await using var second = await BenchHost.StartAsync(azurite.ConnectionString, taskHub, new BenchWorker("bench-b", Partitions), logger, cancellationToken);
        var setup = Stopwatch.StartNew();
        using var province = await SimulatedProvince.SeedAsync(
            [first.Process.BaseAddress, second.Process.BaseAddress], azurite.ConnectionString, "hai-may", size.Blocs, size.Units, ProvinceScenario.Rules(size), size.Concurrency, cancellationToken);
        logger.LogInformation("Two hosts: {Blocs} blocs of {Units} units registered in {Seconds:0.0} s", size.Blocs, size.Units, setup.Elapsed.TotalSeconds);

        var year = await ProvinceYear.RunAsync(province, size, VietnamTime.DateOf(DateTimeOffset.UtcNow).Year, cancellationToken);
        var firstRss = first.Process.Sample().PeakRssMb;
        var secondRss = second.Process.Sample().PeakRssMb;
        await year.ReadBackAsync(cancellationToken);
        year.Log(logger, "Two hosts");
        logger.LogInformation("Two hosts: peak RSS {First:0} MB and {Second:0} MB", firstRss, secondRss);

        var delays = year.Delays;
        var latencies = year.BurstLatencies;
        List<Figure> figures =
        [
            new Figure("provinceTwoHostsTotalSeconds", year.TotalSeconds, "s", "two hosts: the year, first launch to the last bloc archived and completed"),
            new Figure("provinceTwoHostsP50Seconds", Stats.Percentile(delays, 50), "s", "two hosts: deadline to the next phase seen in the status, median (beside phaseDelayP50Seconds)"),
            new Figure("provinceTwoHostsP95Seconds", Stats.Percentile(delays, 95), "s", "two hosts: deadline to the next phase seen in the status, 95th percentile (beside phaseDelayP95Seconds)"),
            new Figure("provinceTwoHostsMaxSeconds", delays.Max(), "s", "two hosts: deadline to the next phase seen in the status, worst"),
            new Figure("provinceTwoHostsFirstPeakRssMb", firstRss, "MB", "two hosts: the first host's peak resident memory, VmHWM (target ≤ 500 MB)"),
            new Figure("provinceTwoHostsSecondPeakRssMb", secondRss, "MB", "two hosts: the second host's peak resident memory, VmHWM (target ≤ 500 MB)"),
            new Figure("provinceTwoHostsRequests", year.Requests, "requests", "two hosts: API calls during the year over both hosts, status polls included"),
            new Figure("provinceTwoHostsPartitions", Partitions, "partitions", "two hosts: control-queue partitions of their shared task hub"),
        ];
        if (latencies.Count > 0)
        {
            figures.Add(new Figure("provinceTwoHostsBurstP99Ms", Stats.Percentile(latencies, 99), "ms", "two hosts: round trip of an accepted deadline-burst submission, 99th percentile (beside deadlineBurstP99Ms)"));
        }

        return new ScenarioResult(this.Name, figures, year.Checks("two hosts: "));
    }
}
