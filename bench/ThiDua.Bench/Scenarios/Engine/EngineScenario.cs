using System.Diagnostics;
using System.Globalization;
using DurableTask.Core;
using Microsoft.Extensions.Logging;
using ThiDua.Bench.Harness;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>
/// Throughput of the local host stack against the Durable Task Framework's own TaskHubWorker:
/// the same chains of three activities, on the same Azurite, with the same provider settings,
/// in task hubs of their own. Both are warmed up, then measured in alternating rounds (ABBA…)
/// so that drift of this shared machine hits both alike. Throughput of a round is orchestrations
/// per second from the first start to the last completion recorded in the instance table; an
/// engine's throughput is all its measured orchestrations over all its measured time, so stalls
/// count. The median of the ratios of back-to-back rounds is reported beside it: it shows what a
/// round without a stall achieves. CPU time per orchestration (this process, where the engine
/// runs, and Azurite) shows where the time goes, and holds up better than wall-clock time when
/// other work shares the cores.
/// </summary>
public sealed class EngineScenario : IBenchScenario
{
    /// <summary>Both engines start instances with the same number of concurrent callers.</summary>
    const int StartConcurrency = 16;

    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public string Name => "engine";

    public string Description => "chains of 3 activities: local host vs the Durable Task Framework's TaskHubWorker on the same Azurite";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var size = context.Quick
            ? new Size(Orchestrations: 10, Rounds: 1, WarmUp: 2, RoundTimeout: TimeSpan.FromMinutes(2))
            : new Size(Orchestrations: 200, Rounds: 5, WarmUp: 20, RoundTimeout: TimeSpan.FromMinutes(10));
        var logger = context.LoggerFactory.CreateLogger<EngineScenario>();
        var azurite = await context.GetAzuriteAsync(cancellationToken);
        var connectionString = azurite.ConnectionString;
        using var cpu = new CpuMeter(azurite.ProcessId);

        await using var candidate = await LocalHostSide.StartAsync(connectionString, BenchContext.NewTaskHubName("BenchLocal"), cancellationToken);
        await using var baseline = await TaskHubWorkerSide.StartAsync(
            connectionString, BenchContext.NewTaskHubName("BenchCore"), context.LoggerFactory, cancellationToken);
        using var candidateObserver = new InstanceObserver(connectionString, candidate.TaskHubName, context.LoggerFactory);
        using var baselineObserver = new InstanceObserver(connectionString, baseline.TaskHubName, context.LoggerFactory);
        var runs = new Dictionary<IEngineSide, SideRuns>
        {
            [candidate] = new(candidateObserver),
            [baseline] = new(baselineObserver),
        };

        async Task RunAsync(IEngineSide side, string label, int count, bool measured)
        {
            var round = await RunRoundAsync(side, runs[side].Observer, cpu, label, count, size.RoundTimeout, cancellationToken);
            runs[side].Add(round, measured);
            logger.LogInformation(
                "{Side} {Label}: {Count} orchestrations, {Throughput:0.0}/s ({Starts:0.0} starts/s), CPU per orchestration {HostCpu:0.0} ms here, {AzuriteCpu:0.0} ms Azurite, {Right} right outputs",
                side.Name, label, count, round.PerSecond, round.StartsPerSecond, round.HostCpuMs, round.AzuriteCpuMs, round.RightOutputs);
        }

        await RunAsync(baseline, "warmup", size.WarmUp, measured: false);
        await RunAsync(candidate, "warmup", size.WarmUp, measured: false);
        for (var r = 0; r < size.Rounds; r++)
        {
            IEngineSide[] order = r % 2 == 0 ? [baseline, candidate] : [candidate, baseline];
            foreach (var side in order)
            {
                await RunAsync(side, "r" + r.ToString(CultureInfo.InvariantCulture), size.Orchestrations, measured: true);
            }
        }

        var local = runs[candidate];
        var core = runs[baseline];
        var pairRatios = local.Measured.Zip(core.Measured, (l, c) => l.PerSecond / c.PerSecond);
        return new ScenarioResult(
            this.Name,
            [
                new Figure("engineRatio", local.PerSecond / core.PerSecond, "ratio", "local host / TaskHubWorker throughput over all measured rounds (target ≥ 0.9)"),
                new Figure("engineLocalHostPerSecond", local.PerSecond, "orch/s", "local host: measured orchestrations / measured time, first start to last completion"),
                new Figure("engineTaskHubWorkerPerSecond", core.PerSecond, "orch/s", "TaskHubWorker baseline: measured orchestrations / measured time"),
                new Figure("engineRoundRatioMedian", Stats.Median(pairRatios), "ratio", "median of local host / TaskHubWorker over back-to-back rounds"),
                new Figure("engineLocalHostSlowestRoundPerSecond", local.Measured.Min(r => r.PerSecond), "orch/s", "local host: slowest measured round"),
                new Figure("engineTaskHubWorkerSlowestRoundPerSecond", core.Measured.Min(r => r.PerSecond), "orch/s", "TaskHubWorker: slowest measured round"),
                new Figure("engineLocalHostStartsPerSecond", local.MedianStartsPerSecond, "starts/s", "local host: instances started per second while starting"),
                new Figure("engineTaskHubWorkerStartsPerSecond", core.MedianStartsPerSecond, "starts/s", "TaskHubWorker baseline: instances started per second"),
                new Figure("engineLocalHostCpuMsPerOrchestration", local.Median(r => r.HostCpuMs), "ms", "local host: CPU of this process per orchestration, median"),
                new Figure("engineTaskHubWorkerCpuMsPerOrchestration", core.Median(r => r.HostCpuMs), "ms", "TaskHubWorker: CPU of this process per orchestration, median"),
                new Figure("engineLocalHostAzuriteCpuMsPerOrchestration", local.Median(r => r.AzuriteCpuMs), "ms", "local host: Azurite CPU per orchestration, median"),
                new Figure("engineTaskHubWorkerAzuriteCpuMsPerOrchestration", core.Median(r => r.AzuriteCpuMs), "ms", "TaskHubWorker: Azurite CPU per orchestration, median"),
                new Figure("engineOrchestrations", size.Orchestrations, "orch", $"orchestrations per round, {ChainWork.Steps} activities each"),
                new Figure("engineRounds", size.Rounds, "rounds", "measured rounds per engine, alternating, after a warm-up"),
            ],
            [local.Check(candidate.Name), core.Check(baseline.Name)]);
    }

    static async Task<Round> RunRoundAsync(
        IEngineSide side, InstanceObserver observer, CpuMeter cpu, string label, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var prefix = label + "-";
        var cpuBefore = cpu.Sample();
        var firstStart = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = StartConcurrency, CancellationToken = cancellationToken },
            async (i, token) => await side.StartAsync(InstanceId(prefix, i), i, token));
        var startSeconds = clock.Elapsed.TotalSeconds;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var completed = 0;
        try
        {
            while (true)
            {
                var states = await observer.QueryAsync(prefix, withOutputs: false, deadline.Token);
                if (states.FirstOrDefault(s => s.OrchestrationStatus is OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled) is { } broken)
                {
                    throw new InvalidOperationException($"{side.Name}: {broken.OrchestrationInstance.InstanceId} ended {broken.OrchestrationStatus}: {broken.Output}");
                }

                completed = states.Count(s => s.OrchestrationStatus == OrchestrationStatus.Completed);
                if (completed == count)
                {
                    break;
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{side.Name}: {completed} of {count} orchestrations of round {label} completed within {timeout}.");
        }

        var cpuAfter = cpu.Sample();
        var final = await observer.QueryAsync(prefix, withOutputs: true, cancellationToken);
        var lastCompletion = final.Max(s => s.CompletedTime > firstStart ? s.CompletedTime : s.LastUpdatedTime);
        var right = final.Count(s =>
            int.TryParse(s.Output, NumberStyles.Integer, CultureInfo.InvariantCulture, out var output)
            && output == ChainWork.Expected(InputOf(prefix, s.OrchestrationInstance.InstanceId)));
        return new Round(
            Count: count,
            Completed: final.Count(s => s.OrchestrationStatus == OrchestrationStatus.Completed),
            RightOutputs: right,
            PerSecond: count / (lastCompletion - firstStart).TotalSeconds,
            StartsPerSecond: count / startSeconds,
            HostCpuMs: (cpuAfter.Host - cpuBefore.Host).TotalMilliseconds / count,
            AzuriteCpuMs: (cpuAfter.Azurite - cpuBefore.Azurite).TotalMilliseconds / count);
    }

    static string InstanceId(string prefix, int input) => prefix + input.ToString("D5", CultureInfo.InvariantCulture);

    static int InputOf(string prefix, string instanceId) => int.Parse(instanceId.AsSpan(prefix.Length), CultureInfo.InvariantCulture);

    sealed record Size(int Orchestrations, int Rounds, int WarmUp, TimeSpan RoundTimeout);

    sealed record Round(int Count, int Completed, int RightOutputs, double PerSecond, double StartsPerSecond, double HostCpuMs, double AzuriteCpuMs);

    /// <summary>Rounds of one engine: measured ones for the figures, all of them for the checks.</summary>
    sealed class SideRuns(InstanceObserver observer)
    {
        readonly List<Round> _measured = [];
        int started;
        int completed;
        int right;

        public InstanceObserver Observer { get; } = observer;

        public IReadOnlyList<Round> Measured => _measured;

        /// <summary>All measured orchestrations over all measured time.</summary>
        public double PerSecond => _measured.Sum(r => r.Count) / _measured.Sum(r => r.Count / r.PerSecond);

        public double MedianStartsPerSecond => this.Median(r => r.StartsPerSecond);

        public double Median(Func<Round, double> figure) => Stats.Median(_measured.Select(figure));

        public void Add(Round round, bool measured)
        {
            this.started += round.Count;
            this.completed += round.Completed;
            this.right += round.RightOutputs;
            if (measured)
            {
                _measured.Add(round);
            }
        }

        public Check Check(string side) => new(
            $"{side}: every orchestration completed with the right output",
            this.started > 0 && this.completed == this.started && this.right == this.started,
            $"{this.completed} completed, {this.right} right, of {this.started}");
    }
}
