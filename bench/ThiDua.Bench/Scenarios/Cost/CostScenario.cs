using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using ThiDua.Azurite;
using ThiDua.Bench.Harness;
using ThiDua.Bench.Scenarios.Host;
using ThiDua.Domain;
using ThiDua.TestKit;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Bench.Scenarios.Cost;

/// <summary>
/// What one bloc's year asks of storage, counted at Azurite (its preload counts every request), and
/// what a province's year would cost in Azure from it. The bloc lives its whole year through the API
/// of a separate <c>thidua host</c> (<see cref="BlocYear"/>) on an Azurite of the scenario's own, so
/// that nothing else is counted; then the host is left idle and the same counting gives the polling
/// it does while every orchestration waits. In the full run the host polls as the Functions app does
/// in Azure (host.json: 4 control-queue partitions, queues polled at most 5 s apart when idle, the
/// mail queue every 2 s, the confirmation sweep every 5 minutes), so the idle rate is the one a
/// province pays for all year.
/// </summary>
public sealed class CostScenario : IBenchScenario
{
    /// <summary>The province priced: 30 blocs of 15 units.</summary>
    const int ProvinceBlocs = 30;

    public string Name => "cost";

    public string Description => "one bloc's year counted at Azurite (storage requests by service, engine and application, idle polling apart) and a province-year's Azure bill from it";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quick = context.Quick;
        var units = quick ? 5 : 15;
        var durations = quick
            ? new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(8),
                Scoring = TimeSpan.FromSeconds(8),
                Review = TimeSpan.FromSeconds(4),
                Voting = TimeSpan.FromSeconds(6),
                VoteRound = TimeSpan.FromSeconds(2),
                LeaderElection = TimeSpan.FromSeconds(4),
                Archive = TimeSpan.FromSeconds(4),
            }
            : new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(40),
                Scoring = TimeSpan.FromSeconds(40),
                Review = TimeSpan.FromSeconds(20),
                Voting = TimeSpan.FromSeconds(40),
                VoteRound = TimeSpan.FromSeconds(15),
                LeaderElection = TimeSpan.FromSeconds(30),
                Archive = TimeSpan.FromSeconds(30),
            };
        var idleWindow = TimeSpan.FromSeconds(quick ? 6 : 120);
        var logger = context.LoggerFactory.CreateLogger<CostScenario>();

        await using var azurite = await AzuriteLauncher.StartAsync(new AzuriteOptions(), context.LoggerFactory.CreateLogger<AzuriteLauncher>(), cancellationToken);
        using var http = new HttpClient();
        var taskHub = BenchContext.NewTaskHubName("BenchCost");
        var stateDirectory = Path.Combine(Path.GetTempPath(), "thidua-bench-" + taskHub);
        Directory.CreateDirectory(stateDirectory);
        try
        {
            await using var host = await StartHostAsync(azurite.ConnectionString, taskHub, stateDirectory, quick, logger, cancellationToken);
            using var province = await SimulatedProvince.SeedAsync(
                host.BaseAddress, azurite.ConnectionString, "khoi", 1, units, new BlocRules { ReminderOffsets = [durations.Scoring / 2] }, 16, cancellationToken);
            var bloc = province.Blocs[0];
            var year = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
            var phases = new List<(CyclePhase Phase, IReadOnlyList<StorageRequestCount> Counts, double Seconds)>();
            var clock = new Stopwatch();
            var run = new BlocYear(
                bloc,
                province.Admin,
                year,
                async phase => phases.Add((phase, await AzuriteRequestCounts.ReadAsync(azurite, http, cancellationToken), clock.Elapsed.TotalSeconds)),
                cancellationToken);

            var before = await AzuriteRequestCounts.ReadAsync(azurite, http, cancellationToken);
            var cpuBefore = host.Sample().Cpu;
            clock.Start();
            var completed = await run.RunAsync(durations);
            var yearSeconds = clock.Elapsed.TotalSeconds;
            var yearCpu = (host.Sample().Cpu - cpuBefore).TotalSeconds;
            var afterYear = await AzuriteRequestCounts.ReadAsync(azurite, http, cancellationToken);

            // The engine backs off to its longest polling interval once nothing comes: let it get there, then count.
            await Task.Delay(TimeSpan.FromSeconds(quick ? 2 : 15), cancellationToken);
            var idleFrom = await AzuriteRequestCounts.ReadAsync(azurite, http, cancellationToken);
            var idleCpuFrom = host.Sample().Cpu;
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(idleWindow, cancellationToken);
            var idleTo = await AzuriteRequestCounts.ReadAsync(azurite, http, cancellationToken);
            var idleSeconds = idleClock.Elapsed.TotalSeconds;
            var idleCpuPerSecond = (host.Sample().Cpu - idleCpuFrom).TotalSeconds / idleSeconds;

            var gross = StorageOps.Between(before, afterYear, taskHub);
            var idlePerSecond = StorageOps.Between(idleFrom, idleTo, taskHub).Scaled(1 / idleSeconds);
            var net = gross.Minus(idlePerSecond.Scaled(yearSeconds));
            var executions = Executions(before, afterYear) + run.Requests;
            var activeSeconds = Math.Max(0, yearCpu - (idleCpuPerSecond * yearSeconds));
            var (blobGb, tableGb) = await StoredGbAsync(azurite.ConnectionString, cancellationToken);
            var cost = ProvinceYearCost.Of(ProvinceBlocs, net, idlePerSecond, blobGb, tableGb, executions, activeSeconds);

            logger.LogInformation(
                "Cost: a bloc-year of {Units} units in {Seconds:0} s made {Gross:0} storage requests ({Net:0} net of idle polling: blob {Blob:0}, queue {Queue:0}, table {Table:0}; engine {Engine:0}, application {App:0}); idle {Idle:0.00} requests/s; province-year ${Cost:0.00}",
                units, yearSeconds, gross.Total, net.Total, net.Of(StorageService.Blob), net.Of(StorageService.Queue), net.Of(StorageService.Table),
                net.Of(StorageOwner.Engine), net.Of(StorageOwner.Application), idlePerSecond.Total, cost.TotalUsd);
            foreach (var row in net.Rows.OrderByDescending(r => r.Requests))
            {
                logger.LogInformation("Cost: {Service} {Owner} {Class}: {Requests:0} in the year, {Idle:0.000}/s idle", row.Service, row.Owner, row.Class, row.Requests,
                    idlePerSecond.Rows.Where(r => (r.Service, r.Owner, r.Class) == (row.Service, row.Owner, row.Class)).Sum(r => r.Requests));
            }

            // Each phase's requests, from the status first showing it to the next one shown, net of idle polling.
            var marks = phases.Prepend((Phase: CyclePhase.AwaitingLaunch, Counts: before, Seconds: 0.0)).ToList();
            var byPhase = marks.Zip(marks.Skip(1), (from, to) => (from.Phase, Ops: StorageOps.Between(from.Counts, to.Counts, taskHub).Minus(idlePerSecond.Scaled(to.Seconds - from.Seconds)))).ToList();
            foreach (var (phase, ops) in byPhase)
            {
                logger.LogInformation("Cost: from {Phase} on: {Requests:0} requests (blob {Blob:0}, queue {Queue:0}, table {Table:0}; engine {Engine:0})", phase, ops.Total, ops.Of(StorageService.Blob), ops.Of(StorageService.Queue), ops.Of(StorageService.Table), ops.Of(StorageOwner.Engine));
            }

            var scoring = byPhase.Where(p => p.Phase == CyclePhase.Scoring).Select(p => p.Ops.Total).DefaultIfEmpty(0).Single();
            var submissions = units - 1;

            foreach (var (when, kinds) in new[] { ("year", StorageOps.Kinds(before, afterYear).Take(15)), ("idle", StorageOps.Kinds(idleFrom, idleTo)) })
            {
                foreach (var kind in kinds)
                {
                    logger.LogInformation("Cost: {When}: {Requests} × {Service} {Method} {Path} {Comp} → {Status} ({Operations} operations)", when, kind.Requests, kind.Service, kind.Method, kind.Path, kind.Comp, kind.Status, kind.Operations);
                }
            }

            return new ScenarioResult(
                this.Name,
                [
                    new Figure("storageOpsPerBlocYear", net.Total, "requests", $"storage requests one bloc's year of {units} units makes (launch to archive and documents downloaded), net of the idle polling over the same time"),
                    new Figure("storageOpsPerBlocYearGross", gross.Total, "requests", "the same, idle polling during the (compressed) year included"),
                    new Figure("storageOpsPerBlocYearBlob", net.Of(StorageService.Blob), "requests", "blob requests of the bloc-year, net of idle polling"),
                    new Figure("storageOpsPerBlocYearQueue", net.Of(StorageService.Queue), "requests", "queue requests of the bloc-year, net of idle polling"),
                    new Figure("storageOpsPerBlocYearTable", net.Of(StorageService.Table), "requests", "table requests of the bloc-year (a batch counts once), net of idle polling"),
                    new Figure("storageOpsPerBlocYearEngine", net.Of(StorageOwner.Engine), "requests", "requests on the task hub's queues, tables and containers (the durable engine), net of idle polling"),
                    new Figure("storageOpsPerBlocYearApplication", net.Of(StorageOwner.Application), "requests", "requests on ThiDua's own tables, containers and mail queue, net of idle polling"),
                    new Figure("storageOpsScoringPerUnit", scoring / submissions, "requests", "requests of the scoring phase per acting unit (its evidence file, its submission and confirmation, the reminder to the unit that did not act, the phase's close), net of idle polling"),
                    new Figure("storageIdleOpsPerHour", idlePerSecond.Total * 3600, "requests/h", "storage requests of one idle host per hour (every orchestration waiting): queue polling, leases"),
                    new Figure("storageIdleOpsPerHourEngine", idlePerSecond.Of(StorageOwner.Engine) * 3600, "requests/h", "the durable engine's share of the idle requests"),
                    new Figure("storageIdleOpsPerHourApplication", idlePerSecond.Of(StorageOwner.Application) * 3600, "requests/h", "the application's share of the idle requests (mail queue polling)"),
                    new Figure("storageBlocYearSeconds", yearSeconds, "s", "the compressed year's length in this run"),
                    new Figure("storageBlocYearApiRequests", run.Requests, "requests", "API calls the simulated people made in the year (status polls every second and downloads included)"),
                    new Figure("storageBlocYearExecutions", executions, "executions", "Functions executions the bloc-year would bill: API calls, orchestration and activity messages, mail queue messages"),
                    new Figure("storageBlocYearActiveCpuSeconds", activeSeconds, "s", "the host's CPU time for the year's work, net of its idle CPU (stands for billed execution time)"),
                    new Figure("storageStoredMb", (blobGb + tableGb) * 1024, "MB", "what the storage holds after the year: blobs, and table entities as their JSON"),
                    new Figure("azureCostPerProvinceYearUsd", cost.TotalUsd, "USD", $"a province's year, {ProvinceBlocs} blocs of {units} units, at {AzurePrices.Region} list prices (bench/README.md)"),
                    new Figure("azureCostProvinceTransactionsUsd", cost.TransactionsUsd, "USD", "the blocs' storage requests"),
                    new Figure("azureCostProvinceIdlePollingUsd", cost.IdlePollingUsd, "USD", "one always-ready host's idle storage requests, all year"),
                    new Figure("azureCostProvinceCapacityUsd", cost.CapacityUsd, "USD", "twelve months of holding ten years of records (the deployment's retention)"),
                    new Figure("azureCostProvinceFunctionsUsd", cost.FunctionsUsd, "USD", "Flex Consumption: one always-ready instance's baseline, execution time, executions"),
                ],
                [
                    new Check("the bloc's year completed and was archived", completed, run.Late == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{run.Late} acts refused as late")),
                    new Check("every document of the year was downloaded", run.DocumentsDownloaded > 0, string.Create(CultureInfo.InvariantCulture, $"{run.DocumentsDownloaded} files")),
                    new Check(
                        "requests were counted on every service, for the engine and the application",
                        gross.Of(StorageService.Blob) > 0 && gross.Of(StorageService.Queue) > 0 && gross.Of(StorageService.Table) > 0 && gross.Of(StorageOwner.Engine) > 0 && gross.Of(StorageOwner.Application) > 0,
                        string.Create(CultureInfo.InvariantCulture, $"blob {gross.Of(StorageService.Blob)}, queue {gross.Of(StorageService.Queue)}, table {gross.Of(StorageService.Table)}; engine {gross.Of(StorageOwner.Engine)}, application {gross.Of(StorageOwner.Application)}")),
                    new Check("an idle host still polls (the cost that runs all year)", idlePerSecond.Of(StorageOwner.Engine) > 0, string.Create(CultureInfo.InvariantCulture, $"{idlePerSecond.Total:0.00} requests/s")),
                ]);
        }
        finally
        {
            try
            {
                Directory.Delete(stateDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    /// <summary>
    /// The host, in a process of its own. The full run polls as the Functions app does in Azure
    /// (host.json), so that the idle rate measured is the one a province pays for.
    /// </summary>
    static Task<HostProcess> StartHostAsync(string connectionString, string taskHub, string stateDirectory, bool quick, ILogger logger, CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            "--TaskHubName=" + taskHub,
            "--ThiDua:StateDirectory=" + stateDirectory,
            "--ThiDua:LaunchCheckInterval=00:00:00",
            "--ThiDua:Api:WritesPerMinute=1000000",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ];
        if (!quick)
        {
            arguments.AddRange(
            [
                "--ThiDua:PartitionCount=4",
                "--ThiDua:MaxQueuePollingInterval=00:00:05",
                "--ThiDua:MailQueue:PollInterval=00:00:02",
                "--ThiDua:MailQueue:SweepInterval=00:05:00",
            ]);
        }

        return HostProcess.StartAsync(
            new HostProcessOptions
            {
                Environment = new Dictionary<string, string> { ["AzureWebJobsStorage"] = connectionString },
                Arguments = arguments,
                StartTimeout = TimeSpan.FromSeconds(90),
                OnError = line => logger.LogWarning("thidua host: {Line}", line),
            },
            cancellationToken);
    }

    /// <summary>
    /// Functions executions the storage traffic stands for: each message put on a control queue
    /// (at most one orchestration episode each), on the work-item queue (one activity each) and on
    /// the mail queue (one queue-trigger execution each).
    /// </summary>
    static double Executions(IReadOnlyList<StorageRequestCount> before, IReadOnlyList<StorageRequestCount> after)
    {
        static long Puts(IEnumerable<StorageRequestCount> counts) =>
            counts.Where(c => c.Service == StorageService.Queue && c.Method == "POST" && c.Path.EndsWith("/messages", StringComparison.Ordinal) && c.Status < 300).Sum(c => c.Requests);
        return Puts(after) - Puts(before);
    }

    /// <summary>What the storage holds: every blob's length, and every entity of every table as its JSON (a close stand-in for its billed size).</summary>
    static async Task<(double BlobGb, double TableGb)> StoredGbAsync(string connectionString, CancellationToken cancellationToken)
    {
        const double Gb = 1024.0 * 1024 * 1024;
        long blobBytes = 0;
        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken))
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync(cancellationToken: cancellationToken))
            {
                blobBytes += blob.Properties.ContentLength ?? 0;
            }
        }

        long tableBytes = 0;
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                tableBytes += System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(entity).Length;
            }
        }

        return (blobBytes / Gb, tableBytes / Gb);
    }
}
