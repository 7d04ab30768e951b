using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;
using ThiDua.Cli.Commands;
using ThiDua.Cli;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Storage;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Cycle;
using static ThiDua.Cli.Demo.NoiChinhBloc;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// The demo's year, end to end on Azurite through the HTTP API with a schedule of seconds. It is the story of
/// the Nội chính bloc: scores collected by deadline, then the year-end conference in conference mode, where
/// the bloc honours the Department of Home Affairs as leading unit, elects the Civil Judgment Enforcement
/// Department its next leader by vote (not by rotation) and acclaims its deputy; the next year's compact is
/// launched under the new leader and signed by all five. What the summary says is what the simulated units
/// did, the embedded SMTP server received the reminders of the unit that never submitted, the archive in
/// storage matches its hash, and a third run starts a new bloc id.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class DemoCycleTests(AzuriteFixture azurite)
{
    static readonly TimeSpan[] ReminderOffsets = [TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(3)];

    [Fact]
    [Trait("Category", "RecordHistories")]
    public async Task Three_demo_runs_go_through_the_API_and_the_summaries_match_what_the_units_did()
    {
        var scope = azurite.CreateScope(nameof(DemoCycleTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var thisYear = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "demo-test-worker");
        // The conference may open until the voting deadline and lasts until the leader-election deadline: room
        // for three votes held live on a loaded machine.
        var durations = CycleHosts.ShortYear with { Voting = TimeSpan.FromSeconds(20), LeaderElection = TimeSpan.FromSeconds(10) };
        var options = new DemoOptions { Durations = durations, ReminderOffsets = ReminderOffsets, ResubmitDelay = TimeSpan.FromSeconds(1) };
        var texts = Texts.Resolve(["--lang", "en"], null);
        var local = LocalState.At(state.Path);

        var first = await new DemoRunner(host, local, texts, new CycleHosts.SilentReporter(), options).RunAsync(timeout.Token);
        await HistoryRecorder.RecordAsync(
            scope,
            "conference-year",
            "The demo year: every unit signs; reminders to the unit that never submits; a late submission refused and the review; "
            + "a conference holds the leading-unit vote (decided), elects the leader by vote and acclaims the deputy; the archive.",
            HistoryRecorder.CycleOf(CycleIds.Cycle(new CampaignKey(BlocId, thisYear))),
            timeout.Token);

        Assert.Equal((BlocId, thisYear), (first.BlocId, first.Year));
        Assert.Equal(HomeAffairs, first.LeaderUnitId);
        var expected = DemoScenario.ExpectedTotals();
        Assert.Equal(expected.OrderByDescending(e => e.Value).Select(e => e.Key), first.Ranking.Select(r => r.UnitId));
        Assert.All(first.Ranking, r => Assert.Equal(expected[r.UnitId], r.Total));
        Assert.Equal(Units.Select(u => u.UnitId).Order(), first.Signers);
        Assert.DoesNotContain(DemoScenario.NeverSubmits, first.Submitted);

        // The top unit gets every ballot but its own, which goes to the runner-up: 4 of 5, decided in round 1.
        Assert.Equal(HomeAffairs, first.LeadingUnitId);
        Assert.NotNull(first.LeadingUnitVote);
        Assert.Equal(1, first.LeadingUnitVote.RoundNumber);
        Assert.Equal(5, first.LeadingUnitVote.BallotsCast);
        Assert.Equal(4, first.LeadingUnitVote.Counts.Single(c => c.CandidateId == HomeAffairs).Votes);

        // The bloc proposes the leading unit for the provincial flag and the next two who submitted for the certificate; the council has not decided.
        Assert.Equal(
            [(HomeAffairs, "co-thi-dua-tinh"), (first.Ranking[1].UnitId, "bang-khen-ubnd-tinh"), (first.Ranking[2].UnitId, "bang-khen-ubnd-tinh")],
            first.Proposals.Select(p => (p.UnitId, p.Level)));
        Assert.All(first.Proposals, p => Assert.Equal(ProposalStatus.Proposed, p.Status));

        // Rotation after Home Affairs would give the Police: the conference elects the Enforcement Department
        // from two nominees and acclaims the Military Command, sole nominee, as deputy.
        Assert.Equal((JudgmentEnforcement, "vote"), (first.NextLeaderUnitId, first.NextLeaderElectedBy));
        Assert.Equal((MilitaryCommand, "acclamation"), (first.NextDeputyUnitId, first.NextDeputyElectedBy));

        Assert.NotNull(first.LateRefusal);
        Assert.Equal(DemoScenario.LateSubmitter, first.LateRefusal.UnitId);
        Assert.Equal(409, first.LateRefusal.Status);
        Assert.Equal("scoring-closed", first.LateRefusal.Code);
        // The units asked the API in the demo's language (English here, Vietnamese in the second run).
        Assert.StartsWith("Submissions closed at ", first.LateRefusal.Detail, StringComparison.Ordinal);

        // The reminders reached the one unit that never submitted, once per configured offset, in Vietnamese.
        var mail = await MailOutbox.ReadAsync(Path.Combine(state.Path, "outbox"));
        var justice = CycleHosts.Addresses(Justice);
        var reminders = mail.Where(m => m.Subject.StartsWith($"Nhắc nộp bảng tự chấm điểm thi đua năm {thisYear}", StringComparison.Ordinal)).ToList();
        Assert.Equal(ReminderOffsets.Length, reminders.Count);
        Assert.All(reminders, m => Assert.Equal(justice.Order(), m.Recipients.Order()));
        Assert.All(reminders, m => Assert.Contains("(giờ Việt Nam)", m.Subject, StringComparison.Ordinal));
        Assert.Equal(reminders.Count, first.Reminders.Count);

        // The rounds were opened live in the conference room: nobody was invited to them by mail.
        Assert.DoesNotContain(mail, m => m.Subject.StartsWith("Bỏ phiếu kín:", StringComparison.Ordinal));

        // The archive the summary names is in storage and matches its hash.
        Assert.NotNull(first.Archive);
        var location = first.Archive.Location.Split('/', 2);
        var manifest = await host.Services.GetRequiredService<IDocumentStore>().ReadAsync(location[0], location[1]);
        Assert.NotNull(manifest);
        Assert.True(manifest.Verified);
        Assert.Equal(first.Archive.ManifestSha256, manifest.ActualSha256);

        await The_year_s_documents_download_open_and_name_the_bloc_its_units_and_their_totals(host, thisYear, timeout.Token);

        var second = await new DemoRunner(host, local, Texts.Resolve([], null), new CycleHosts.SilentReporter(), options).RunAsync(timeout.Token);

        // The next year is launched under the leader the conference elected, and all five sign its compact.
        Assert.Equal((BlocId, thisYear + 1), (second.BlocId, second.Year));
        Assert.Equal(JudgmentEnforcement, second.LeaderUnitId);
        Assert.Equal(Units.Select(u => u.UnitId).Order(), second.Signers);
        Assert.Equal(first.Ranking.Select(r => r.UnitId), second.Ranking.Select(r => r.UnitId));
        Assert.Equal((JudgmentEnforcement, "vote"), (second.NextLeaderUnitId, second.NextLeaderElectedBy));
        Assert.NotEqual(first.Archive.ManifestSha256, second.Archive?.ManifestSha256);
        Assert.Equal("scoring-closed", second.LateRefusal?.Code);
        Assert.StartsWith("Hạn nộp bảng tự chấm điểm đã qua lúc ", second.LateRefusal?.Detail, StringComparison.Ordinal);
        Assert.EndsWith("(giờ Việt Nam); bản nộp muộn được ghi nhận nhưng không được tính.", second.LateRefusal?.Detail, StringComparison.Ordinal);

        // Only the current and the next year may be launched now: the third run is a new bloc id.
        var third = await new DemoRunner(host, local, texts, new CycleHosts.SilentReporter(), options).RunAsync(timeout.Token);

        Assert.Equal(("noi-chinh-2", thisYear), (third.BlocId, third.Year));
        Assert.Equal(HomeAffairs, third.LeaderUnitId);
        Assert.Equal(HomeAffairs, third.LeadingUnitId);
    }

    /// <summary>
    /// What a clerk gets from `thidua documents noi-chinh YEAR --format pdf` after the demo: the seven PDFs of the year
    /// (giao ước, bảng tổng hợp, three biên bản kiểm phiếu, biên bản hội nghị, tờ trình), each naming the bloc and
    /// its units by name, never by id, with a glyph for every character and pages that render; the summary
    /// holds every unit's total.
    /// </summary>
    private static async Task The_year_s_documents_download_open_and_name_the_bloc_its_units_and_their_totals(LocalHostApp host, int year, CancellationToken cancellationToken)
    {
        var token = (await host.Services.GetRequiredService<ITokenStore>().IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "demo documents", cancellationToken)).Token;
        using var folder = new TempFolder();
        var texts = Texts.Resolve([], null);
        var (code, output) = await InProcessCli.RunAsync(
            DocumentsCommand.Create(texts), ["documents", BlocId, year.ToString(CultureInfo.InvariantCulture), "--format", "pdf", "--output", folder.Path], host.Urls[0], token);

        Assert.True(code == 0, output);
        string[] names =
        [
            "giao-uoc-thi-dua", "bang-tong-hop-ket-qua-cham-diem", "bien-ban-kiem-phieu-don-vi-dan-dau-vong-1", "bien-ban-kiem-phieu-truong-khoi-vong-1",
            "bien-ban-kiem-phieu-pho-truong-khoi-vong-1", "bien-ban-hoi-nghi-tong-ket", "to-trinh-de-nghi-khen-thuong",
        ];
        Assert.Equal(names.Select(n => $"{BlocId}-{year}-{n}.pdf").Order(StringComparer.Ordinal), Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            var pdf = await File.ReadAllBytesAsync(Path.Combine(folder.Path, $"{BlocId}-{year}-{name}.pdf"), cancellationToken);
            var text = DocumentText.OfPdf(pdf);
            Assert.Contains("KHỐI THI ĐUA NỘI CHÍNH", text, StringComparison.Ordinal);
            Assert.Contains(Units.First(u => u.UnitId == HomeAffairs).Name, text, StringComparison.Ordinal);
            Assert.All(Units, u => Assert.DoesNotContain(u.UnitId, text, StringComparison.Ordinal));
            Assert.Empty(DocumentText.MissingGlyphs(text));
            Assert.NotEmpty(DocumentText.Keep("demo-" + name, pdf));
        }

        var summary = DocumentText.OfPdf(await File.ReadAllBytesAsync(Path.Combine(folder.Path, $"{BlocId}-{year}-bang-tong-hop-ket-qua-cham-diem.pdf"), cancellationToken));
        foreach (var (unitId, total) in DemoScenario.ExpectedTotals())
        {
            Assert.Contains(Units.First(u => u.UnitId == unitId).Name, summary, StringComparison.Ordinal);
            Assert.Contains(Points.Format(total).Replace('.', ','), summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_local_host_serves_the_OpenAPI_document_of_the_cycle_routes()
    {
        var scope = azurite.CreateScope(nameof(DemoCycleTests));
        using var state = new TempFolder();
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "openapi-test-worker");
        using var http = new HttpClient { BaseAddress = host.Urls[0] };

        var document = await http.GetStringAsync("openapi/v1.json");

        Assert.Contains("\"/api/blocs/{blocId}/campaigns/{year}/launch\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/blocs/{blocId}/campaigns/{year}/votes/{purpose}/ballots\"", document, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", document, StringComparison.Ordinal);
    }
}
