using System.Globalization;
using System.Net;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.LocalHost;
using ThiDua.Signing;
using ThiDua.Workflows.Cycle;
using static ThiDua.Cli.Demo.NoiChinhBloc;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>The demo bloc's year of the current date, driven through the HTTP API as council staff and the units would.</summary>
internal static class DemoYearOverHttp
{
    public static int Year => VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;

    /// <summary>The first year's launch as council staff ask for it, led by <see cref="NoiChinhBloc.JudgmentEnforcement"/>; a test adds the schedule.</summary>
    public static LaunchRequest DemoLaunch => new() { Criteria = Criteria, Commitments = Commitments, LeaderUnitId = JudgmentEnforcement };

    public static string CampaignPath(string rest) => string.Create(CultureInfo.InvariantCulture, $"api/blocs/{BlocId}/campaigns/{Year}/{rest}");

    /// <summary>Hour-long tokens: council staff's under "admin", each demo unit's under its id.</summary>
    public static async Task<Dictionary<string, string>> IssueTokensAsync(ITokenStore store, CancellationToken ct)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["admin"] = (await store.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), cancellationToken: ct)).Token,
        };
        foreach (var unit in Units)
        {
            tokens[unit.UnitId] = (await store.IssueAsync(Caller.Unit(BlocId, unit.UnitId), TimeSpan.FromHours(1), cancellationToken: ct)).Token;
        }

        return tokens;
    }

    /// <summary>
    /// Registers the bloc with the CLI's seeder, launches the year with <paramref name="durations"/>, has
    /// every unit sign the compact and waits until scoring is open.
    /// </summary>
    public static async Task<LaunchResponse> LaunchSignedYearAsync(
        ApiClient admin, IReadOnlyDictionary<string, string> tokens, LocalState keys, IReadOnlyList<TimeSpan> reminderOffsets, PhaseDurations durations, CancellationToken ct)
    {
        await Seeder.SeedAsync(admin, keys, BlocId, reminderOffsets, ct);
        var launch = await admin.PostAsync<LaunchResponse>(CampaignPath("launch"), DemoLaunch with { Durations = durations }, ct);
        var compact = await admin.GetBytesAsync(CampaignPath("compact"), ct);
        foreach (var unit in Units)
        {
            using var api = admin.As(tokens[unit.UnitId]);
            await SignAsync(api, keys, unit, compact, ct);
        }

        await WaitForPhaseAsync(admin, CyclePhase.Scoring, ct);
        return launch;
    }

    /// <summary>Signs <paramref name="compact"/> with the unit's key kept in <paramref name="keys"/> and uploads the signature as the unit.</summary>
    public static async Task SignAsync(ApiClient unitApi, LocalState keys, DemoUnit unit, byte[] compact, CancellationToken ct)
    {
        using var certificate = UnitKeys.LoadOrCreate(keys, unit);
        await unitApi.PutBytesAsync<SignatureReceipt>(
            CampaignPath($"signatures/{unit.UnitId}"), CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow), UnitApi.SignatureMediaType, ct);
    }

    /// <summary>Waits until the cycle reaches <paramref name="phase"/>; for <see cref="CyclePhase.Completed"/>, until its workflow has ended too.</summary>
    public static Task WaitForPhaseAsync(ApiClient api, CyclePhase phase, CancellationToken ct) =>
        WaitForPhaseAsync(api, CampaignPath("status"), phase, ct);

    /// <summary>Waits until the cycle whose status is at <paramref name="statusPath"/> reaches <paramref name="phase"/>.</summary>
    public static async Task WaitForPhaseAsync(ApiClient api, string statusPath, CyclePhase phase, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var status = await api.GetAsync<CampaignStatus>(statusPath, ct);
                Assert.False(status.RuntimeStatus is "Failed" or "Terminated", $"The cycle ended as {status.RuntimeStatus}.");
                if (status.Phase >= phase && (phase != CyclePhase.Completed || status.RuntimeStatus == "Completed"))
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

    /// <summary>Casts the unit's ballot, again while the round is not open yet.</summary>
    public static async Task CastAsync(ApiClient unitApi, string choice, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await unitApi.PostAsync<BallotReceipt>(CampaignPath("votes/leading-unit/ballots"), new BallotRequest { Choice = choice }, ct);
                return;
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.Conflict && e.Code == "no-open-round")
            {
                await Task.Delay(200, ct);
            }
        }
    }

    /// <summary>Waits until the host's embedded SMTP server has kept <paramref name="count"/> messages to any of <paramref name="to"/>.</summary>
    public static async Task WaitForMailAsync(string outbox, HashSet<string> to, int count, CancellationToken ct)
    {
        while ((await MailOutbox.ReadAsync(outbox, ct)).Count(m => m.Recipients.Any(to.Contains)) < count)
        {
            await Task.Delay(200, ct);
        }
    }
}
