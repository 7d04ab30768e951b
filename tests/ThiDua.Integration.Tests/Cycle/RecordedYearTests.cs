using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Cycle;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// Years played only to record their workflow histories, for paths the other cycle tests do not take on Azurite:
/// a year voted by deadline whose compact one unit never signs.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
[Trait("Category", "RecordHistories")]
public sealed class RecordedYearTests(AzuriteFixture azurite)
{
    [RecordingFact]
    public async Task A_year_voted_by_deadline_with_a_missing_signer_and_the_leadership_by_rotation()
    {
        var scope = azurite.CreateScope(nameof(RecordedYearTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "recorded-year-worker");
        var tokens = await IssueTokensAsync(host.Services.GetRequiredService<ITokenStore>(), ct);
        using var admin = new ApiClient(host.Urls[0], tokens["admin"]);
        var keys = LocalState.At(state.Path);

        await Seeder.SeedAsync(admin, keys, BlocId, [TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(3)], ct);
        var launch = await admin.PostAsync<LaunchResponse>(CampaignPath("launch"), DemoLaunch with { Durations = CycleHosts.ShortYear }, ct);
        var compact = await admin.GetBytesAsync(CampaignPath("compact"), ct);
        var signers = Units.Where(u => u.UnitId != DemoScenario.NeverSubmits).ToList();
        foreach (var unit in signers)
        {
            using var api = admin.As(tokens[unit.UnitId]);
            await SignAsync(api, keys, unit, compact, ct);
        }

        await WaitForPhaseAsync(admin, CyclePhase.Scoring, ct);
        foreach (var (unitId, lines) in DemoScenario.Submissions)
        {
            using var api = admin.As(tokens[unitId]);
            await api.PostAsync<ScoreSheet>(CampaignPath($"scores/{unitId}"), new ScoreSubmission { BlocId = BlocId, Year = Year, UnitId = unitId, ClientRequestId = "recorded-" + unitId, Lines = lines }, ct);
        }

        await WaitForPhaseAsync(admin, CyclePhase.VotingLeadingUnit, ct);
        foreach (var unit in signers)
        {
            using var api = admin.As(tokens[unit.UnitId]);
            await CastAsync(api, DemoScenario.Choice(unit.UnitId, [HomeAffairs, Police, JudgmentEnforcement]), ct);
        }

        await WaitForPhaseAsync(admin, CyclePhase.Completed, ct);
        var results = await admin.GetAsync<CampaignResults>(CampaignPath("results"), ct);
        Assert.Equal(ElectedBy.Rotation, results.NextLeaderElectedBy);
        Assert.NotNull(results.Archive);

        await HistoryRecorder.RecordAsync(
            scope,
            "year-with-a-missing-signer",
            "A year voted by deadline: four of five units sign and the compact is sealed at the signing deadline with one missing; "
            + "reminders to the unit that never submits; the review; the leading-unit vote; the leadership by rotation; the archive.",
            HistoryRecorder.CycleOf(launch.InstanceId),
            ct);
    }
}
