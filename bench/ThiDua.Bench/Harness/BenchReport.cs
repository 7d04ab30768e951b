using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ThiDua.Bench.Harness;

/// <summary>Everything one run measured, and its JSON form.</summary>
public sealed record BenchReport(bool Quick, IReadOnlyList<ScenarioResult> Scenarios)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public bool Passed => this.Scenarios.Count > 0 && this.Scenarios.All(s => s.Passed);

    /// <summary>
    /// One flat object: every scenario's figures as top-level fields (engineRatio, tally10kMs, …),
    /// then the run's mode, the machine, the checks and the overall verdict.
    /// </summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["quick"] = this.Quick,
            ["machine"] = new JsonObject
            {
                ["processorCount"] = Environment.ProcessorCount,
                ["os"] = RuntimeInformation.OSDescription,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
            },
        };
        foreach (var figure in this.Scenarios.SelectMany(s => s.Figures))
        {
            json.Add(figure.Key, Math.Round(figure.Value, 3));
        }

        var checks = new JsonArray();
        foreach (var scenario in this.Scenarios)
        {
            foreach (var check in scenario.Checks)
            {
                checks.Add(new JsonObject
                {
                    ["scenario"] = scenario.Scenario,
                    ["check"] = check.Description,
                    ["passed"] = check.Passed,
                    ["detail"] = check.Detail,
                });
            }
        }

        json["checks"] = checks;
        json["passed"] = this.Passed;
        return json;
    }

    public string ToJsonString() => this.ToJson().ToJsonString(Indented);
}
