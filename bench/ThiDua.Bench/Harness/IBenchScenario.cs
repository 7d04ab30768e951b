namespace ThiDua.Bench.Harness;

/// <summary>
/// One benchmark scenario. A scenario measures its candidate and its baseline in the same run,
/// and reports figures (which become fields of the JSON object) and correctness checks.
/// Add a scenario by implementing this interface and listing it in <see cref="BenchHarness.Scenarios"/>.
/// </summary>
public interface IBenchScenario
{
    /// <summary>Name used by <c>--scenario</c>; lowercase, one word.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured against what.</summary>
    string Description { get; }

    /// <summary>
    /// Runs the scenario. In <see cref="BenchContext.Quick"/> mode sizes are small and only the
    /// checks matter. Throwing marks the scenario failed; the harness still runs the others.
    /// </summary>
    Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
