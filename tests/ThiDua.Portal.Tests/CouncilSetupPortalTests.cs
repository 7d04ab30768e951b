using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Azurite;
using ThiDua.Cli.Client;
using ThiDua.Domain;
using ThiDua.Signing;
using Xunit.Abstractions;

namespace ThiDua.Portal.Tests;

/// <summary>
/// From an empty province to a running year of a bloc that is not the demo's, in a real browser against the real
/// local host: browser/council-setup-scenario.mjs (PART=setup) first checks the sign-in page as the Functions app
/// serves it (a Microsoft sign-in besides the token), then plays council staff, who create the bloc "Văn hóa –
/// Xã hội", import its units and its criteria from the spreadsheets in tests/data, register a unit's certificate from
/// its .pem file (and see another's, expired, refused for signing), map a sign-in identity, meet a second clerk's
/// edit as a conflict, and start the year appointing its leader and deputy (a bloc's first year: the council's decision
/// names them); the appointed leader signs in with its unit's token and launches the year from the launch page. The
/// other units sign through the API; then (PART=unit) the unit signs the compact and submits its self-assessment in
/// the portal while the leader and the province overview follow. Screenshots: TestResults/portal/council-setup.
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class CouncilSetupPortalTests(ITestOutputHelper output)
{
    private const string BlocId = "van-hoa-xa-hoi";
    private const string Signer = "so-van-hoa";
    private const string Expired = "so-y-te";
    private const string Leader = "so-giao-duc";
    private const string Deputy = "so-y-te";
    private static readonly string[] UnitIds = ["so-van-hoa", "so-giao-duc", "so-y-te", "so-lao-dong", "dai-phat-thanh"];

    private static readonly string[] Screenshots =
    [
        "k00-signin-microsoft", "k01-province-empty", "k02-bloc-new-rules", "k03-units-import-preview", "k04-units-imported", "k05-unit-certificate",
        "k06-unit-identity", "k07-unit-certificate-expired", "k08-bloc-conflict", "k09-bloc-year-started", "k10-criteria-refused",
        "k11-criteria-imported", "k12-leader-launch-page", "k13-launch-preview", "k14-launched", "k15-province-signing",
        "k16-unit-compact-signed", "k17-unit-scores-submitted", "k18-leader-progress", "k19-province-scoring", "k20-province-english",
        "k21-blocs-phone",
    ];

    [Fact]
    public async Task Council_staff_set_up_a_new_bloc_in_the_browser_and_its_first_year_runs_from_the_portal()
    {
        var root = RepositoryRoot.Locate();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: tests/run.sh installs Debian's chromium.");
        Assert.True(Directory.Exists(Path.Combine(root, "node_modules", "playwright-core")), "node_modules/playwright-core is missing: run npm ci.");
        using var state = new TempFolder();
        using var downloads = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var cancellationToken = timeout.Token;

        // The bloc's own yearly schedule (launched in January, scores by 15 December): next year's campaign may be
        // launched now, and its signing deadline is weeks ahead.
        var year = DateTimeOffset.UtcNow.ToOffset(VietnamTime.Offset).Year + 1;
        var campaign = $"api/blocs/{BlocId}/campaigns/{year}";
        var screenshots = Path.Combine(root, "TestResults", "portal", "council-setup");
        await using var host = await PortalHarness.StartHostAsync(root, state.Path, "setup" + Guid.NewGuid().ToString("N")[..12], cancellationToken);
        var baseUrl = host.Urls[0];

        var tokenStore = host.Services.GetRequiredService<ITokenStore>();
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["admin"] = (await tokenStore.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "portal tests", cancellationToken)).Token,
        };
        foreach (var unit in UnitIds)
        {
            tokens[unit] = (await tokenStore.IssueAsync(Caller.Unit(BlocId, unit), TimeSpan.FromHours(1), "portal tests", cancellationToken)).Token;
        }

        // The signing unit's certificate as its CA hands it out (.pem, the key stays with the unit); another's, expired, as DER (.cer).
        var now = DateTimeOffset.UtcNow;
        using var signerCertificate = CompactSigning.CreateSelfSignedUnitCertificate("Sở Văn hóa, Thể thao và Du lịch", now.AddDays(-1), now.AddYears(2));
        var signerPem = Path.Combine(state.Path, $"{Signer}.pem");
        await File.WriteAllTextAsync(signerPem, signerCertificate.ExportCertificatePem(), cancellationToken);
        using var expiredCertificate = CompactSigning.CreateSelfSignedUnitCertificate("Sở Y tế", now.AddYears(-2), now.AddDays(-3));
        var expiredCer = Path.Combine(state.Path, $"{Expired}.cer");
        await File.WriteAllBytesAsync(expiredCer, expiredCertificate.Export(X509ContentType.Cert), cancellationToken);
        var notAWorkbook = Path.Combine(state.Path, "bang-tieu-chi-hong.xlsx");
        await File.WriteAllTextAsync(notAWorkbook, "Tiêu chí;Điểm\n1;10\n", cancellationToken);
        var criteria = Path.Combine(root, "tests", "data", "khoi-van-hoa-xa-hoi", "tieu-chi-2027.xlsx");
        var overScale = Path.Combine(state.Path, "tieu-chi-qua-thang-diem.xlsx");
        await WithFirstMaximumAsync(criteria, overScale, 130, cancellationToken);

        var scenario = new Dictionary<string, string>
        {
            ["PORTAL_URL"] = baseUrl.ToString(),
            ["PORTAL_TOKENS"] = JsonSerializer.Serialize(tokens),
            ["PORTAL_BLOC"] = BlocId,
            ["PORTAL_YEAR"] = year.ToString(CultureInfo.InvariantCulture),
            ["PORTAL_UNIT"] = Signer,
            ["PORTAL_EXPIRED_UNIT"] = Expired,
            ["PORTAL_LEADER"] = Leader,
            ["PORTAL_DEPUTY"] = Deputy,
            ["PORTAL_UNITS_XLSX"] = Path.Combine(root, "tests", "data", "khoi-van-hoa-xa-hoi", "don-vi.xlsx"),
            ["PORTAL_CRITERIA_XLSX"] = criteria,
            ["PORTAL_BAD_XLSX"] = notAWorkbook,
            ["PORTAL_OVER_SCALE_XLSX"] = overScale,
            ["PORTAL_CERT_PEM"] = signerPem,
            ["PORTAL_EXPIRED_CER"] = expiredCer,
            ["SCREENSHOTS"] = screenshots,
            ["CHROMIUM"] = chromium,
            ["DOWNLOADS"] = downloads.Path,
        };
        await RunScenarioAsync(root, new Dictionary<string, string>(scenario) { ["PART"] = "setup" }, cancellationToken);

        // What the pages did is what the API holds: the bloc with the imported units as members, in rotation order,
        // the certificate from the file, the launched campaign under the leader council staff appointed.
        using var admin = new ApiClient(baseUrl, tokens["admin"]);
        var bloc = await admin.GetAsync<Bloc>($"api/blocs/{BlocId}", cancellationToken);
        Assert.Equal("Văn hóa – Xã hội", bloc.Name);
        Assert.Equal(UnitIds.Order(StringComparer.Ordinal), bloc.MemberUnitIds.Order(StringComparer.Ordinal));
        Assert.Equal(20, bloc.LaunchDay);
        var units = await admin.GetAsync<List<StoredUnit>>($"api/blocs/{BlocId}/units", cancellationToken);
        Assert.Equal(5, units.Count);
        Assert.All(units, u => Assert.NotEmpty(u.Unit.Contacts));
        var signer = Assert.Single(units, u => u.Unit.UnitId == Signer);
        using (var registered = X509Certificate2.CreateFromPem(signer.Unit.CertificatePem))
        {
            Assert.Equal(signerCertificate.Thumbprint, registered.Thumbprint);
        }

        var compact = await admin.GetBytesAsync($"{campaign}/compact", cancellationToken);
        var status = await admin.GetAsync<JsonElement>($"{campaign}/status", cancellationToken);
        Assert.Equal("signing", status.GetProperty("phase").GetString());

        // The other units register their certificates and sign through the API; the browser's unit signs with the
        // .p7s its own tool made with its key.
        foreach (var stored in units.Where(u => u.Unit.UnitId != Signer))
        {
            using var certificate = CompactSigning.CreateSelfSignedUnitCertificate(stored.Unit.Name, now.AddDays(-1), now.AddYears(2));
            await admin.PutAsync<MemberUnit>(
                $"api/blocs/{BlocId}/units/{stored.Unit.UnitId}",
                new UnitRequest { Name = stored.Unit.Name, Contacts = stored.Unit.Contacts, CertificatePem = certificate.ExportCertificatePem(), Active = stored.Unit.Active },
                cancellationToken,
                ifMatch: (await admin.GetAsync<List<StoredUnit>>($"api/blocs/{BlocId}/units", cancellationToken)).Single(u => u.Unit.UnitId == stored.Unit.UnitId).ETag);
            using var client = admin.As(tokens[stored.Unit.UnitId]);
            await client.PutBytesAsync<SignatureReceipt>(
                $"{campaign}/signatures/{stored.Unit.UnitId}", CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow), UnitApi.SignatureMediaType, cancellationToken);
        }

        var p7s = Path.Combine(state.Path, $"{Signer}.p7s");
        await File.WriteAllBytesAsync(p7s, CompactSigning.SignDetached(compact, signerCertificate, DateTimeOffset.UtcNow), cancellationToken);
        await RunScenarioAsync(root, new Dictionary<string, string>(scenario) { ["PART"] = "unit", ["PORTAL_P7S"] = p7s }, cancellationToken);

        using var unitClient = admin.As(tokens[Signer]);
        var history = await unitClient.GetAsync<ScoreHistory>($"{campaign}/scores/{Signer}", cancellationToken);
        Assert.Single(history.Versions);
        var summary = Path.Combine(downloads.Path, $"tong-hop-thi-dua-{year}.xlsx");
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(summary, cancellationToken))[..2]);
        foreach (var page in Screenshots)
        {
            Assert.True(new FileInfo(Path.Combine(screenshots, page + ".png")).Length > 1000, $"{page}.png is missing");
        }
    }

    /// <summary>A copy of the criteria workbook whose first criterion (cell D5 of its first sheet) allows <paramref name="points"/>.</summary>
    private static async Task WithFirstMaximumAsync(string source, string target, int points, CancellationToken cancellationToken)
    {
        File.Copy(source, target);
        using var zip = ZipFile.Open(target, ZipArchiveMode.Update);
        var entry = zip.GetEntry("xl/worksheets/sheet1.xml") ?? throw new InvalidOperationException($"{source} has no first sheet.");
        string xml;
        using (var reader = new StreamReader(entry.Open()))
        {
            xml = await reader.ReadToEndAsync(cancellationToken);
        }

        var changed = FirstMaximum().Replace(xml, m => m.Groups["open"].Value + points.ToString(CultureInfo.InvariantCulture) + m.Groups["close"].Value, 1);
        Assert.NotEqual(xml, changed);
        entry.Delete();
        await using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
        await writer.WriteAsync(changed.AsMemory(), cancellationToken);
    }

    [GeneratedRegex(@"(?<open><(?:x:)?c r=""D5""[^>]*>\s*<(?:x:)?v>)[^<]*(?<close></)")]
    private static partial Regex FirstMaximum();

    private Task RunScenarioAsync(string root, Dictionary<string, string> environment, CancellationToken cancellationToken) =>
        PortalHarness.RunScenarioAsync(root, "council-setup-scenario.mjs", environment, output, cancellationToken);
}
