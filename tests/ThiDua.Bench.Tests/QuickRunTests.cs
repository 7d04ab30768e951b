using System.Text.Json;

namespace ThiDua.Bench.Tests;

/// <summary>
/// Runs the harness in quick mode, in process, as CI would run the command: so the harness
/// never rots. Asserts completion and correctness and the JSON contract, never times.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class QuickRunTests
{
    [Fact]
    public async Task Quick_json_run_completes_every_orchestration_counts_right_and_prints_one_object_with_every_figure()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));

        var exitCode = await BenchCommand.RunAsync(["--quick", "--json"], stdout, stderr, timeout.Token);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout.ToString());
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.True(root.GetProperty("quick").GetBoolean());
        Assert.True(root.GetProperty("passed").GetBoolean());

        foreach (var field in new[]
        {
            "engineRatio", "engineLocalHostPerSecond", "engineTaskHubWorkerPerSecond", "engineRoundRatioMedian",
            "tally10kMs", "tallyDictionaryBaselineMs", "tallyRatio",
            "compact30SignVerifyMs", "compactBareEcdsaBaselineMs", "compactRatio",
            "ingestionRatio", "ingestionSubmissionsPerSecond", "ingestionInsertsPerSecond",
            "provinceTotalSeconds", "phaseDelayP50Seconds", "phaseDelayP95Seconds", "hostPeakRssMb", "hostStartRssMb",
            "deadlineBurstP50Ms", "deadlineBurstP99Ms",
            "provinceTwoHostsTotalSeconds", "provinceTwoHostsP50Seconds", "provinceTwoHostsP95Seconds",
            "provinceTwoHostsFirstPeakRssMb", "provinceTwoHostsSecondPeakRssMb", "provinceTwoHostsBurstP99Ms",
            "storageOpsPerBlocYear", "storageOpsPerBlocYearBlob", "storageOpsPerBlocYearQueue", "storageOpsPerBlocYearTable",
            "storageOpsPerBlocYearEngine", "storageOpsPerBlocYearApplication", "storageIdleOpsPerHour", "storageIdleOpsPerHourEngine",
            "azureCostPerProvinceYearUsd", "azureCostProvinceTransactionsUsd", "azureCostProvinceIdlePollingUsd", "azureCostProvinceFunctionsUsd",
        })
        {
            Assert.True(root.GetProperty(field).GetDouble() > 0, $"{field} should be a positive figure");
        }

        Assert.Equal(10, root.GetProperty("engineOrchestrations").GetInt32());
        Assert.Equal(500, root.GetProperty("tallyBallots").GetInt32());
        Assert.Equal(160, root.GetProperty("ingestionSubmissions").GetInt32());
        Assert.Equal(2, root.GetProperty("provinceBlocs").GetInt32());
        Assert.Equal(10, root.GetProperty("provinceUnits").GetInt32());
        Assert.Equal(10, root.GetProperty("deadlineBurstSubmissions").GetInt32());
        Assert.Equal(10, root.GetProperty("deadlineBurstAccepted").GetInt32());
        Assert.Equal(0, root.GetProperty("deadlineBurstLost").GetInt32());
        Assert.Equal(0, root.GetProperty("deadlineBurstLateRefused").GetInt32());
        Assert.Equal(4, root.GetProperty("provinceTwoHostsPartitions").GetInt32());

        // The bill is its parts, and the year's requests are split without loss by service and by owner
        // (each figure is rounded to three decimals in the JSON).
        double Field(string name) => root.GetProperty(name).GetDouble();
        Assert.InRange(Field("azureCostPerProvinceYearUsd") - new[] { "Transactions", "IdlePolling", "Capacity", "Functions" }.Sum(p => Field($"azureCostProvince{p}Usd")), -0.01, 0.01);
        Assert.InRange(Field("storageOpsPerBlocYear") - new[] { "Blob", "Queue", "Table" }.Sum(s => Field($"storageOpsPerBlocYear{s}")), -0.01, 0.01);
        Assert.InRange(Field("storageOpsPerBlocYear") - Field("storageOpsPerBlocYearEngine") - Field("storageOpsPerBlocYearApplication"), -0.01, 0.01);

        // The phase changes' episode counts: each transition of both years counted, version 2's sum below version 1's.
        foreach (var field in new[]
        {
            "transitionSteps", "transitionStepsScoring", "transitionStepsReview", "transitionStepsVote", "transitionStepsElection", "transitionStepsV1",
        })
        {
            Assert.True(root.GetProperty(field).GetDouble() > 0, $"{field} should be a positive figure");
        }

        Assert.True(root.GetProperty("transitionSteps").GetDouble() < root.GetProperty("transitionStepsV1").GetDouble());

        var checks = root.GetProperty("checks").EnumerateArray().ToArray();
        Assert.Contains(checks, c => c.GetProperty("check").GetString()!.StartsWith("local host: every orchestration completed", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.GetProperty("check").GetString()!.StartsWith("TaskHubWorker: every orchestration completed", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "tally equals the reference count");
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "every unit's signature verifies");
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "a signature over changed bytes is refused as the wrong document");
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "every submission was stored as its unit's next version");
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "every raw insert is in its table");
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "every deadline's timer started its phase change in both years");
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == "two hosts: both hosts owned partitions of the task hub at the end of the year");
        // The province's checks, again for its year on two hosts.
        foreach (var province in new[]
        {
            "every bloc's year completed",
            "every bloc's ranking has the submitted totals and the leader's adjustment",
            "every bloc's vote chose the unit its ballots named",
            "every bloc elected the next leader in the rotation",
            "every bloc's year is archived",
            "every submission of the deadline burst was accepted",
            "no burst submission sent before the deadline was refused as late",
            "every accepted burst submission reads back as stored",
        })
        {
            Assert.Contains(checks, c => c.GetProperty("check").GetString() == province);
            Assert.Contains(checks, c => c.GetProperty("check").GetString() == "two hosts: " + province);
        }

        foreach (var cost in new[]
        {
            "the bloc's year completed and was archived",
            "every document of the year was downloaded",
            "requests were counted on every service, for the engine and the application",
            "an idle host still polls (the cost that runs all year)",
        })
        {
            Assert.Contains(checks, c => c.GetProperty("check").GetString() == cost);
        }

        Assert.All(checks, c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
    }

    [Fact]
    public async Task Selected_scenario_runs_alone_and_prints_a_table()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await BenchCommand.RunAsync(["--quick", "--scenario", "tally"], stdout, stderr, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var table = stdout.ToString();
        Assert.Contains("tally10kMs", table, StringComparison.Ordinal);
        Assert.Contains("tally equals the reference count", table, StringComparison.Ordinal);
        Assert.DoesNotContain("engineRatio", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_scenario_is_refused_with_the_list_of_scenarios_and_nothing_on_stdout()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await BenchCommand.RunAsync(["--scenario", "nope"], stdout, stderr, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout.ToString());
        Assert.Contains("Unknown scenario 'nope'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("engine", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("tally", stderr.ToString(), StringComparison.Ordinal);
    }
}
