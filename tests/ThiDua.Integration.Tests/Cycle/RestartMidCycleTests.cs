using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// A local host stopped in the middle of score collection, between two reminders, and replaced by a new
/// one on the same Azurite and task hub: the cycle completes, the submissions made before the stop count,
/// and the unit that never submitted gets each reminder exactly once.
/// </summary>
[Collection(RestartTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class RestartMidCycleTests(AzuriteFixture azurite)
{
    const string WorkerId = "restart-test-worker";

    [Fact]
    public async Task Cycle_completes_after_the_host_is_replaced_between_two_reminders()
    {
        var scope = azurite.CreateScope(nameof(RestartMidCycleTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var local = LocalState.At(state.Path);
        var outbox = Path.Combine(state.Path, "outbox");
        var justice = CycleHosts.Addresses(Justice);
        // The first host stops right after the first reminder reached the SMTP server, possibly before its
        // activity's completion was recorded; the replacement gets that work item back after the visibility
        // timeout (1 min by default), which must come before the second reminder falls due: a reminder due
        // after the deadline is skipped by design.
        var visibility = TimeSpan.FromSeconds(10);
        // 30 s between the reminders: a replacement that starts slowly on a loaded machine still has time.
        TimeSpan[] offsets = [TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10)];
        var durations = CycleHosts.ShortYear with { Scoring = TimeSpan.FromSeconds(50) };

        Dictionary<string, string> tokens;
        var first = await CycleHosts.StartAsync(scope, state.Path, WorkerId, workItemVisibilityTimeout: visibility);
        try
        {
            tokens = await IssueTokensAsync(first.Services.GetRequiredService<ITokenStore>(), ct);
            using var admin = new ApiClient(first.Urls[0], tokens["admin"]);
            var launch = await LaunchSignedYearAsync(admin, tokens, local, offsets, durations, ct);
            Assert.Equal(CycleIds.Cycle(new CampaignKey(BlocId, Year)), launch.InstanceId);

            foreach (var (unitId, lines) in DemoScenario.Submissions)
            {
                using var api = new ApiClient(first.Urls[0], tokens[unitId]);
                await api.PostAsync<ScoreSheet>(
                    CampaignPath($"scores/{unitId}"),
                    new ScoreSubmission { BlocId = BlocId, Year = Year, UnitId = unitId, ClientRequestId = "restart-v1", Lines = lines },
                    ct);
            }

            await WaitForMailAsync(outbox, justice, count: 1, ct);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await CycleHosts.StartAsync(scope, state.Path, WorkerId, workItemVisibilityTimeout: visibility);
        using var admin2 = new ApiClient(second.Urls[0], tokens["admin"]);
        await WaitForPhaseAsync(admin2, CyclePhase.VotingLeadingUnit, ct);
        foreach (var unit in Units)
        {
            using var api = new ApiClient(second.Urls[0], tokens[unit.UnitId]);
            var choice = DemoScenario.Choice(unit.UnitId, [HomeAffairs, Police, JudgmentEnforcement]);
            await CastAsync(api, choice, ct);
        }

        CampaignStatus status;
        do
        {
            await Task.Delay(250, ct);
            status = await admin2.GetAsync<CampaignStatus>(CampaignPath("status"), ct);
        }
        while (status.RuntimeStatus != "Completed");

        var results = await admin2.GetAsync<CampaignResults>(CampaignPath("results"), ct);
        Assert.NotNull(results.Ranking);
        Assert.Equal([HomeAffairs, Police, MilitaryCommand, JudgmentEnforcement, Justice], results.Ranking.Entries.Select(e => e.UnitId));
        Assert.Equal([99m, 97m, 92m, 89m, 0m], results.Ranking.Entries.Select(e => e.Total));
        Assert.Equal(HomeAffairs, results.LeadingUnitId);
        Assert.NotNull(results.Archive);

        var reminders = (await MailOutbox.ReadAsync(outbox, ct)).Where(m => m.Kind == MessageKeys.ReminderKind && m.Recipients.Any(justice.Contains)).ToList();
        Assert.Equal(offsets.Length, reminders.Count);
        Assert.Equal(reminders.Count, reminders.Select(m => m.Subject + m.Time.ToString("O", CultureInfo.InvariantCulture)).Distinct().Count());
    }
}
