using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Diagnostics;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// A deployment in the middle of the year, on the local host and Azurite: a host of the previous build (workflow
/// version 1) is stopped during score collection and replaced by a host of this build (version 2, whose phase changes
/// take fewer steps, behind a version check). The running cycle finishes on its old path with the result it would have
/// had without the upgrade, a cycle started after the upgrade takes the new path, and a worker leaves an instance of a
/// newer version alone for a newer worker.
/// </summary>
[Collection(RestartTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class UpgradeTests(AzuriteFixture azurite)
{
    const string WorkerId = "upgrade-test-worker";
    const string PreviousVersion = "1";
    const string NextVersion = WorkflowVersion.Current;
    const string NewerVersion = "3";
    const string OtherBloc = "noi-chinh-2";

    [Fact]
    public async Task A_cycle_running_when_the_next_build_is_deployed_finishes_on_its_old_path_and_a_new_cycle_takes_the_new_one()
    {
        var scope = azurite.CreateScope(nameof(UpgradeTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var local = LocalState.At(state.Path);
        // Scoring outlasts the replacement of the host and the operator's look at the running cycles.
        var durations = CycleHosts.ShortYear with { Scoring = TimeSpan.FromSeconds(40) };
        var key = new CampaignKey(BlocId, Year);

        Dictionary<string, string> tokens;
        await using (var current = await CycleHosts.StartAsync(scope, state.Path, WorkerId, configure: PreviousBuild))
        {
            tokens = await IssueTokensAsync(current.Services.GetRequiredService<ITokenStore>(), ct);
            using var admin = new ApiClient(current.Urls[0], tokens["admin"]);
            await LaunchSignedYearAsync(admin, tokens, local, [], durations, ct);
            foreach (var (unitId, lines) in DemoScenario.Submissions)
            {
                using var api = admin.As(tokens[unitId]);
                await api.PostAsync<ScoreSheet>(
                    CampaignPath($"scores/{unitId}"), new ScoreSubmission { BlocId = BlocId, Year = Year, UnitId = unitId, ClientRequestId = "upgrade-v1", Lines = lines }, ct);
            }

            Assert.Equal(CyclePhase.Scoring, (await admin.GetAsync<CampaignStatus>(CampaignPath("status"), ct)).Phase);
        }

        await using var next = await CycleHosts.StartAsync(scope, state.Path, WorkerId);
        using var admin2 = new ApiClient(next.Urls[0], tokens["admin"]);

        // A bloc that launches after the deployment: nobody signs, and its scoring closes at its deadline.
        await Seeder.SeedAsync(admin2, local, OtherBloc, [], ct);
        var other = await admin2.PostAsync<LaunchResponse>($"api/blocs/{OtherBloc}/campaigns/{Year}/launch", DemoLaunch with { Durations = CycleHosts.ShortYear }, ct);
        await WaitForPhaseAsync(admin2, $"api/blocs/{OtherBloc}/campaigns/{Year}/status", CyclePhase.Signing, ct);

        // The operator sees the version each running cycle runs, and which must finish before version 1's code goes.
        var running = await ThiduaAsync(next, tokens["admin"], state.Path, ct, "cycles");
        Assert.Contains(running, l => l.StartsWith($"Khối {BlocId}, năm {Year}: ", StringComparison.Ordinal) && l.EndsWith(" · phiên bản quy trình: 1", StringComparison.Ordinal));
        Assert.Contains(running, l => l.StartsWith($"Khối {OtherBloc}, năm {Year}: ", StringComparison.Ordinal) && l.EndsWith(" · phiên bản quy trình: 2", StringComparison.Ordinal));
        var older = Assert.Single(await ThiduaAsync(next, tokens["admin"], state.Path, ct, "cycles", "--version-below", NextVersion));
        Assert.StartsWith($"Khối {BlocId}, năm {Year}: ", older, StringComparison.Ordinal);
        var status = Assert.Single(await ThiduaAsync(next, tokens["admin"], state.Path, ct, "status", OtherBloc, $"{Year}"));
        Assert.EndsWith(" · phiên bản quy trình: 2", status, StringComparison.Ordinal);

        await WaitForPhaseAsync(admin2, CyclePhase.VotingLeadingUnit, ct);
        foreach (var unit in Units)
        {
            using var api = admin2.As(tokens[unit.UnitId]);
            await CastAsync(api, DemoScenario.Choice(unit.UnitId, [HomeAffairs, Police, JudgmentEnforcement]), ct);
        }

        await WaitForPhaseAsync(admin2, CyclePhase.Completed, ct);

        // The result an uninterrupted year of this build gives (RestartMidCycleTests).
        var results = await admin2.GetAsync<CampaignResults>(CampaignPath("results"), ct);
        Assert.NotNull(results.Ranking);
        Assert.Equal([HomeAffairs, Police, MilitaryCommand, JudgmentEnforcement, Justice], results.Ranking.Entries.Select(e => e.UnitId));
        Assert.Equal([99m, 97m, 92m, 89m, 0m], results.Ranking.Entries.Select(e => e.Total));
        Assert.Equal(HomeAffairs, results.LeadingUnitId);
        Assert.NotNull(results.Archive);

        // The year and each of its phases ran as version 1, and took no step of version 2.
        var year = await HistoryRecorder.ReadAsync(scope.ConnectionString, scope.TaskHubName, HistoryRecorder.CycleOf(CycleIds.Cycle(key)), ct);
        Assert.All(year, i => Assert.Equal(PreviousVersion, i.Version));
        var scoring = Assert.Single(year, i => i.Name == nameof(ScoringOrchestrator));
        Assert.Contains(scoring.Events, e => e.Name == CycleActivities.CloseScoring);
        Assert.DoesNotContain(year.SelectMany(i => i.Events), e => e.Name is CycleActivities.EndReview or CycleActivities.OpenPlannedVote or CycleActivities.DecideYear);
        Assert.Contains(year, i => i.Name == nameof(ArchiveOrchestrator));

        // The bloc that launched after the deployment runs version 2: the end of its review is one step, and the cycle
        // records the year itself.
        var otherKey = new CampaignKey(OtherBloc, Year);
        Assert.Equal(CycleIds.Cycle(otherKey), other.InstanceId);
        await WaitForPhaseAsync(admin2, $"api/blocs/{OtherBloc}/campaigns/{Year}/status", CyclePhase.Archiving, ct);
        var otherYear = await HistoryRecorder.ReadAsync(scope.ConnectionString, scope.TaskHubName, HistoryRecorder.CycleOf(other.InstanceId), ct);
        Assert.All(otherYear, i => Assert.Equal(NextVersion, i.Version));
        var otherScoring = Assert.Single(otherYear, i => i.Name == nameof(ScoringOrchestrator));
        Assert.Contains(otherScoring.Events, e => e.Name == CycleActivities.EndReview);
        Assert.DoesNotContain(otherScoring.Events, e => e.Name == CycleActivities.ComputeRanking);
        Assert.Contains(Assert.Single(otherYear, i => i.Name == nameof(CycleOrchestrator)).Events, e => e.Name == CycleActivities.DecideYear);
        Assert.DoesNotContain(otherYear, i => i.Name == nameof(ArchiveOrchestrator));
    }

    [Fact]
    public async Task A_worker_leaves_an_instance_of_a_newer_version_to_a_newer_worker()
    {
        var scope = azurite.CreateScope(nameof(UpgradeTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var probe = new ProbeInput("phiên bản", TimerSeconds: 0, EventWaitSeconds: 0);

        // The refused instance's message is one the stopping host may hold: it stays hidden this long (default a minute)
        // before the next host gets it.
        string newer;
        await using (var current = await CycleHosts.StartAsync(scope, state.Path, WorkerId, workItemVisibilityTimeout: TimeSpan.FromSeconds(10)))
        {
            newer = await current.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ProbeOrchestrator), probe, new StartOrchestrationOptions { Version = NewerVersion }, ct);
            var same = await current.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ProbeOrchestrator), probe, ct);

            // The worker ran the instance of its own version, started after the newer one, to its end...
            var done = await current.Client.WaitForInstanceCompletionAsync(same, ct);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

            // ...and did not run a single step of the newer one.
            Assert.Equal(OrchestrationRuntimeStatus.Pending, (await current.Client.GetInstanceAsync(newer, ct))!.RuntimeStatus);
            var untouched = Assert.Single(await HistoryRecorder.ReadAsync(scope.ConnectionString, scope.TaskHubName, id => id == newer, ct));
            Assert.Empty(untouched.Events);
        }

        // A worker of the newer version runs it.
        await using var next = await CycleHosts.StartAsync(scope, state.Path, WorkerId, configure: options => options.WorkflowVersion = NewerVersion);
        var finished = await next.Client.WaitForInstanceCompletionAsync(newer, getInputsAndOutputs: true, ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.StartsWith("phiên bản|", finished.ReadOutputAs<ProbeResult>()!.ActivityStamp, StringComparison.Ordinal);
    }

    /// <summary>The lines <c>thidua <paramref name="args"/></c> prints in Vietnamese, against <paramref name="host"/> as council staff.</summary>
    static async Task<IReadOnlyList<string>> ThiduaAsync(LocalHostApp host, string token, string stateDirectory, CancellationToken ct, params string[] args)
    {
        using var process = CliProcess.Start(
            new Dictionary<string, string> { ["ThiDua__StateDirectory"] = stateDirectory, ["THIDUA_TOKEN"] = token, ["THIDUA_LANG"] = "vi" },
            [.. args, "--url", host.Urls[0].ToString()]);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"thidua {string.Join(' ', args)} exited {process.ExitCode}: {errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The previous build's host: its cycles run version 1's steps (this build keeps them behind its version checks).</summary>
    static void PreviousBuild(LocalHostOptions options) => options.WorkflowVersion = PreviousVersion;
}
