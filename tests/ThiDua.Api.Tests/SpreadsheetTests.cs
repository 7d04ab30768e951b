using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ThiDua.Azurite;
using ThiDua.Domain;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Spreadsheets;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

/// <summary>
/// The clerk's files through the API: the units and criteria of tests/data/khoi-van-hoa-xa-hoi uploaded as they are,
/// dry runs that store nothing, refused files answered cell by cell with nothing stored, the draft's ETags, the
/// export, the copy, and a launch that takes the draft.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class SpreadsheetTests(ApiFixture fixture)
{
    private static readonly string Data = Path.Combine(RepositoryRoot.Locate(), "tests", "data", "khoi-van-hoa-xa-hoi");

    private static readonly string[] TheFiveUnits = ["so-van-hoa", "so-giao-duc", "so-y-te", "so-lao-dong", "dai-phat-thanh"];

    [Fact]
    public async Task Council_imports_the_units_file_after_a_dry_run_that_changes_nothing()
    {
        var admin = await fixture.AdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/blocs/vhxh-units", new { name = "Khối Văn hóa – Xã hội" })).Status);

        var dry = await SendFileAsync(admin, HttpMethod.Post, "/api/blocs/vhxh-units/units/import?dryRun=true", "don-vi.xlsx");
        Assert.True(dry.Status == HttpStatusCode.OK, dry.Body);
        Assert.True(dry.Json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(TheFiveUnits, dry.Json.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("unitId").GetString()));
        Assert.All(dry.Json.GetProperty("changes").EnumerateArray(), c => Assert.Equal("create", c.GetProperty("action").GetString()));
        Assert.Empty(await fixture.Blocs.ListUnitsAsync("vhxh-units"));
        Assert.Empty((await fixture.Blocs.GetBlocAsync("vhxh-units"))!.Value.MemberUnitIds);

        var applied = await SendFileAsync(admin, HttpMethod.Post, "/api/blocs/vhxh-units/units/import", "don-vi.csv");
        Assert.True(applied.Status == HttpStatusCode.OK, applied.Body);
        Assert.False(applied.Json.GetProperty("dryRun").GetBoolean());
        var units = (await fixture.Blocs.ListUnitsAsync("vhxh-units")).Select(u => u.Value).ToDictionary(u => u.UnitId);
        Assert.Equal(TheFiveUnits.Order(StringComparer.Ordinal), units.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Sở Văn hóa, Thể thao và Du lịch", units["so-van-hoa"].Name);
        Assert.Equal(["vanphong.svhttdl@example.gov.vn", "thidua.svhttdl@example.gov.vn"], units["so-van-hoa"].Contacts.Select(c => c.Email));
        var bloc = (await fixture.Blocs.GetBlocAsync("vhxh-units"))!.Value;
        Assert.Equal(TheFiveUnits, bloc.MemberUnitIds);
        Assert.Equal(TheFiveUnits, bloc.RotationOrder);

        // The same file again changes nothing; a renamed unit is an update of its name only, its certificate kept.
        var again = await SendFileAsync(admin, HttpMethod.Post, "/api/blocs/vhxh-units/units/import", "don-vi.xlsx");
        Assert.All(again.Json.GetProperty("changes").EnumerateArray(), c => Assert.Equal("unchanged", c.GetProperty("action").GetString()));
        var pem = World.Certificate("so-y-te").ExportCertificatePem();
        var withCertificate = units["so-y-te"] with { CertificatePem = pem };
        var stored = await fixture.Blocs.GetUnitAsync("vhxh-units", "so-y-te");
        Assert.Equal(WriteOutcome.Updated, (await fixture.Blocs.UpdateUnitAsync(withCertificate, stored!.ETag)).Outcome);
        var renamed = File.ReadAllText(Path.Combine(Data, "don-vi.csv")).Replace("so-y-te,Sở Y tế,", "so-y-te,Sở Y tế tỉnh,", StringComparison.Ordinal);
        var update = await admin.SendBytesAsync(HttpMethod.Post, "/api/blocs/vhxh-units/units/import", Encoding.UTF8.GetBytes(renamed), "text/csv");
        var change = update.Json.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("unitId").GetString() == "so-y-te");
        Assert.Equal("update", change.GetProperty("action").GetString());
        Assert.Equal(["name"], change.GetProperty("changed").EnumerateArray().Select(f => f.GetString()));
        var after = (await fixture.Blocs.GetUnitAsync("vhxh-units", "so-y-te"))!.Value;
        Assert.Equal(("Sở Y tế tỉnh", pem, true), (after.Name, after.CertificatePem, after.Active));
    }

    [Fact]
    public async Task A_bad_units_file_is_answered_cell_by_cell_and_stores_nothing()
    {
        var admin = await fixture.AdminAsync();
        await admin.PutJsonAsync("/api/blocs/vhxh-bad-units", new { name = "Khối Văn hóa – Xã hội" });
        var csv = "Mã đơn vị,Tên đơn vị,Người liên hệ,Chức vụ,Thư điện tử\nso-y-te,Sở Y tế,Trần Thị Mai,,mai@example.gov.vn\nso-giao-duc,Sở Giáo dục và Đào tạo,Nguyễn Văn Đức,,khong-phai-email\n";

        var reply = await admin.SendBytesAsync(HttpMethod.Post, "/api/blocs/vhxh-bad-units/units/import", Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(["units[1].contacts[0].email"], reply.Problem(HttpStatusCode.BadRequest));
        var cell = Assert.Single(reply.Json.GetProperty("cells").EnumerateArray());
        Assert.Equal(("CSV", 3, "E"), (cell.GetProperty("sheet").GetString(), cell.GetProperty("row").GetInt32(), cell.GetProperty("column").GetString()));
        Assert.StartsWith("Trang tính 'CSV', dòng 3, cột E: Phải là một địa chỉ thư điện tử", cell.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Blocs.ListUnitsAsync("vhxh-bad-units"));
        (await admin.SendBytesAsync(HttpMethod.Post, "/api/blocs/khong-co/units/import", Encoding.UTF8.GetBytes(csv), "text/csv")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_criteria_file_becomes_the_year_draft_replaced_only_with_its_current_ETag_and_exported_as_imported()
    {
        var admin = await fixture.AdminAsync();
        await World.CreateBlocAsync(fixture, "vhxh-draft");
        const string Path2027 = "/api/blocs/vhxh-draft/campaigns/2027/criteria";
        (await admin.FetchAsync(Path2027)).Problem(HttpStatusCode.NotFound);

        var dry = await SendFileAsync(admin, HttpMethod.Put, Path2027 + "?dryRun=true", "tieu-chi-2027.xlsx");
        Assert.True(dry.Status == HttpStatusCode.OK, dry.Body);
        Assert.True(dry.Json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(9, dry.Json.GetProperty("criteria").GetProperty("criteria").GetArrayLength());
        (await admin.FetchAsync(Path2027)).Problem(HttpStatusCode.NotFound);

        var saved = await SendFileAsync(admin, HttpMethod.Put, Path2027, "tieu-chi-2027.xlsx");
        Assert.True(saved.Status == HttpStatusCode.Created, saved.Body);
        var etag = saved.Headers.ETag!.ToString();
        var read = await admin.FetchAsync(Path2027);
        Assert.Equal(etag, read.Headers.ETag!.ToString());
        Assert.Equal(100, read.Json.GetProperty("criteria").GetProperty("scale").GetDecimal());

        var smaller = new { scale = 100, criteria = new[] { new { id = "1-1", title = "Chuyên môn", maxPoints = 100 } } };
        Assert.Contains("If-Match", (await admin.PutJsonAsync(Path2027, smaller)).Problem(HttpStatusCode.PreconditionRequired));
        var replaced = await admin.SendTextWithIfMatchAsync(HttpMethod.Put, Path2027, smaller, etag);
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        (await admin.SendTextWithIfMatchAsync(HttpMethod.Put, Path2027, smaller, etag)).Problem(HttpStatusCode.PreconditionFailed);
        var restored = await SendFileAsync(admin, HttpMethod.Put, Path2027, "tieu-chi-2027.xlsx", replaced.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, restored.Status);

        var exported = await admin.GetAsync("/api/blocs/vhxh-draft/campaigns/2027/criteria.xlsx");
        Assert.Equal(XlsxFile.MediaType, exported.Content.Headers.ContentType!.MediaType);
        var table = CriteriaSheet.Read(await exported.Content.ReadAsByteArrayAsync());
        var original = CriteriaSheet.Read(await File.ReadAllBytesAsync(Path.Combine(Data, "tieu-chi-2027.xlsx")));
        Assert.Equal(original.Value!.Criteria, table.Value!.Criteria);
        Assert.Equal(original.Value.Scale, table.Value.Scale);
    }

    [Fact]
    public async Task A_bad_criteria_file_is_answered_cell_by_cell_in_the_callers_language_and_stores_nothing()
    {
        var admin = await fixture.AdminAsync();
        await World.CreateBlocAsync(fixture, "vhxh-bad");
        const string Path2027 = "/api/blocs/vhxh-bad/campaigns/2027/criteria";
        var table = TestCriteria();
        var lines = table.Criteria.ToList();
        lines[2] = lines[2] with { Id = "1-1" };
        lines[8] = lines[8] with { MaxPoints = 150 };
        var bad = CriteriaSheet.Write(table with { Criteria = lines }, "Bảng tiêu chí");

        var reply = await admin.SendBytesAsync(HttpMethod.Put, Path2027 + "?lang=en", bad, XlsxFile.MediaType);

        Assert.Equal(["criteria[8].maxPoints"], reply.Problem(HttpStatusCode.BadRequest));
        var cell = Assert.Single(reply.Json.GetProperty("cells").EnumerateArray());
        Assert.Equal(("Tiêu chí", 13, "D"), (cell.GetProperty("sheet").GetString(), cell.GetProperty("row").GetInt32(), cell.GetProperty("column").GetString()));
        Assert.Equal("Sheet 'Tiêu chí', line 13, column D: Maximum points 150 exceed the scale 100.", cell.GetProperty("message").GetString());

        lines[8] = lines[8] with { MaxPoints = 10 };
        var duplicate = await admin.SendBytesAsync(HttpMethod.Put, Path2027, CriteriaSheet.Write(table with { Criteria = lines }, "Bảng tiêu chí"), XlsxFile.MediaType);
        Assert.Equal(["criteria[2].id"], duplicate.Problem(HttpStatusCode.BadRequest));
        Assert.Contains("dòng 7, cột A", duplicate.Json.GetProperty("cells")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        var notZip = await admin.SendBytesAsync(HttpMethod.Put, Path2027, Encoding.UTF8.GetBytes("Mã tiêu chí;Điểm tối đa"), XlsxFile.MediaType);
        Assert.Equal(["body"], notZip.Problem(HttpStatusCode.BadRequest));
        Assert.Equal(0, notZip.Json.GetProperty("cells").GetArrayLength());

        var tooLarge = await admin.SendBytesAsync(HttpMethod.Put, Path2027, new byte[XlsxFile.MaxFileBytes + 1], XlsxFile.MediaType);
        tooLarge.Problem(HttpStatusCode.RequestEntityTooLarge);

        (await admin.FetchAsync(Path2027)).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_launch_without_criteria_takes_the_year_draft_which_then_is_the_campaign_and_can_start_next_year()
    {
        var admin = await fixture.AdminAsync();
        await World.CreateBlocAsync(fixture, "vhxh-launch");
        var body = new
        {
            commitments = new[] { "Hoàn thành xuất sắc nhiệm vụ chính trị được giao." },
            schedule = World.Schedule(DateTimeOffset.UtcNow),
            leaderUnitId = "so-noi-vu",
        };
        var refused = await admin.PostJsonAsync("/api/blocs/vhxh-launch/campaigns/2027/launch", body);
        Assert.Equal(["criteria"], refused.Problem(HttpStatusCode.BadRequest));
        Assert.Contains("Chưa có bảng tiêu chí chấm điểm cho năm 2027", refused.Body, StringComparison.Ordinal);
        Assert.Null(await fixture.Campaigns.GetAsync("vhxh-launch", 2027));

        Assert.Equal(HttpStatusCode.Created, (await SendFileAsync(admin, HttpMethod.Put, "/api/blocs/vhxh-launch/campaigns/2027/criteria", "tieu-chi-2027.xlsx")).Status);
        var launched = await admin.PostJsonAsync("/api/blocs/vhxh-launch/campaigns/2027/launch", body);
        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);

        var campaign = await fixture.Campaigns.GetAsync("vhxh-launch", 2027);
        Assert.Equal(TestCriteria().Criteria, campaign!.Criteria.Criteria);
        var read = await admin.FetchAsync("/api/blocs/vhxh-launch/campaigns/2027/criteria");
        Assert.True(read.Json.GetProperty("launched").GetBoolean());
        var late = await SendFileAsync(admin, HttpMethod.Put, "/api/blocs/vhxh-launch/campaigns/2027/criteria", "tieu-chi-2027.xlsx");
        late.Problem(HttpStatusCode.Conflict);

        var copied = await admin.PostJsonAsync("/api/blocs/vhxh-launch/campaigns/2028/criteria/copy", new { fromYear = 2027 });
        Assert.True(copied.Status == HttpStatusCode.Created, copied.Body);
        var next = await admin.FetchAsync("/api/blocs/vhxh-launch/campaigns/2028/criteria");
        Assert.False(next.Json.GetProperty("launched").GetBoolean());
        Assert.Equal(9, next.Json.GetProperty("criteria").GetProperty("criteria").GetArrayLength());
        (await admin.PostJsonAsync("/api/blocs/vhxh-launch/campaigns/2028/criteria/copy", new { fromYear = 2020 })).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Templates_are_for_signed_in_callers_and_criteria_for_the_bloc_and_its_preparers()
    {
        await World.CreateBlocAsync(fixture, "vhxh-access");
        var admin = await fixture.AdminAsync();
        var member = await fixture.UnitAsync("vhxh-access", "so-tu-phap");
        var outsider = await fixture.UnitAsync("other-bloc", "so-tu-phap");

        (await fixture.Anonymous().FetchAsync("/api/templates/criteria.xlsx")).Problem(HttpStatusCode.Unauthorized);
        (await fixture.Anonymous().FetchAsync("/api/blocs/vhxh-access/campaigns/2027/criteria")).Problem(HttpStatusCode.Unauthorized);
        using var template = await member.GetAsync("/api/templates/criteria.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Empty(CriteriaSheet.Read(await template.Content.ReadAsByteArrayAsync()).Problems);
        using var units = await outsider.GetAsync("/api/templates/units.xlsx");
        Assert.Empty(UnitsSheet.ReadXlsx(await units.Content.ReadAsByteArrayAsync()).Problems);

        Assert.Equal(HttpStatusCode.Created, (await SendFileAsync(admin, HttpMethod.Put, "/api/blocs/vhxh-access/campaigns/2027/criteria", "tieu-chi-2027.xlsx")).Status);
        Assert.Equal(HttpStatusCode.OK, (await member.FetchAsync("/api/blocs/vhxh-access/campaigns/2027/criteria")).Status);
        (await outsider.FetchAsync("/api/blocs/vhxh-access/campaigns/2027/criteria")).Problem(HttpStatusCode.Forbidden);
        (await outsider.FetchAsync("/api/blocs/vhxh-access/campaigns/2027/criteria.xlsx")).Problem(HttpStatusCode.Forbidden);
        // A member that is not the year's leader neither prepares the criteria nor imports units.
        (await SendFileAsync(member, HttpMethod.Put, "/api/blocs/vhxh-access/campaigns/2028/criteria", "tieu-chi-2027.xlsx")).Problem(HttpStatusCode.Forbidden);
        (await SendFileAsync(member, HttpMethod.Post, "/api/blocs/vhxh-access/units/import", "don-vi.xlsx")).Problem(HttpStatusCode.Forbidden);
        Assert.Null(await fixture.Blocs.GetUnitAsync("vhxh-access", "so-y-te"));
        (await admin.FetchAsync("/api/blocs/vhxh-access/campaigns/2028/criteria")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_year_planned_leader_prepares_its_criteria_and_no_other_member_does()
    {
        await World.CreateBlocAsync(fixture, "vhxh-leader");
        await fixture.Services.GetRequiredService<LeadershipPlans>().SaveAsync(new LeadershipPlan("vhxh-leader", 2028, "so-tu-phap", "so-noi-vu", 2027));
        var leader = await fixture.UnitAsync("vhxh-leader", "so-tu-phap");
        var deputy = await fixture.UnitAsync("vhxh-leader", "so-noi-vu");

        (await SendFileAsync(deputy, HttpMethod.Put, "/api/blocs/vhxh-leader/campaigns/2028/criteria", "tieu-chi-2027.xlsx")).Problem(HttpStatusCode.Forbidden);
        var saved = await SendFileAsync(leader, HttpMethod.Put, "/api/blocs/vhxh-leader/campaigns/2028/criteria", "tieu-chi-2027.xlsx");

        Assert.True(saved.Status == HttpStatusCode.Created, saved.Body);
        Assert.Equal(TestCriteria().Criteria, (await fixture.Services.GetRequiredService<ICriteriaDraftStore>().GetAsync("vhxh-leader", 2028))!.Value.Criteria.Criteria);
        (await SendFileAsync(leader, HttpMethod.Put, "/api/blocs/vhxh-leader/campaigns/2029/criteria", "tieu-chi-2027.xlsx")).Problem(HttpStatusCode.Forbidden);
    }

    private static CriteriaTable TestCriteria() =>
        CriteriaSheet.Read(File.ReadAllBytes(Path.Combine(Data, "tieu-chi-2027.xlsx"))).Value!;

    private static Task<Reply> SendFileAsync(HttpClient client, HttpMethod method, string path, string file, string? ifMatch = null) =>
        client.SendBytesAsync(method, path, File.ReadAllBytes(Path.Combine(Data, file)), file.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : XlsxFile.MediaType, ifMatch);
}

internal static class SpreadsheetRequests
{
    public static async Task<Reply> SendBytesAsync(this HttpClient client, HttpMethod method, string path, byte[] body, string contentType, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await Reply.ReadAsync(await client.SendAsync(request));
    }

    public static async Task<Reply> SendTextWithIfMatchAsync(this HttpClient client, HttpMethod method, string path, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await Reply.ReadAsync(await client.SendAsync(request));
    }
}
