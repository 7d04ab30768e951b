using Microsoft.Extensions.Logging;
using ThiDua.Bench.Scenarios.Compact;
using ThiDua.Bench.Scenarios.Cost;
using ThiDua.Bench.Scenarios.Engine;
using ThiDua.Bench.Scenarios.Host;
using ThiDua.Bench.Scenarios.Tally;
using ThiDua.Bench.Scenarios.Transitions;

namespace ThiDua.Bench.Harness;

/// <summary>Runs the selected scenarios one after another (never in parallel: they measure).</summary>
public static class BenchHarness
{
    /// <summary>Every scenario, in the order they run. New scenarios are added here.</summary>
    public static IReadOnlyList<IBenchScenario> Scenarios { get; } =
    [
        new EngineScenario(),
        new IngestionScenario(),
        new TallyScenario(),
        new CompactScenario(),
        new ProvinceScenario(),
        new TwoHostsScenario(),
        new CostScenario(),
        new TransitionsScenario(),
    ];

    public static async Task<BenchReport> RunAsync(
        IReadOnlyList<IBenchScenario> scenarios,
        bool quick,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger(typeof(BenchHarness));
        var results = new List<ScenarioResult>();
        await using var context = new BenchContext(quick, loggerFactory);
        foreach (var scenario in scenarios)
        {
            logger.LogInformation("Scenario {Scenario}: {Description}", scenario.Name, scenario.Description);
            try
            {
                results.Add(await scenario.RunAsync(context, cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A broken scenario is reported as failed; its figures are absent, never guessed.
                logger.LogError(ex, "Scenario {Scenario} failed", scenario.Name);
                results.Add(new ScenarioResult(scenario.Name, [], [new Check("scenario ran to the end", false, ex.Message)]));
            }
        }

        return new BenchReport(quick, results);
    }
}
