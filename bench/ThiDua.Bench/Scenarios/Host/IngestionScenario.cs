using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Bench.Harness;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>
/// Score submissions accepted per second through the HTTP API of a separate <c>thidua host</c>,
/// 16 clients each submitting as fast as the API answers, for one unit in each of several blocs in
/// turn (a province's burst before the deadline: many units, a few versions each), against
/// raw single-entity inserts of the same sheet into the same Azurite by 16 concurrent writers.
/// Rounds alternate (ABAB…) after a warm-up of both that lasts until neither process is still
/// recompiling its hot code, so drift of this shared machine hits both alike and a one-off cost of
/// starting up is not taken for the steady rate.
/// Every accepted version queues a confirmation email that the host sends in the background; after
/// each round of submissions the harness waits until the host's mail server has them all, so that
/// this work is not left to slow the next round of inserts, and reports that drain beside the rate.
/// </summary>
public sealed class IngestionScenario : IBenchScenario
{
    const int Clients = 16;

    static readonly PhaseDurations LongScoring = new()
    {
        Signing = TimeSpan.FromMinutes(10),
        Scoring = TimeSpan.FromHours(1),
        Review = TimeSpan.FromMinutes(10),
        Voting = TimeSpan.FromMinutes(10),
        VoteRound = TimeSpan.FromMinutes(1),
        LeaderElection = TimeSpan.FromMinutes(10),
        Archive = TimeSpan.FromMinutes(10),
    };

    public string Name => "ingestion";

    public string Description => "score submissions/s through the API (16 clients) vs raw single-entity inserts (16 writers) on the same Azurite";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (blocs, perClient, rounds, warmUp) = context.Quick ? (2, 10, 1, 2) : (10, 150, 3, 50);
        var logger = context.LoggerFactory.CreateLogger<IngestionScenario>();
        var azurite = await context.GetAzuriteAsync(cancellationToken);
        using var azuriteProcess = Process.GetProcessById(azurite.ProcessId);
        using var self = Process.GetCurrentProcess();

        await using var host = await BenchHost.StartAsync(azurite.ConnectionString, BenchContext.NewTaskHubName("BenchIngest"), logger, cancellationToken);
        using var province = await SimulatedProvince.SeedAsync(
            host.Process.BaseAddress, azurite.ConnectionString, "nhap-" + BenchContext.NewTaskHubName("k"), blocs, Clients,
            new BlocRules { ReminderOffsets = [TimeSpan.FromMinutes(1)] }, Clients, cancellationToken);
        var year = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
        foreach (var bloc in province.Blocs)
        {
            var launch = await province.Admin.PostAsync<LaunchResponse>(
                SimulatedProvince.Path(bloc.BlocId, year, "launch"), SimulatedProvince.LaunchRequest(bloc, LongScoring), cancellationToken);

            // Every unit signs, so the compact seals at once and scoring opens.
            await Task.WhenAll(bloc.Units.Select(u => SimulatedProvince.SignAsync(bloc, u, year, launch.CompactSha256, cancellationToken)));
        }

        foreach (var bloc in province.Blocs)
        {
            await WaitForScoringAsync(province, bloc, year, cancellationToken);
        }

        var table = new TableClient(azurite.ConnectionString, BenchContext.NewTaskHubName("BenchInserts"));
        await table.CreateIfNotExistsAsync(cancellationToken);
        var versions = new int[blocs * Clients];
        var wrongVersions = 0;
        var inserted = 0;

        async Task<double> SubmissionsAsync(string label, int count) => await TimeAsync(count, async (client, k) =>
        {
            var bloc = province.Blocs[k % blocs];
            var sheet = await SimulatedProvince.SubmitAsync(bloc, bloc.Units[client], year, ProvinceScenario.Sheet(client + 1), $"{label}-{k}", cancellationToken);
            if (sheet.Version != Interlocked.Increment(ref versions[(k % blocs * Clients) + client]))
            {
                Interlocked.Increment(ref wrongVersions);
            }
        });

        async Task<double> InsertsAsync(string label, int count) => await TimeAsync(count, async (writer, k) =>
        {
            var bloc = province.Blocs[k % blocs];
            var unit = bloc.Units[writer];
            var payload = JsonSerializer.Serialize(
                new ScoreSubmission { BlocId = bloc.BlocId, Year = year, UnitId = unit.UnitId, ClientRequestId = $"{label}-{k}", Lines = ProvinceScenario.Sheet(writer + 1) },
                ApiJson.Options);
            await table.AddEntityAsync(new TableEntity($"{bloc.BlocId}:{unit.UnitId}", $"{label}-{k:D6}") { ["Sheet"] = payload }, cancellationToken);
            Interlocked.Increment(ref inserted);
        });

        async Task<double> TimeAsync(int count, Func<int, int, Task> act)
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, Clients),
                new ParallelOptions { MaxDegreeOfParallelism = Clients, CancellationToken = cancellationToken },
                async (client, _) =>
                {
                    for (var k = 0; k < count; k++)
                    {
                        await act(client, k);
                    }
                });
            return clock.Elapsed.TotalSeconds;
        }

        async Task<double> DrainAsync()
        {
            var expected = versions.Sum();
            var clock = Stopwatch.StartNew();
            while (host.MailCount < expected)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"{host.MailCount} of {expected} confirmations were sent within five minutes.");
                }

                await Task.Delay(100, cancellationToken);
            }

            return clock.Elapsed.TotalSeconds;
        }

        // Warm both sides until neither the host nor the harness is still recompiling its hot code:
        // measured, the host's tiered compiler otherwise takes half a core through the first rounds.
        var warmUpSubmissions = 0;
        var warmUpClock = Stopwatch.StartNew();
        for (var w = 0; ; w++)
        {
            var (hostCompiled, selfCompiled) = (TieredCompiler.CpuOf(host.Process.ProcessId), TieredCompiler.CpuOf(Environment.ProcessId));
            var seconds = await SubmissionsAsync($"warmup{w}", warmUp);
            seconds += await DrainAsync();
            seconds += await InsertsAsync($"warmup{w}", warmUp);
            warmUpSubmissions += warmUp;
            var compiling = (TieredCompiler.Since(host.Process.ProcessId, hostCompiled) + TieredCompiler.Since(Environment.ProcessId, selfCompiled)).TotalSeconds / seconds;
            logger.LogInformation("Ingestion warm-up {Round}: tiered compilation took {Share:P0} of the time", w, compiling);
            if (context.Quick || compiling < 0.02 || warmUpClock.Elapsed > TimeSpan.FromMinutes(2))
            {
                break;
            }
        }

        double submitSeconds = 0, insertSeconds = 0, drainSeconds = 0;
        TimeSpan hostCpu = TimeSpan.Zero, azuriteSubmitCpu = TimeSpan.Zero, azuriteInsertCpu = TimeSpan.Zero, clientSubmitCpu = TimeSpan.Zero, clientInsertCpu = TimeSpan.Zero;
        for (var r = 0; r < rounds; r++)
        {
            var label = "r" + r.ToString(CultureInfo.InvariantCulture);
            foreach (var submissions in r % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var before = (Host: host.Process.Sample().Cpu, Azurite: CpuOf(azuriteProcess), Client: CpuOf(self));
                var seconds = submissions ? await SubmissionsAsync(label, perClient) : await InsertsAsync(label, perClient);
                var drained = submissions ? await DrainAsync() : 0;
                var after = (Host: host.Process.Sample().Cpu, Azurite: CpuOf(azuriteProcess), Client: CpuOf(self));
                logger.LogInformation(
                    "Ingestion {Label} {Side}: {PerSecond:0.0}/s, confirmations {Drained:0.0} s later, CPU {Host:0} ms host, {Azurite:0} ms Azurite, {Client:0} ms clients",
                    label, submissions ? "submissions" : "inserts", Clients * perClient / seconds, drained,
                    (after.Host - before.Host).TotalMilliseconds, (after.Azurite - before.Azurite).TotalMilliseconds, (after.Client - before.Client).TotalMilliseconds);
                if (submissions)
                {
                    submitSeconds += seconds;
                    drainSeconds += drained;
                    hostCpu += after.Host - before.Host;
                    azuriteSubmitCpu += after.Azurite - before.Azurite;
                    clientSubmitCpu += after.Client - before.Client;
                }
                else
                {
                    insertSeconds += seconds;
                    azuriteInsertCpu += after.Azurite - before.Azurite;
                    clientInsertCpu += after.Client - before.Client;
                }
            }
        }

        var measured = (double)Clients * perClient * rounds;
        var stored = await Task.WhenAll(province.Blocs.SelectMany(b => b.Units.Select(u => province.Admin.GetAsync<ScoreHistory>(
            SimulatedProvince.Path(b.BlocId, year, "scores/" + u.UnitId), cancellationToken))));
        var expectedVersions = (warmUpSubmissions + (perClient * rounds)) / blocs;
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: cancellationToken))
        {
            rows++;
        }

        await table.DeleteAsync(cancellationToken);
        var submissionsPerSecond = measured / submitSeconds;
        var insertsPerSecond = measured / insertSeconds;
        return new ScenarioResult(
            this.Name,
            [
                new Figure("ingestionRatio", submissionsPerSecond / insertsPerSecond, "ratio", "API submissions/s / raw inserts/s (target ≥ 0.5)"),
                new Figure("ingestionSubmissionsPerSecond", submissionsPerSecond, "req/s", $"score submissions accepted per second, {Clients} clients, all measured rounds"),
                new Figure("ingestionInsertsPerSecond", insertsPerSecond, "inserts/s", $"baseline: single-entity inserts of the same sheet per second, {Clients} writers"),
                new Figure("ingestionConfirmedPerSecond", measured / (submitSeconds + drainSeconds), "req/s", "submissions per second counting until the host had sent every confirmation email"),
                new Figure("ingestionHostCpuMsPerSubmission", hostCpu.TotalMilliseconds / measured, "ms", "CPU of the host process per submission, its confirmation email included"),
                new Figure("ingestionAzuriteCpuMsPerSubmission", azuriteSubmitCpu.TotalMilliseconds / measured, "ms", "Azurite CPU per submission, its confirmation email included"),
                new Figure("ingestionAzuriteCpuMsPerInsert", azuriteInsertCpu.TotalMilliseconds / measured, "ms", "baseline: Azurite CPU per raw insert"),
                new Figure("ingestionClientCpuMsPerSubmission", clientSubmitCpu.TotalMilliseconds / measured, "ms", "CPU of the harness (the clients) per submission"),
                new Figure("ingestionClientCpuMsPerInsert", clientInsertCpu.TotalMilliseconds / measured, "ms", "baseline: CPU of the harness (the writers) per insert"),
                new Figure("ingestionSubmissions", measured, "req", $"measured submissions ({rounds} rounds), as many raw inserts"),
                new Figure("ingestionWarmUpSeconds", warmUpClock.Elapsed.TotalSeconds, "s", "warm-up of both sides before measuring, until tiered compilation took under 2% of the time"),
            ],
            [
                new Check(
                    "every submission was stored as its unit's next version",
                    wrongVersions == 0 && stored.All(h => h.Versions.Count == expectedVersions && h.Versions.Select(v => v.Version).SequenceEqual(Enumerable.Range(1, expectedVersions))),
                    $"{stored.Sum(h => h.Versions.Count)} versions stored, {wrongVersions} answered out of order, {expectedVersions} per unit expected"),
                new Check("every raw insert is in its table", rows == inserted, $"{rows} rows of {inserted}"),
                new Check("every accepted version was confirmed by email", host.MailCount == versions.Sum(), $"{host.MailCount} emails for {versions.Sum()} versions"),
            ]);
    }

    static async Task WaitForScoringAsync(SimulatedProvince province, SimulatedBloc bloc, int year, CancellationToken cancellationToken)
    {
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while ((await SimulatedProvince.StatusAsync(province.Admin, bloc.BlocId, year, cancellationToken))?.Phase is not CyclePhase.Scoring)
        {
            if (DateTimeOffset.UtcNow > giveUp)
            {
                throw new TimeoutException($"{bloc.BlocId}: scoring did not open within two minutes of every unit signing.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}
