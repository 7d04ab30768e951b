using System.Net;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Storage;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Cycle;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// A bloc registered on one host, and the host restarted before the leader launches the year: the new
/// host's launch check starts the year's cycle after the launch date plus the wait, so it ends at once as
/// not launched. The leader's launch afterwards must run the year, not answer 201 with nothing running.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class LateLaunchTests(AzuriteFixture azurite)
{
    [Fact]
    [Trait("Category", "RecordHistories")]
    public async Task A_launch_after_the_cycle_ended_not_launched_runs_the_year()
    {
        var scope = azurite.CreateScope(nameof(LateLaunchTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var store = new TokenStore(new ThiDuaStorageOptions { ConnectionString = scope.ConnectionString, TablePrefix = scope.Prefix });
        await store.InitializeAsync(ct);
        var tokens = await IssueTokensAsync(store, ct);
        var environment = scope.HostEnvironment("late-launch-worker", state.Path);

        // The first host never checks launches: the bloc is only registered. Its launch date is 1 January,
        // and the wait is a second, so that the year's launch date plus the wait has passed whenever this runs.
        await using (var first = await AdminHost.StartAsync(environment, ct))
        {
            using var admin = new ApiClient(first.BaseAddress, tokens["admin"]);
            await Seeder.SeedAsync(admin, LocalState.At(state.Path), BlocId, [], ct);
            var stored = (await admin.GetAsync<List<StoredBloc>>("api/blocs", ct)).Single(b => b.Bloc.BlocId == BlocId);
            await admin.PutAsync<Bloc>($"api/blocs/{BlocId}", NoiChinhBloc.BlocRequest([]) with { LaunchMonth = 1, LaunchDay = 1 }, ct, stored.ETag);
        }

        environment["ThiDua__LaunchCheckInterval"] = "00:10:00";
        environment["ThiDua__LaunchWait"] = "00:00:01";
        await using var second = await AdminHost.StartAsync(environment, ct);
        using var api = new ApiClient(second.BaseAddress, tokens["admin"]);
        await UntilAsync(api, s => s is { RuntimeStatus: "Completed", Phase: CyclePhase.NotLaunched }, "the cycle ends as not launched", ct);
        await HistoryRecorder.RecordAsync(
            scope,
            "year-never-launched",
            "A bloc whose leader never launched the year: at the launch deadline the previous year is carried over, and with none the cycle ends not launched.",
            HistoryRecorder.CycleOf(CycleIds.Cycle(new CampaignKey(BlocId, Year))),
            ct);

        var launch = await api.PostAsync<LaunchResponse>(CampaignPath("launch"), DemoLaunch with { Durations = CycleHosts.ShortYear with { Signing = TimeSpan.FromMinutes(2) } }, ct);

        Assert.Equal(CycleIds.Cycle(new CampaignKey(BlocId, Year)), launch.InstanceId);
        var status = await UntilAsync(
            api, s => s is { RuntimeStatus: "Running", Phase: CyclePhase.Signing, CampaignPhase: CampaignPhase.Signing }, "the launched year collects signatures", ct);
        Assert.Equal(Units.Select(u => u.UnitId).Order(StringComparer.Ordinal), status.Pending.Order(StringComparer.Ordinal));
        Assert.Equal(launch.Schedule.SigningDeadline, status.Deadline);
    }

    /// <summary>The year's status once <paramref name="condition"/> holds; fails after a minute.</summary>
    static async Task<CampaignStatus> UntilAsync(ApiClient api, Func<CampaignStatus, bool> condition, string what, CancellationToken ct)
    {
        var giveUp = DateTimeOffset.UtcNow.AddMinutes(1);
        CampaignStatus? status = null;
        while (DateTimeOffset.UtcNow < giveUp)
        {
            try
            {
                status = await api.GetAsync<CampaignStatus>(CampaignPath("status"), ct);
                if (condition(status))
                {
                    return status;
                }
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // The cycle has not started yet.
            }

            await Task.Delay(200, ct);
        }

        Assert.Fail($"Timed out waiting until {what}; the status reads {status}.");
        return status!;
    }
}
