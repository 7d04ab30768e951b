using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.LocalHost;
using ThiDua.Workflows.Signing;
using Xunit.Abstractions;
using static ThiDua.Cli.Demo.NoiChinhBloc;

namespace ThiDua.Portal.Tests;

/// <summary>
/// The portal in a real browser against the real local host on loopback (Azurite, durable runtime,
/// workflows, API): the demo bloc is seeded through the API, a compressed year is launched, the
/// other units act through the API, and browser/portal-scenario.mjs (playwright-core driving
/// Debian's chromium) plays the unit, its leader and council staff. Screenshots: TestResults/portal.
/// </summary>
public sealed class PortalBrowserTests(ITestOutputHelper output)
{
    private const string Unit = HomeAffairs;
    private const string Leader = JudgmentEnforcement;

    /// <summary>Signing ends early once all have signed; scores close at 75 s; the leader ends the review; the vote ends once all voted.</summary>
    private static readonly PhaseDurations Year = new()
    {
        Signing = TimeSpan.FromSeconds(60),
        Scoring = TimeSpan.FromSeconds(15),
        Review = TimeSpan.FromSeconds(120),
        Voting = TimeSpan.FromSeconds(90),
        VoteRound = TimeSpan.FromSeconds(30),
        LeaderElection = TimeSpan.FromSeconds(60),
        Archive = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task A_unit_signs_submits_and_votes_in_the_browser_while_its_leader_and_the_council_follow()
    {
        var root = RepositoryRoot.Locate();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: tests/run.sh installs Debian's chromium.");
        Assert.True(Directory.Exists(Path.Combine(root, "node_modules", "playwright-core")), "node_modules/playwright-core is missing: run npm ci.");
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var cancellationToken = timeout.Token;

        await using var host = await LocalHostApp.CreateAsync(
            ["--Logging:LogLevel:Default=Warning"],
            options =>
            {
                options.RepositoryRoot = root;
                options.StateDirectory = state.Path;
                options.TaskHubName = "portal" + Guid.NewGuid().ToString("N")[..12];
                options.WorkerId = "portal-tests";
                options.Urls = "http://127.0.0.1:0";
                options.EmbeddedMail = true;
                options.LaunchCheckInterval = TimeSpan.Zero;
            },
            cancellationToken);
        await host.StartAsync(cancellationToken);
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

        using var admin = new ApiClient(baseUrl, tokens["admin"]);
        var local = LocalState.At(Path.Combine(state.Path, "cli"));
        await Seeder.SeedAsync(admin, local, BlocId, Seeder.DemoReminderOffsets, cancellationToken);
        var year = DateTimeOffset.UtcNow.Year;
        var campaign = $"api/blocs/{BlocId}/campaigns/{year}";
        await admin.PostAsync<LaunchResponse>($"{campaign}/launch", new LaunchRequest
        {
            Commitments = Commitments,
            Criteria = Criteria,
            Durations = Year,
            LeaderUnitId = Leader,
        }, cancellationToken);

        // Every other unit signs through the API (and submits once the compact is sealed, from the
        // scenario); the browser's unit signs with the .p7s its own tool made.
        var compact = await admin.GetBytesAsync($"{campaign}/compact", cancellationToken);
        var p7s = Path.Combine(state.Path, $"{Unit}.p7s");
        foreach (var member in Units)
        {
            using var certificate = UnitKeys.LoadOrCreate(local, member);
            var signature = CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow);
            if (member.UnitId == Unit)
            {
                await File.WriteAllBytesAsync(p7s, signature, cancellationToken);
                continue;
            }

            using var client = admin.As(tokens[member.UnitId]);
            await client.PutBytesAsync<SignatureReceipt>($"{campaign}/signatures/{member.UnitId}", signature, UnitApi.SignatureMediaType, cancellationToken);
        }

        var otherSheets = OtherSheets.ToDictionary(
            s => s.Key,
            s => new ScoreSubmission { BlocId = BlocId, Year = year, UnitId = s.Key, ClientRequestId = "api-" + s.Key, Lines = s.Value },
            StringComparer.Ordinal);

        var screenshots = Path.Combine(root, "TestResults", "portal");
        var (exitCode, log) = await RunScenarioAsync(root, new Dictionary<string, string>
        {
            ["PORTAL_URL"] = baseUrl.ToString(),
            ["PORTAL_BLOC"] = BlocId,
            ["PORTAL_YEAR"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PORTAL_UNIT"] = Unit,
            ["PORTAL_LEADER"] = Leader,
            ["PORTAL_TOKENS"] = JsonSerializer.Serialize(tokens),
            ["PORTAL_P7S"] = p7s,
            ["PORTAL_OTHER_SHEETS"] = JsonSerializer.Serialize(otherSheets, ThiDua.Api.Http.ApiJson.Options),
            ["SCREENSHOTS"] = screenshots,
            ["CHROMIUM"] = chromium,
        }, cancellationToken);
        output.WriteLine(log);
        Assert.True(exitCode == 0, log);

        // What the browser did is what storage holds: the unit's own signature, one sheet, one ballot.
        using var unitClient = admin.As(tokens[Unit]);
        var history = await unitClient.GetAsync<ScoreHistory>($"{campaign}/scores/{Unit}", cancellationToken);
        var sheet = Assert.Single(history.Versions);
        Assert.Equal(99m, sheet.Totals.Total);
        Assert.Contains(history.Adjustments, a => a.CriterionId == "1-2" && a.NewPoints == 18m && a.AdjustedBy == Leader);
        var progress = await admin.GetAsync<CampaignProgress>($"{campaign}/progress", cancellationToken);
        Assert.All(progress.Members, m => Assert.NotNull(m.SignedAt));
        var results = await admin.GetAsync<CampaignResults>($"{campaign}/results", cancellationToken);
        Assert.Equal(Unit, results.LeadingUnitId);
        foreach (var page in new[] { "01-signin", "02-unit-home-phone", "04-compact-signed", "05-scores-field-error", "06-scores-submitted", "07-leader-progress-submitted", "09-vote-receipt", "10-leader-progress-voted", "11-vote-receipt-checked", "12-council" })
        {
            Assert.True(new FileInfo(Path.Combine(screenshots, page + ".png")).Length > 1000, $"{page}.png is missing");
        }
    }

    private static readonly Dictionary<string, IReadOnlyList<ScoreLine>> OtherSheets = new(StringComparer.Ordinal)
    {
        [Police] = [new("1-1", 47), new("1-2", 19), new("2-1", 14), new("2-2", 15), new("thuong-1", 2, "Chuyên án được Bộ Công an khen thưởng")],
        [MilitaryCommand] = [new("1-1", 46), new("1-2", 18), new("2-1", 14), new("2-2", 14)],
        [JudgmentEnforcement] = [new("1-1", 45), new("1-2", 18), new("2-1", 14), new("2-2", 14), new("tru-1", 2, "Một chấp hành viên bị kỷ luật khiển trách")],
        [Justice] = [new("1-1", 40), new("1-2", 15), new("2-1", 12), new("2-2", 12)],
    };

    private static async Task<(int ExitCode, string Log)> RunScenarioAsync(string root, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(root, "tests", "ThiDua.Portal.Tests", "browser", "portal-scenario.mjs")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = node.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await node.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The browser is node's child: take the whole tree down, never leave chromium behind.
            node.Kill(entireProcessTree: true);
            throw;
        }

        return (node.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A temporary folder deleted at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("thidua-portal-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping server; the OS cleans temp folders.
        }
    }
}
