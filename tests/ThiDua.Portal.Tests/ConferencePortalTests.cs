using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Azurite;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Workflows.Cycle;
using Xunit.Abstractions;
using static ThiDua.Cli.Demo.NoiChinhBloc;

namespace ThiDua.Portal.Tests;

/// <summary>
/// The year-end conference in a real browser against the real local host: the demo bloc holds its votes at a
/// conference and elects its leader and deputy by vote; a compressed year is launched, every unit signs and
/// submits through the API and the leader ends the review early, then browser/conference-scenario.mjs plays the
/// chair, two units and the projector. Screenshots: TestResults/portal/conference.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ConferencePortalTests(ITestOutputHelper output)
{
    private const string Unit = HomeAffairs;
    private const string Leader = JudgmentEnforcement;

    /// <summary>
    /// Signing ends early once all have signed; scores close 40 s after the launch; the leader ends the review at
    /// once; the conference may open for five minutes and lasts at most five more, far beyond what the scenario takes.
    /// </summary>
    private static readonly PhaseDurations Year = new()
    {
        Signing = TimeSpan.FromSeconds(25),
        Scoring = TimeSpan.FromSeconds(15),
        Review = TimeSpan.FromSeconds(60),
        Voting = TimeSpan.FromMinutes(5),
        VoteRound = TimeSpan.FromMinutes(1),
        LeaderElection = TimeSpan.FromMinutes(5),
        Archive = TimeSpan.FromMinutes(3),
    };

    private static readonly Dictionary<string, IReadOnlyList<ScoreLine>> Sheets = new(StringComparer.Ordinal)
    {
        [HomeAffairs] = [new("1-1", 48), new("1-2", 19), new("2-1", 15), new("2-2", 14)],
        [Police] = [new("1-1", 47), new("1-2", 19), new("2-1", 14), new("2-2", 15)],
        [MilitaryCommand] = [new("1-1", 46), new("1-2", 18), new("2-1", 14), new("2-2", 14)],
        [JudgmentEnforcement] = [new("1-1", 45), new("1-2", 18), new("2-1", 14), new("2-2", 14)],
        [Justice] = [new("1-1", 40), new("1-2", 15), new("2-1", 12), new("2-2", 12)],
    };

    private static readonly string[] Screenshots =
    [
        "c01-chair-attendance", "c02-unit-declined-nomination", "c03-unit-ballot-receipt", "c04-chair-count-open",
        "c05-projector-count", "c06-chair-result", "c07-projector-result", "c08-unit-acclamation-approved", "c09-projector-acclaimed",
    ];

    [Fact]
    public async Task The_chair_runs_the_conference_while_units_vote_from_their_pages_and_the_projector_shows_the_count()
    {
        var root = RepositoryRoot.Locate();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: tests/run.sh installs Debian's chromium.");
        Assert.True(Directory.Exists(Path.Combine(root, "node_modules", "playwright-core")), "node_modules/playwright-core is missing: run npm ci.");
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var cancellationToken = timeout.Token;
        var year = DateTimeOffset.UtcNow.Year;
        var campaign = $"api/blocs/{BlocId}/campaigns/{year}";
        var screenshots = Path.Combine(root, "TestResults", "portal", "conference");
        await using var host = await PortalHarness.StartHostAsync(root, state.Path, "conf" + Guid.NewGuid().ToString("N")[..12], cancellationToken);
        var baseUrl = host.Urls[0];

        var tokenStore = host.Services.GetRequiredService<ITokenStore>();
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["admin"] = (await tokenStore.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "portal tests", cancellationToken)).Token,
        };
        foreach (var member in Units)
        {
            tokens[member.UnitId] = (await tokenStore.IssueAsync(Caller.Unit(BlocId, member.UnitId), TimeSpan.FromHours(1), "portal tests", cancellationToken)).Token;
        }

        // The demo bloc, holding its year-end votes at a conference and electing its leader and deputy by vote.
        using var admin = new ApiClient(baseUrl, tokens["admin"]);
        var local = LocalState.At(Path.Combine(state.Path, "cli"));
        await Seeder.SeedAsync(admin, local, BlocId, Seeder.DemoReminderOffsets, cancellationToken);
        var stored = (await admin.GetAsync<List<StoredBloc>>("api/blocs", cancellationToken)).Single(b => b.Bloc.BlocId == BlocId);
        var request = BlocRequest(Seeder.DemoReminderOffsets);
        await admin.PutAsync<Bloc>($"api/blocs/{BlocId}", request with
        {
            Rules = request.Rules with { YearEnd = YearEndMode.Conference, LeaderElection = LeaderElectionMode.Vote, DeputyElection = LeaderElectionMode.Vote },
        }, cancellationToken, stored.ETag);
        await admin.PostAsync<LaunchResponse>($"{campaign}/launch", new LaunchRequest
        {
            Commitments = Commitments,
            Criteria = Criteria,
            Durations = Year,
            LeaderUnitId = Leader,
        }, cancellationToken);

        var compact = await admin.GetBytesAsync($"{campaign}/compact", cancellationToken);
        foreach (var member in Units)
        {
            using var certificate = UnitKeys.LoadOrCreate(local, member);
            using var client = admin.As(tokens[member.UnitId]);
            await client.PutBytesAsync<SignatureReceipt>(
                $"{campaign}/signatures/{member.UnitId}", CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow), UnitApi.SignatureMediaType, cancellationToken);
        }

        await PhaseAsync(admin, campaign, CyclePhase.Scoring, cancellationToken);
        foreach (var (unitId, lines) in Sheets)
        {
            using var client = admin.As(tokens[unitId]);
            await client.PostAsync<JsonElement>(
                $"{campaign}/scores/{unitId}", new ScoreSubmission { BlocId = BlocId, Year = year, UnitId = unitId, ClientRequestId = "api-" + unitId, Lines = lines }, cancellationToken);
        }

        await PhaseAsync(admin, campaign, CyclePhase.Review, cancellationToken);
        using (var leader = admin.As(tokens[Leader]))
        {
            await leader.PostAsync<JsonElement>($"{campaign}/review/close", null, cancellationToken);
        }

        await PhaseAsync(admin, campaign, CyclePhase.AwaitingConference, cancellationToken);
        await PortalHarness.RunScenarioAsync(root, "conference-scenario.mjs", new Dictionary<string, string>
        {
            ["PORTAL_URL"] = baseUrl.ToString(),
            ["PORTAL_TOKENS"] = JsonSerializer.Serialize(tokens),
            ["PORTAL_BLOC"] = BlocId,
            ["PORTAL_YEAR"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PORTAL_UNIT"] = Unit,
            ["PORTAL_SECOND_UNIT"] = Police,
            ["PORTAL_LEADER"] = Leader,
            ["SCREENSHOTS"] = screenshots,
            ["CHROMIUM"] = chromium,
        }, output, cancellationToken);

        // What the room saw is what storage holds: the leading unit decided at the conference, the acclamation counted.
        var conference = await admin.GetAsync<ConferenceView>($"{campaign}/conference", cancellationToken);
        var leading = Assert.Single(conference.ClosedRounds, r => r.Purpose == VotePurpose.LeadingUnit);
        Assert.Equal(Unit, leading.Tally!.WinnerId);
        Assert.Equal(4, leading.Tally.BallotsCast);
        var acclamation = Assert.Single(conference.ClosedRounds, r => r.Purpose == VotePurpose.Leader);
        Assert.Equal(Police, Assert.Single(acclamation.Candidates).UnitId);
        Assert.Equal(Police, acclamation.Tally!.WinnerId);
        foreach (var page in Screenshots)
        {
            Assert.True(new FileInfo(Path.Combine(screenshots, page + ".png")).Length > 1000, $"{page}.png is missing");
        }
    }

    /// <summary>Waits until the cycle reaches <paramref name="phase"/> (or a later one), as its status says.</summary>
    private static async Task PhaseAsync(ApiClient client, string campaign, CyclePhase phase, CancellationToken cancellationToken)
    {
        while ((await client.GetAsync<CampaignStatus>($"{campaign}/status", cancellationToken)).Phase < phase)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
