using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Azurite;
using ThiDua.Cli;
using ThiDua.Cli.Client;
using ThiDua.Cli.Commands;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Signing;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// A council clerk starts a bloc that is not the demo's, "Khối Văn hóa – Xã hội", from an empty province with
/// `thidua` commands only, on the local host and Azurite: creates the bloc and sets two of its rules (an unknown one is
/// refused, named), checks then imports its units from the
/// repository's .csv, registers a unit's certificate (.cer), adds a sixth unit and deactivates it, checks then imports the year's criteria from the
/// repository's .xlsx (a spreadsheet with a formula is refused naming its sheet, line and column, and nothing
/// changes), starts the year's cycle appointing the leader and deputy of the bloc's first year; the appointed leader
/// launches it with its own token; one unit signs the compact and submits its self-assessment, and `thidua status`
/// shows the year running.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class OwnBlocCommandTests(AzuriteFixture azurite)
{
    private const string BlocId = "khoi-van-hoa-xa-hoi";
    private const string Culture = "so-van-hoa";
    private const string Education = "so-giao-duc";
    private static readonly string[] UnitIds = ["so-van-hoa", "so-giao-duc", "so-y-te", "so-lao-dong", "dai-phat-thanh"];

    [Fact]
    public async Task A_clerk_runs_a_new_bloc_from_an_empty_province_to_a_running_year_with_thidua_commands_only()
    {
        var scope = azurite.CreateScope(nameof(OwnBlocCommandTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "own-bloc-test-worker");
        var tokens = host.Services.GetRequiredService<ITokenStore>();
        var admin = (await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "council clerk", ct)).Token;
        var texts = Texts.Resolve([], null);
        var english = Texts.Resolve(["--lang", "en"], null);
        var data = Path.Combine(RepositoryRoot.Locate(), "tests", "data", "khoi-van-hoa-xa-hoi");
        var year = (VietnamTime.DateOf(DateTimeOffset.UtcNow).Year + 1).ToString(CultureInfo.InvariantCulture);
        Task<(int Code, string Output)> Run(Command command, params string[] args) => InProcessCli.RunAsync(command, args, host.Urls[0], admin);

        // The bloc, with no unit yet.
        var (created, createdText) = await Run(BlocCommands.Bloc(texts), "bloc", "create", BlocId, "--name", "Văn hóa – Xã hội", "--launch-date", "01-15");
        Assert.Equal(0, created);
        Assert.Contains("Đã tạo Khối thi đua Văn hóa – Xã hội", createdText, StringComparison.Ordinal);

        // The rules it can be given, explained; one of them changed the way `bloc rules` names it.
        var (listed, rulesText) = await Run(BlocCommands.Bloc(texts), "bloc", "rules");
        Assert.Equal(0, listed);
        Assert.Contains("voting.thresholdPercent = 50 · ", rulesText, StringComparison.Ordinal);
        Assert.Equal(0, (await Run(BlocCommands.Bloc(texts), "bloc", "set", BlocId, "--rule", "voting.thresholdPercent=70", "--rule", "documents.place=Bắc Kạn")).Code);
        var bloc = await ShowAsync(Run, texts);
        Assert.Equal(70, bloc["bloc"]!["rules"]!["voting"]!["thresholdPercent"]!.GetValue<int>());
        Assert.Equal("Bắc Kạn", bloc["bloc"]!["rules"]!["documents"]!["place"]!.GetValue<string>());
        var unknownRule = await Assert.ThrowsAsync<ApiProblemException>(() => Run(BlocCommands.Bloc(texts), "bloc", "set", BlocId, "--rule", "voting.quorom=1"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownRule.Status);
        Assert.Contains("rules.voting.quorom", unknownRule.Message, StringComparison.Ordinal);

        // A dry run lists the five units it would add and changes nothing.
        var csv = Path.Combine(data, "don-vi.csv");
        var (checkedUnits, dryJson) = await Run(BlocCommands.Units(texts), "units", "import", BlocId, csv, "--dry-run", "--json");
        Assert.Equal(0, checkedUnits);
        var dry = JsonNode.Parse(dryJson)!;
        Assert.True(dry["dryRun"]!.GetValue<bool>());
        Assert.Equal(UnitIds.Order(), dry["changes"]!.AsArray().Select(c => c!["unitId"]!.GetValue<string>()).Order());
        Assert.All(dry["changes"]!.AsArray(), c => Assert.Equal("create", c!["action"]!.GetValue<string>()));
        var empty = await ShowAsync(Run, texts);
        Assert.Empty(empty["units"]!.AsArray());
        Assert.Empty(empty["bloc"]!["memberUnitIds"]!.AsArray());

        // The import adds them as members, in the rotation order, each with its contacts.
        var (imported, importedText) = await Run(BlocCommands.Units(texts), "units", "import", BlocId, csv);
        Assert.Equal(0, imported);
        Assert.Contains("Đã thêm 5, cập nhật 0, giữ nguyên 0 đơn vị.", importedText, StringComparison.Ordinal);
        var registered = await ShowAsync(Run, texts);
        Assert.Equal(UnitIds.Order(), registered["bloc"]!["memberUnitIds"]!.AsArray().Select(m => m!.GetValue<string>()).Order());
        Assert.Equal(UnitIds.Order(), registered["bloc"]!["rotationOrder"]!.AsArray().Select(m => m!.GetValue<string>()).Order());
        Assert.All(registered["units"]!.AsArray(), u => Assert.NotEmpty(u!["unit"]!["contacts"]!.AsArray()));
        Assert.All(registered["units"]!.AsArray(), u => Assert.Contains("@example.gov.vn", u!["unit"]!["contacts"]![0]!["email"]!.GetValue<string>(), StringComparison.Ordinal));

        // The Department of Culture's certificate, as the .cer (DER) its CA issued; the key stays with the unit and
        // a file holding it is refused before anything is sent.
        var now = DateTimeOffset.UtcNow;
        using var certificate = CompactSigning.CreateSelfSignedUnitCertificate("Sở Văn hóa, Thể thao và Du lịch", now.AddDays(-1), now.AddYears(2));
        var cer = Path.Combine(state.Path, "so-van-hoa.cer");
        var pem = Path.Combine(state.Path, "so-van-hoa.pem");
        var key = Path.Combine(state.Path, "so-van-hoa.key.pem");
        await File.WriteAllBytesAsync(cer, certificate.Export(X509ContentType.Cert), ct);
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem(), ct);
        using (var ecKey = certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, ecKey.ExportPkcs8PrivateKeyPem(), ct);
        }

        var keyRefused = await Assert.ThrowsAsync<InvalidOperationException>(() => Run(BlocCommands.Unit(texts), "unit", "set", BlocId, Culture, "--certificate", key));
        Assert.Contains("chứa khóa riêng", keyRefused.Message, StringComparison.Ordinal);
        var (certified, _) = await Run(BlocCommands.Unit(texts), "unit", "set", BlocId, Culture, "--certificate", cer);
        Assert.Equal(0, certified);
        var culture = (await ShowAsync(Run, texts))["units"]!.AsArray().Single(u => u!["unit"]!["unitId"]!.GetValue<string>() == Culture)!;
        Assert.Contains("-----BEGIN CERTIFICATE-----", culture["unit"]!["certificatePem"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Sở Văn hóa", culture["certificate"]!["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(culture["certificate"]!["expired"]!.GetValue<bool>());

        // A sixth unit joins the bloc and leaves it again: it stays listed, inactive, and takes no part in the year.
        var (added, addedText) = await Run(
            BlocCommands.Unit(texts), "unit", "add", BlocId, "thu-vien-tinh", "--name", "Thư viện tỉnh", "--contact", "Đỗ Văn Nam|Văn thư|vanthu.tvt@example.gov.vn");
        Assert.Equal(0, added);
        Assert.Contains("Đã thêm đơn vị Thư viện tỉnh (mã thu-vien-tinh)", addedText, StringComparison.Ordinal);
        Assert.Equal(0, (await Run(BlocCommands.Unit(texts), "unit", "deactivate", BlocId, "thu-vien-tinh")).Code);
        var withLibrary = await ShowAsync(Run, texts);
        Assert.Equal("thu-vien-tinh", withLibrary["bloc"]!["rotationOrder"]!.AsArray()[^1]!.GetValue<string>());
        Assert.False(withLibrary["units"]!.AsArray().Single(u => u!["unit"]!["unitId"]!.GetValue<string>() == "thu-vien-tinh")!["unit"]!["active"]!.GetValue<bool>());

        // The criteria: checked (nothing saved: the year has no criteria yet), then saved as the year's draft.
        var criteria = Path.Combine(data, "tieu-chi-2027.xlsx");
        var (checkedCriteria, checkedJson) = await Run(CriteriaCommands.Criteria(texts), "criteria", "import", BlocId, year, criteria, "--dry-run", "--json");
        Assert.Equal(0, checkedCriteria);
        var table = JsonNode.Parse(checkedJson)!["criteria"].Deserialize<CriteriaTable>(ApiClient.ReadOptions)!;
        Assert.Equal(100m, table.Scale);
        Assert.Contains(table.Criteria, c => c.Kind == CriterionKind.Bonus);
        Assert.Contains(table.Criteria, c => c.Kind == CriterionKind.Penalty);
        var exported = Path.Combine(state.Path, "export.xlsx");
        var none = await Assert.ThrowsAsync<ApiProblemException>(() => Run(CriteriaCommands.Criteria(texts), "criteria", "export", BlocId, year, "--output", exported));
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        var (saved, savedText) = await Run(CriteriaCommands.Criteria(texts), "criteria", "import", BlocId, year, criteria);
        Assert.Equal(0, saved);
        Assert.Contains("Đã lưu bản nháp bảng tiêu chí chấm điểm năm " + year, savedText, StringComparison.Ordinal);
        Assert.Contains(table.Criteria[0].Title, savedText, StringComparison.Ordinal);
        Assert.Equal(0, (await Run(CriteriaCommands.Criteria(texts), "criteria", "export", BlocId, year, "--output", exported)).Code);
        Assert.Equal(0, (await Run(CriteriaCommands.Criteria(texts), "criteria", "import", BlocId, year, exported, "--dry-run")).Code);
        var (_, draftJson) = await Run(CriteriaCommands.Criteria(texts), "criteria", "show", BlocId, year, "--json");

        // A spreadsheet with a formula where a number belongs is refused, naming the cell in the clerk's language; the draft stays.
        var bad = Path.Combine(state.Path, "tieu-chi-cong-thuc.xlsx");
        var (sheet, row, column) = WithFormula(criteria, bad);
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => Run(CriteriaCommands.Criteria(texts), "criteria", "import", BlocId, year, bad));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains($"\n  Trang tính '{sheet}', dòng {row}, cột {column}: ", refused.Message, StringComparison.Ordinal);
        var refusedEnglish = await Assert.ThrowsAsync<ApiProblemException>(() => Run(CriteriaCommands.Criteria(english), "criteria", "import", BlocId, year, bad));
        Assert.Contains($"\n  Sheet '{sheet}', line {row}, column {column}: ", refusedEnglish.Message, StringComparison.Ordinal);
        Assert.Equal(draftJson, (await Run(CriteriaCommands.Criteria(texts), "criteria", "show", BlocId, year, "--json")).Output);

        // The year's cycle waits for the launch; starting the bloc's first year, the clerk appoints its leader and
        // deputy as the council decided (sent again, the same appointment stands). The appointed leader, with its own
        // token, previews (the schedule printed, nothing launched) and launches, every deadline and reminder in Vietnam
        // time; another member may not.
        string[] start = ["cycle", "start", BlocId, year, "--leader", Culture, "--deputy", Education];
        var (started, startedText) = await Run(LaunchCommands.Cycle(texts), start);
        Assert.Equal(0, started);
        Assert.Contains($"Đã bắt đầu năm thi đua {year} của khối {BlocId}", startedText, StringComparison.Ordinal);
        Assert.Contains($"Trưởng khối: {Culture} · phó trưởng khối: {Education} (theo quyết định của Hội đồng).", startedText, StringComparison.Ordinal);
        var (again, againText) = await Run(LaunchCommands.Cycle(texts), start);
        Assert.Equal(0, again);
        Assert.Contains($"Năm thi đua {year} của khối {BlocId} đã bắt đầu từ trước.", againText, StringComparison.Ordinal);
        var otherLeader = await Assert.ThrowsAsync<ApiProblemException>(() => Run(LaunchCommands.Cycle(texts), "cycle", "start", BlocId, year, "--leader", Education));
        Assert.Equal(HttpStatusCode.Conflict, otherLeader.Status);

        var unit = (await tokens.IssueAsync(Caller.Unit(BlocId, Culture), TimeSpan.FromHours(1), "so-van-hoa", ct)).Token;
        var education = (await tokens.IssueAsync(Caller.Unit(BlocId, Education), TimeSpan.FromHours(1), "so-giao-duc", ct)).Token;
        string[] launch = ["launch", BlocId, year, "--commitment", "Thực hiện tốt nhiệm vụ chính trị được giao."];
        var notLeader = await Assert.ThrowsAsync<ApiProblemException>(() => InProcessCli.RunAsync(LaunchCommands.Launch(texts), [.. launch, "--preview"], host.Urls[0], education));
        Assert.Equal(HttpStatusCode.Forbidden, notLeader.Status);
        var (previewed, previewText) = await InProcessCli.RunAsync(LaunchCommands.Launch(texts), [.. launch, "--preview"], host.Urls[0], unit);
        Assert.Equal(0, previewed);
        Assert.Contains("Chưa phát động", previewText, StringComparison.Ordinal);
        await StatusAsync(Run, texts, year, s => s.Phase == CyclePhase.AwaitingLaunch, ct);

        var (launched, launchText) = await InProcessCli.RunAsync(LaunchCommands.Launch(texts), launch, host.Urls[0], unit);
        Assert.Equal(0, launched);
        Assert.Contains("Trưởng khối: Sở Văn hóa", launchText, StringComparison.Ordinal);
        Assert.Contains("phó trưởng khối: Sở Giáo dục", launchText, StringComparison.Ordinal);
        Assert.Contains("5 đơn vị thành viên: ", launchText, StringComparison.Ordinal);
        Assert.DoesNotContain("Thư viện tỉnh", launchText, StringComparison.Ordinal);
        Assert.Contains("Hạn ký giao ước thi đua", launchText, StringComparison.Ordinal);
        Assert.Contains($"23:59 ngày 15/12/{year} (giờ Việt Nam)  Hạn nộp bảng tự chấm điểm", launchText, StringComparison.Ordinal);
        Assert.Equal(3, launchText.Split('\n').Count(l => l.Contains("Nhắc đơn vị chưa nộp bảng tự chấm điểm", StringComparison.Ordinal)));
        Assert.Contains($"23:59 ngày 08/12/{year} (giờ Việt Nam)  Nhắc", launchText, StringComparison.Ordinal);
        Assert.Equal(
            previewText.Split('\n').Where(l => l.Contains("(giờ Việt Nam)", StringComparison.Ordinal)),
            launchText.Split('\n').Where(l => l.Contains("(giờ Việt Nam)", StringComparison.Ordinal)));

        // Next year's draft starts as a copy of this year's launched criteria; the empty template is there to start from.
        var nextYear = (int.Parse(year, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var (_, launchedJson) = await Run(CriteriaCommands.Criteria(texts), "criteria", "show", BlocId, year, "--json");
        Assert.True(JsonNode.Parse(launchedJson)!["launched"]!.GetValue<bool>());
        var (copied, copiedJson) = await Run(CriteriaCommands.Criteria(texts), "criteria", "copy", BlocId, nextYear, "--from", year, "--json");
        Assert.Equal(0, copied);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(launchedJson)!["criteria"], JsonNode.Parse(copiedJson)!["criteria"]));
        var (templated, templateJson) = await Run(CriteriaCommands.Criteria(texts), "criteria", "template", "--output", Path.Combine(state.Path, "mau.xlsx"), "--json");
        Assert.Equal(0, templated);
        Assert.True(JsonNode.Parse(templateJson)!["size"]!.GetValue<long>() > 0);

        // A person of the Department of Culture who signs in with Microsoft Entra ID is mapped to it by their object id;
        // a unit the bloc does not have is refused; the mapping is removed again.
        const string person = "6f1c2a9e-3b7d-4c61-9a0e-2d5b8f4e7c13";
        var (mapped, mappedJson) = await Run(BlocCommands.Identity(texts), "identity", "map", person, $"{BlocId}/{Culture}", "--json");
        Assert.Equal(0, mapped);
        Assert.Equal(Culture, JsonNode.Parse(mappedJson)!["unitId"]!.GetValue<string>());
        var noUnit = await Assert.ThrowsAsync<ApiProblemException>(() => Run(BlocCommands.Identity(texts), "identity", "map", person, $"{BlocId}/khong-co"));
        Assert.Equal(HttpStatusCode.NotFound, noUnit.Status);
        var (unmapped, unmappedText) = await Run(BlocCommands.Identity(texts), "identity", "unmap", person);
        Assert.Equal(0, unmapped);
        Assert.Contains($"Người có mã {person} không còn gắn với đơn vị nào.", unmappedText, StringComparison.Ordinal);

        // The Department of Culture signs the compact with its own key and submits its self-assessment.
        var (signed, signedText) = await InProcessCli.RunAsync(UnitCommands.Sign(texts), ["sign", BlocId, year, Culture, "--pem", pem, "--key", key], host.Urls[0], unit);
        Assert.Equal(0, signed);
        Assert.Contains("Đã ký", signedText, StringComparison.Ordinal);
        var sheetFile = Path.Combine(state.Path, "tu-cham-diem.json");
        var lines = table.Criteria.Where(c => c.Kind == CriterionKind.Regular).Select(c => new JsonObject { ["criterionId"] = c.Id, ["points"] = c.MaxPoints - 1 });
        await File.WriteAllTextAsync(sheetFile, new JsonObject { ["lines"] = new JsonArray([.. lines]) }.ToJsonString(), ct);
        var (submitted, submittedText) = await InProcessCli.RunAsync(UnitCommands.Submit(texts), ["submit", BlocId, year, Culture, sheetFile], host.Urls[0], unit);
        Assert.Equal(0, submitted);
        var total = table.Criteria.Where(c => c.Kind == CriterionKind.Regular).Sum(c => c.MaxPoints - 1);
        Assert.Contains($"Đã nộp phiên bản 1 của {Culture}: tổng {Points.Format(total)} điểm.", submittedText, StringComparison.Ordinal);

        // The year runs: signing the compact, the Department of Culture no longer pending.
        var status = await StatusAsync(Run, texts, year, s => s.Phase == CyclePhase.Signing && !s.Pending.Contains(Culture), ct);
        Assert.Equal("Running", status.RuntimeStatus);
        Assert.Equal(Culture, status.LeaderUnitId);
        Assert.Equal(UnitIds.Where(u => u != Culture).Order(), status.Pending.Order());
        var (_, statusText) = await Run(StatusCommands.Status(texts), "status", BlocId, year);
        Assert.Contains($"Khối {BlocId}, năm {year}: Ký giao ước (Running)", statusText, StringComparison.Ordinal);

        // The council's overview of the year lists the bloc with the units that have not signed yet, and its summary
        // spreadsheet names the bloc.
        var summary = Path.Combine(state.Path, "tong-hop.xlsx");
        var (overviewed, overviewText) = await Run(ProvinceCommand.Create(texts), "province", year, "--summary", summary);
        Assert.Equal(0, overviewed);
        Assert.Contains($"Đã lưu {summary}", overviewText, StringComparison.Ordinal);
        using (var workbook = SpreadsheetDocument.Open(summary, isEditable: false))
        {
            Assert.Contains("Văn hóa – Xã hội", SheetText(workbook), StringComparison.Ordinal);
        }

        Assert.Contains($"Khối thi đua Văn hóa – Xã hội ({BlocId}): ", overviewText, StringComparison.Ordinal);
        var pending = overviewText.Split('\n').Single(l => l.Contains(" · chưa thực hiện: ", StringComparison.Ordinal));
        Assert.Contains("Sở Giáo dục và Đào tạo", pending, StringComparison.Ordinal);
        Assert.DoesNotContain("Sở Văn hóa", pending, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> ShowAsync(Func<Command, string[], Task<(int Code, string Output)>> run, Texts texts)
    {
        var (code, json) = await run(BlocCommands.Bloc(texts), ["bloc", "show", BlocId, "--json"]);
        Assert.Equal(0, code);
        return JsonNode.Parse(json)!;
    }

    /// <summary>`thidua status --json` until <paramref name="reached"/> holds: the workflow takes the launch a moment after it is stored.</summary>
    private static async Task<CampaignStatus> StatusAsync(
        Func<Command, string[], Task<(int Code, string Output)>> run, Texts texts, string year, Func<CampaignStatus, bool> reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (code, json) = await run(StatusCommands.Status(texts), ["status", BlocId, year, "--json"]);
            Assert.Equal(0, code);
            var status = JsonSerializer.Deserialize<CampaignStatus>(json, ApiJson.Options)!;
            if (reached(status))
            {
                return status;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>
    /// A copy of <paramref name="source"/> whose last number on its first sheet (points of the last line) is a formula
    /// giving the same value: the sheet's name, the line and the column letter of that cell.
    /// </summary>
    private static (string Sheet, int Row, string Column) WithFormula(string source, string target)
    {
        File.Copy(source, target);
        using var document = SpreadsheetDocument.Open(target, isEditable: true);
        var workbook = document.WorkbookPart!;
        var first = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var worksheet = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
        var cell = worksheet.Worksheet.Descendants<Cell>().Last(c =>
            (c.DataType is null || c.DataType.Value == CellValues.Number) && c.CellValue is { } v && decimal.TryParse(v.Text, CultureInfo.InvariantCulture, out _));
        cell.CellFormula = new CellFormula($"{cell.CellValue!.Text}+0");
        var reference = cell.CellReference!.Value!;
        return (first.Name!.Value!, RowOf(reference), new string([.. reference.TakeWhile(char.IsLetter)]));
    }

    /// <summary>Every text of a workbook's sheets, shared or inline.</summary>
    private static string SheetText(SpreadsheetDocument workbook) =>
        string.Join(
            "\n",
            workbook.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>()).Select(c => c.DataType?.Value == CellValues.SharedString
                ? workbook.WorkbookPart.SharedStringTablePart!.SharedStringTable.ElementAt(int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText
                : c.InnerText));

    private static int RowOf(string reference) => int.Parse(reference.SkipWhile(char.IsLetter).ToArray(), CultureInfo.InvariantCulture);
}
