namespace ThiDua.Bench.Harness;

/// <summary>
/// A measured number. <paramref name="Key"/> is its field in the JSON object, so keys are
/// unique across scenarios and stable (scripts and the README read them).
/// </summary>
public sealed record Figure(string Key, double Value, string Unit, string Description);

/// <summary>A correctness fact the scenario verified (completion, outputs, counts).</summary>
public sealed record Check(string Description, bool Passed, string? Detail = null);

/// <summary>What one scenario measured and verified.</summary>
public sealed record ScenarioResult(string Scenario, IReadOnlyList<Figure> Figures, IReadOnlyList<Check> Checks)
{
    public bool Passed => this.Checks.Count > 0 && this.Checks.All(c => c.Passed);
}
