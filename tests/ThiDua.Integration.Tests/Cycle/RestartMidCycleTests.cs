using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Signing;
using static ThiDua.Cli.Demo.NoiChinhBloc;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// A local host stopped in the middle of score collection, between two reminders, and replaced by a new
/// one on the same Azurite and task hub: the cycle completes, the submissions made before the stop count,
/// and the unit that never submitted gets each reminder exactly once.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
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
        TimeSpan[] offsets = [TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(8)];
        var durations = CycleHosts.ShortYear with { Scoring = TimeSpan.FromSeconds(30) };

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = await CycleHosts.StartAsync(scope, state.Path, WorkerId, workItemVisibilityTimeout: visibility);
        try
        {
            var store = first.Services.GetRequiredService<ITokenStore>();
            tokens["admin"] = (await store.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), cancellationToken: ct)).Token;
            foreach (var unit in Units)
            {
                tokens[unit.UnitId] = (await store.IssueAsync(Caller.Unit(BlocId, unit.UnitId), TimeSpan.FromHours(1), cancellationToken: ct)).Token;
            }

            using var admin = new ApiClient(first.Urls[0], tokens["admin"]);
            await Seeder.SeedAsync(admin, local, BlocId, offsets, ct);
            var launch = await admin.PostAsync<LaunchResponse>(
                CampaignPath("launch"),
                new LaunchRequest { Criteria = Criteria, Commitments = Commitments, Durations = durations, LeaderUnitId = JudgmentEnforcement },
                ct);
            Assert.Equal(CycleIds.Cycle(new CampaignKey(BlocId, Year)), launch.InstanceId);

            var compact = await admin.GetBytesAsync(CampaignPath("compact"), ct);
            foreach (var unit in Units)
            {
                using var api = new ApiClient(first.Urls[0], tokens[unit.UnitId]);
                using var certificate = UnitKeys.LoadOrCreate(local, unit);
                await api.PutBytesAsync<SignatureReceipt>(
                    CampaignPath($"signatures/{unit.UnitId}"), CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow), UnitApi.SignatureMediaType, ct);
            }

            await WaitForPhaseAsync(admin, CyclePhase.Scoring, ct);
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
            await RetryAsync(() => api.PostAsync<BallotReceipt>(CampaignPath("votes/leading-unit/ballots"), new BallotRequest { Choice = choice }, ct), ct);
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

        var reminders = (await MailOutbox.ReadAsync(outbox, ct)).Where(m => m.Recipients.Any(justice.Contains)).ToList();
        Assert.Equal(offsets.Length, reminders.Count);
        Assert.Equal(reminders.Count, reminders.Select(m => m.Subject + m.Time.ToString("O", CultureInfo.InvariantCulture)).Distinct().Count());
    }

    static int Year => VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;

    static string CampaignPath(string rest) => string.Create(CultureInfo.InvariantCulture, $"api/blocs/{BlocId}/campaigns/{Year}/{rest}");

    static async Task WaitForPhaseAsync(ApiClient api, CyclePhase phase, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if ((await api.GetAsync<CampaignStatus>(CampaignPath("status"), ct)).Phase >= phase)
                {
                    return;
                }
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // Not started yet.
            }

            await Task.Delay(200, ct);
        }
    }

    static async Task WaitForMailAsync(string outbox, HashSet<string> to, int count, CancellationToken ct)
    {
        while ((await MailOutbox.ReadAsync(outbox, ct)).Count(m => m.Recipients.Any(to.Contains)) < count)
        {
            await Task.Delay(200, ct);
        }
    }

    static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await call();
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.Conflict && e.Code == "no-open-round")
            {
                await Task.Delay(200, ct);
            }
        }
    }
}
