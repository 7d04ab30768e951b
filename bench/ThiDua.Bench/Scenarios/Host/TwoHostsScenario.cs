using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using ThiDua.Bench.Harness;
using ThiDua.Domain;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>
/// The province's year (<see cref="ProvinceYear"/>, same size, schedule, burst and checks) again on two
/// <c>thidua host</c> processes sharing one task hub of <see cref="Partitions"/> control-queue
/// partitions, each with a worker id of its own, as two instances of the Functions app share one in
/// Azure: the first creates the hub, the second joins it and takes over some of its partitions, and
/// the simulated callers are spread over both APIs (<see cref="SimulatedProvince"/>). The year starts
/// once both hosts own partitions. Its phase delays
/// stand beside the one-host run's; each host's peak resident memory is read from its own process,
/// and how many partitions each owns at the end of the year from the task hub's leases.
/// </summary>
public sealed class TwoHostsScenario : IBenchScenario
{
    const int Partitions = 4;

    static readonly TimeSpan LeaseSampling = TimeSpan.FromSeconds(2);

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

        var balanced = await BalancedAsync(azurite.ConnectionString, taskHub, cancellationToken);
        logger.LogInformation("Two hosts: both own partitions after {Seconds:0.0} s", balanced.TotalSeconds);

        using var yearOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchLeasesAsync(azurite.ConnectionString, taskHub, yearOver.Token);
        var year = await ProvinceYear.RunAsync(province, size, VietnamTime.DateOf(DateTimeOffset.UtcNow).Year, cancellationToken);
        await yearOver.CancelAsync();
        var leaseMoves = await watch;
        var firstRss = first.Process.Sample().PeakRssMb;
        var secondRss = second.Process.Sample().PeakRssMb;
        var owners = (await PartitionOwnersAsync(azurite.ConnectionString, taskHub, cancellationToken)).Values
            .GroupBy(o => o, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        await year.ReadBackAsync(cancellationToken);
        year.Log(logger, "Two hosts");
        logger.LogInformation(
            "Two hosts: peak RSS {First:0} MB and {Second:0} MB; partitions owned at the end {Owners}; {Moves} partition moves during the year",
            firstRss, secondRss, string.Join(", ", owners.Select(o => $"{o.Key}: {o.Value}")), leaseMoves);

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
            new Figure("provinceTwoHostsFirstPartitions", owners.GetValueOrDefault("bench-a"), "partitions", "two hosts: partitions the first host owned at the end of the year"),
            new Figure("provinceTwoHostsSecondPartitions", owners.GetValueOrDefault("bench-b"), "partitions", "two hosts: partitions the second host owned at the end of the year (it joined after the first took them all)"),
            new Figure("provinceTwoHostsLeaseMoves", leaseMoves, "moves", $"two hosts: partitions seen changing owner or left without one during the year (leases sampled every {LeaseSampling.TotalSeconds:0} s; each move stalls that partition's orchestrations)"),
        ];
        if (latencies.Count > 0)
        {
            figures.Add(new Figure("provinceTwoHostsBurstP99Ms", Stats.Percentile(latencies, 99), "ms", "two hosts: round trip of an accepted deadline-burst submission, 99th percentile (beside deadlineBurstP99Ms)"));
        }

        // The year starts once both own partitions (BalancedAsync); a host left with none at the end would
        // have served the API alone, and the figures would not be two hosts'.
        var bothOwned = owners.GetValueOrDefault("bench-a") > 0 && owners.GetValueOrDefault("bench-b") > 0;
        return new ScenarioResult(
            this.Name,
            figures,
            [
                new Check(
                    "two hosts: both hosts owned partitions of the task hub at the end of the year",
                    bothOwned,
                    string.Join(", ", owners.Select(o => $"{o.Key}: {o.Value}"))),
                .. year.Checks("two hosts: "),
            ]);
    }

    /// <summary>
    /// Waits (at most two minutes) until both hosts own partitions, so the year measures two hosts at work
    /// rather than the second one joining. Returns how long it waited.
    /// </summary>
    static async Task<TimeSpan> BalancedAsync(string connectionString, string taskHub, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(LeaseSampling);
        do
        {
            var owners = (await PartitionOwnersAsync(connectionString, taskHub, cancellationToken)).Values.ToHashSet(StringComparer.Ordinal);
            if (owners.Contains("bench-a") && owners.Contains("bench-b"))
            {
                break;
            }
        }
        while (clock.Elapsed < TimeSpan.FromMinutes(2) && await timer.WaitForNextTickAsync(cancellationToken));

        return clock.Elapsed;
    }

    /// <summary>
    /// Samples the partition leases until cancelled and counts the moves: a partition whose owner differs
    /// from the one last seen, or that has none (released, or lapsed under load). The first sample is the
    /// baseline (the second host's joining, before the year, is not counted). A sample Azurite did not
    /// answer is skipped.
    /// </summary>
    static async Task<int> WatchLeasesAsync(string connectionString, string taskHub, CancellationToken cancellationToken)
    {
        var moves = 0;
        Dictionary<string, string>? last = null;
        using var timer = new PeriodicTimer(LeaseSampling);
        try
        {
            do
            {
                Dictionary<string, string> owners;
                try
                {
                    owners = await PartitionOwnersAsync(connectionString, taskHub, cancellationToken);
                }
                catch (Azure.RequestFailedException)
                {
                    continue;
                }

                if (last is not null)
                {
                    moves += last.Count(p => !owners.TryGetValue(p.Key, out var owner) || !string.Equals(owner, p.Value, StringComparison.Ordinal));
                }

                last = owners;
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The year is over.
        }

        return moves;
    }

    /// <summary>
    /// Each owned partition's owner (worker id), from the provider's leases: the blobs of the hub's lease container
    /// (its default partition manager; "intent" leases are only claims), else the rows of its
    /// partition table (the table-based manager).
    /// </summary>
    static async Task<Dictionary<string, string>> PartitionOwnersAsync(string connectionString, string taskHub, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var leases = new BlobContainerClient(connectionString, taskHub.ToLowerInvariant() + "-leases");
        if (await leases.ExistsAsync(cancellationToken))
        {
            await foreach (var blob in leases.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (blob.Name.StartsWith("intent", StringComparison.Ordinal))
                {
                    continue;
                }

                var content = await leases.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                using var lease = JsonDocument.Parse(content.Value.Content.ToMemory());
                if (lease.RootElement.ValueKind == JsonValueKind.Object
                    && lease.RootElement.TryGetProperty("Owner", out var owner)
                    && owner.GetString() is { Length: > 0 } name)
                {
                    owners[blob.Name] = name;
                }
            }
        }
        else
        {
            var table = new TableClient(connectionString, taskHub + "Partitions");
            await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                if (row.GetString("CurrentOwner") is { Length: > 0 } name)
                {
                    owners[row.RowKey] = name;
                }
            }
        }

        return owners;
    }
}
