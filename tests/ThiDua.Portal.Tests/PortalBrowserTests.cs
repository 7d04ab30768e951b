using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Azurite;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.LocalHost;
using ThiDua.Signing;
using ThiDua.Workflows;
using ThiDua.Workflows.Automation;
using ThiDua.Workflows.Cycle;
using Xunit.Abstractions;
using static ThiDua.Cli.Demo.NoiChinhBloc;

namespace ThiDua.Portal.Tests;

/// <summary>
/// The portal in a real browser against the real local host on loopback (Azurite, durable runtime,
/// workflows, API): the demo bloc is seeded through the API, a compressed year is launched, the
/// other units act through the API, and browser/portal-scenario.mjs (playwright-core driving
/// Debian's chromium) plays the unit, its leader and council staff. Once the year is archived the host
/// is restarted on the same state folder, as `thidua host` after `thidua demo`, and council staff check
/// the archive there. Screenshots: TestResults/portal.
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class PortalBrowserTests(ITestOutputHelper output)
{
    private const string Unit = HomeAffairs;
    private const string Leader = JudgmentEnforcement;
    private const string Deputy = Police;
    private const string EvidenceName = "Báo cáo mô hình một cửa.pdf";

    /// <summary>
    /// Signing ends early once all have signed (about 15 s in); scores close at 70 s; the leader ends the
    /// review early; the vote ends once all voted; the year is archived at 162 s (the schedule keeps room
    /// for two runoffs of 8 s). Each window is several times what its steps take on a loaded machine.
    /// </summary>
    private static readonly PhaseDurations Year = new()
    {
        Signing = TimeSpan.FromSeconds(45),
        Scoring = TimeSpan.FromSeconds(25),
        Review = TimeSpan.FromSeconds(30),
        Voting = TimeSpan.FromSeconds(30),
        VoteRound = TimeSpan.FromSeconds(8),
        LeaderElection = TimeSpan.FromSeconds(16),
        Archive = TimeSpan.FromSeconds(16),
    };

    private static readonly string[] Screenshots =
    [
        "01-signin", "02-home-phone", "03-leader-progress-before", "04-compact-signed", "05-scores-evidence-refused",
        "06-scores-evidence-uploaded", "07-scores-field-error", "08-scores-submitted", "09-leader-progress-submitted",
        "10-leader-review-closed", "11-vote-receipt", "12-leader-progress-voted", "13-vote-receipt-checked",
        "14-council-archived-verified", "15-council-english", "16-council-phone-english", "17-scores-from-mail-phone",
        "18-council-proposal-reason-required", "19-council-proposals-decided", "20-home-documents-phone", "21-council-documents",
    ];

    [Fact]
    public async Task A_unit_signs_submits_and_votes_in_the_browser_while_its_leader_and_the_council_follow()
    {
        var root = RepositoryRoot.Locate();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: tests/run.sh installs Debian's chromium.");
        Assert.True(Directory.Exists(Path.Combine(root, "node_modules", "playwright-core")), "node_modules/playwright-core is missing: run npm ci.");
        using var state = new TempFolder();
        using var downloads = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var cancellationToken = timeout.Token;
        var taskHub = "portal" + Guid.NewGuid().ToString("N")[..12];
        var year = DateTimeOffset.UtcNow.Year;
        var campaign = $"api/blocs/{BlocId}/campaigns/{year}";
        var screenshots = Path.Combine(root, "TestResults", "portal");
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var scenario = new Dictionary<string, string>
        {
            ["PORTAL_BLOC"] = BlocId,
            ["PORTAL_YEAR"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PORTAL_UNIT"] = Unit,
            ["PORTAL_LEADER"] = Leader,
            ["PORTAL_DEPUTY"] = Deputy,
            ["SCREENSHOTS"] = screenshots,
            ["CHROMIUM"] = chromium,
            ["DOWNLOADS"] = downloads.Path,
        };

        string portalBase;
        await using (var host = await StartHostAsync(root, state.Path, taskHub, cancellationToken))
        {
            var baseUrl = host.Urls[0];

            // Mail links to the portal of the host that sent it.
            portalBase = host.Services.GetRequiredService<IOptions<ThiDuaOptions>>().Value.PortalBaseUrl.TrimEnd('/');
            var tokenStore = host.Services.GetRequiredService<ITokenStore>();
            tokens["admin"] = (await tokenStore.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "portal tests", cancellationToken)).Token;
            foreach (var member in Units)
            {
                tokens[member.UnitId] = (await tokenStore.IssueAsync(Caller.Unit(BlocId, member.UnitId), TimeSpan.FromHours(1), "portal tests", cancellationToken)).Token;
            }

            using var admin = new ApiClient(baseUrl, tokens["admin"]);
            var local = LocalState.At(Path.Combine(state.Path, "cli"));
            await Seeder.SeedAsync(admin, local, BlocId, Seeder.DemoReminderOffsets, cancellationToken);
            await admin.PostAsync<LaunchResponse>($"{campaign}/launch", new LaunchRequest
            {
                Commitments = Commitments,
                Criteria = Criteria,
                Durations = Year,
                LeaderUnitId = Leader,
                DeputyUnitId = Deputy,
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

            var evidence = Path.Combine(state.Path, EvidenceName);
            await File.WriteAllTextAsync(evidence, "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", cancellationToken);
            var otherSheets = OtherSheets.ToDictionary(
                s => s.Key,
                s => new ScoreSubmission { BlocId = BlocId, Year = year, UnitId = s.Key, ClientRequestId = "api-" + s.Key, Lines = s.Value },
                StringComparer.Ordinal);
            await RunScenarioAsync(root, new Dictionary<string, string>(scenario)
            {
                ["PART"] = "cycle",
                ["PORTAL_URL"] = baseUrl.ToString(),
                ["PORTAL_TOKENS"] = JsonSerializer.Serialize(tokens),
                ["PORTAL_P7S"] = p7s,
                ["PORTAL_EVIDENCE"] = evidence,
                ["PORTAL_OTHER_SHEETS"] = JsonSerializer.Serialize(otherSheets, ThiDua.Api.Http.ApiJson.Options),
            }, cancellationToken);

            // What the browser did is what storage holds: the unit's own signature, one sheet with its evidence, one ballot.
            using var unitClient = admin.As(tokens[Unit]);
            var history = await unitClient.GetAsync<ScoreHistory>($"{campaign}/scores/{Unit}", cancellationToken);
            var sheet = Assert.Single(history.Versions);
            Assert.Equal(99m, sheet.Totals.Total);
            Assert.Equal(EvidenceName, Assert.Single(sheet.Evidence).FileName);
            Assert.Equal(sheet.Evidence, history.Evidence);
            Assert.Contains(history.Adjustments, a => a.CriterionId == "1-2" && a.NewPoints == 18m && a.AdjustedBy == Leader);
            var progress = await admin.GetAsync<CampaignProgress>($"{campaign}/progress", cancellationToken);
            Assert.All(progress.Members, m => Assert.NotNull(m.SignedAt));
            var results = await admin.GetAsync<CampaignResults>($"{campaign}/results", cancellationToken);
            Assert.Equal(Unit, results.LeadingUnitId);
            while (results.Archive is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                results = await admin.GetAsync<CampaignResults>($"{campaign}/results", cancellationToken);
            }

            // The archive is written a step before the cycle's workflow ends; `thidua demo` ends with it.
            await host.Client.WaitForInstanceCompletionAsync(CycleIds.Cycle(new CampaignKey(BlocId, year)), cancellationToken);
        }

        // As `thidua host` after `thidua demo`: a new host on the same state folder, whose launch check
        // purges the archived year's orchestration history.
        await using var restarted = await StartHostAsync(root, state.Path, taskHub, cancellationToken);
        await restarted.Services.GetRequiredService<CycleLaunchCheck>().RunAsync(restarted.Client, cancellationToken);
        Assert.Null(await restarted.Client.GetInstanceAsync(CycleIds.Cycle(new CampaignKey(BlocId, year)), cancellationToken));

        var mailLink = await ConfirmationLinkAsync(Path.Combine(state.Path, "outbox"), Units.Single(u => u.UnitId == Unit), cancellationToken);
        Assert.Equal($"{portalBase}/#/blocs/{BlocId}/{year}/units/{Unit}/scores", mailLink);

        await RunScenarioAsync(root, new Dictionary<string, string>(scenario)
        {
            ["PART"] = "council",
            ["PORTAL_URL"] = restarted.Urls[0].ToString(),
            ["PORTAL_TOKENS"] = JsonSerializer.Serialize(tokens),
            ["PORTAL_MAIL_LINK"] = mailLink,
        }, cancellationToken);

        // What the browser saved is the documents themselves, naming the bloc and its units.
        var compactPdf = DocumentText.OfPdf(await File.ReadAllBytesAsync(Path.Combine(downloads.Path, $"{BlocId}-{year}-giao-uoc-thi-dua.pdf"), cancellationToken));
        Assert.Contains("NỘI CHÍNH", compactPdf.ToUpperInvariant(), StringComparison.Ordinal);
        Assert.All(Units, u => Assert.Contains(u.Name, compactPdf, StringComparison.Ordinal));
        var summaryPdf = DocumentText.OfPdf(await File.ReadAllBytesAsync(Path.Combine(downloads.Path, $"{BlocId}-{year}-bang-tong-hop-ket-qua-cham-diem.pdf"), cancellationToken));
        Assert.Contains("Sở Nội vụ", summaryPdf, StringComparison.Ordinal);
        var proposal = DocumentText.OfDocx(await File.ReadAllBytesAsync(Path.Combine(downloads.Path, $"{BlocId}-{year}-to-trinh-de-nghi-khen-thuong.docx"), cancellationToken));
        Assert.Contains("Sở Nội vụ", proposal, StringComparison.Ordinal);

        foreach (var page in Screenshots)
        {
            Assert.True(new FileInfo(Path.Combine(screenshots, page + ".png")).Length > 1000, $"{page}.png is missing");
        }
    }

    private static Task<LocalHostApp> StartHostAsync(string root, string stateDirectory, string taskHub, CancellationToken cancellationToken) =>
        PortalHarness.StartHostAsync(root, stateDirectory, taskHub, cancellationToken);

    /// <summary>The link in the confirmation of the unit's first submission, as the embedded SMTP server kept it.</summary>
    private static async Task<string> ConfirmationLinkAsync(string outbox, DemoUnit unit, CancellationToken cancellationToken)
    {
        var addresses = unit.Contacts.Select(c => c.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(outbox, "*.eml"))
        {
            using var mail = await MimeMessage.LoadAsync(file, cancellationToken);
            if (mail.Subject?.StartsWith("Xác nhận", StringComparison.Ordinal) == true && mail.To.Mailboxes.Any(m => addresses.Contains(m.Address)))
            {
                return Assert.Single(LinkPattern().Matches(mail.TextBody ?? "")).Value;
            }
        }

        throw new Xunit.Sdk.XunitException($"No confirmation mail to {unit.UnitId} in {outbox}.");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://\S+")]
    private static partial System.Text.RegularExpressions.Regex LinkPattern();

    private static readonly Dictionary<string, IReadOnlyList<ScoreLine>> OtherSheets = new(StringComparer.Ordinal)
    {
        [Police] = [new("1-1", 47), new("1-2", 19), new("2-1", 14), new("2-2", 15), new("thuong-1", 2, "Chuyên án được Bộ Công an khen thưởng")],
        [MilitaryCommand] = [new("1-1", 46), new("1-2", 18), new("2-1", 14), new("2-2", 14)],
        [JudgmentEnforcement] = [new("1-1", 45), new("1-2", 18), new("2-1", 14), new("2-2", 14), new("tru-1", 2, "Một chấp hành viên bị kỷ luật khiển trách")],
        [Justice] = [new("1-1", 40), new("1-2", 15), new("2-1", 12), new("2-2", 12)],
    };

    private Task RunScenarioAsync(string root, Dictionary<string, string> environment, CancellationToken cancellationToken) =>
        PortalHarness.RunScenarioAsync(root, "portal-scenario.mjs", environment, output, cancellationToken);
}
