using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class EvidenceTests(ApiFixture fixture) : IDisposable
{
    private const string Pdf = "application/pdf";

    public void Dispose() => fixture.Clock.Offset = TimeSpan.Zero;

    [Fact]
    public async Task An_uploaded_file_is_stored_once_listed_in_a_submission_and_read_back_by_those_entitled()
    {
        await OpenAsync("evidence-ok");
        var unit = await fixture.UnitAsync("evidence-ok", "so-tu-phap");
        var content = PdfBytes("Báo cáo tổng kết công tác năm 2027");
        var path = "/api/blocs/evidence-ok/campaigns/2027/evidence/so-tu-phap";

        var first = await unit.UploadAsync(path + "?fileName=" + Uri.EscapeDataString("Báo cáo tổng kết.pdf"), content, Pdf);
        var again = await unit.UploadAsync(path + "?fileName=ban-sao.pdf", content, Pdf);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(sha256, first.Json.GetProperty("evidenceId").GetString());
        Assert.Equal(sha256, first.Json.GetProperty("sha256").GetString());
        Assert.Equal("Báo cáo tổng kết.pdf", first.Json.GetProperty("fileName").GetString());
        Assert.Equal(content.Length, first.Json.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(Pdf, first.Json.GetProperty("contentType").GetString());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("Báo cáo tổng kết.pdf", again.Json.GetProperty("fileName").GetString());
        Assert.Single(await EvidenceBlobsAsync("evidence-ok"));

        var submission = new
        {
            blocId = "evidence-ok",
            year = 2027,
            unitId = "so-tu-phap",
            clientRequestId = "with-evidence",
            lines = new[] { new { criterionId = "1-1", points = 50m }, new { criterionId = "1-2", points = 30m } },
            evidence = new[] { first.Json },
        };
        var submitted = await unit.PostJsonAsync("/api/blocs/evidence-ok/campaigns/2027/scores/so-tu-phap", submission);
        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        var listed = Assert.Single((await fixture.ScoreSheets.ListVersionsAsync("evidence-ok", 2027, "so-tu-phap")).Single().Evidence);
        Assert.Equal((sha256, "Báo cáo tổng kết.pdf"), (listed.Sha256, listed.FileName));

        var item = $"{path}/{sha256}";
        using var download = await unit.GetAsync(item);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(Pdf, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Báo cáo tổng kết.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(HttpStatusCode.OK, (await (await fixture.UnitAsync("evidence-ok", "so-noi-vu")).FetchAsync(item)).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await fixture.AdminAsync()).FetchAsync(item)).Status);
        (await (await fixture.UnitAsync("evidence-ok", "cong-an-tinh")).FetchAsync(item)).Problem(HttpStatusCode.Forbidden);
        Assert.Contains("evidenceId", (await unit.FetchAsync($"{path}/{new string('0', 64)}")).Problem(HttpStatusCode.NotFound));
    }

    public static TheoryData<string, string, string, HttpStatusCode, string> Refusals => new()
    {
        { "wrong type", "?fileName=ghi-chu.txt", "text/plain", HttpStatusCode.UnsupportedMediaType, "Content-Type" },
        { "content not of its type", "?fileName=anh.pdf", "image/png-as-pdf", HttpStatusCode.BadRequest, "body" },
        { "extension not of its type", "?fileName=bao-cao.docx", Pdf, HttpStatusCode.BadRequest, "fileName" },
        { "no file name", "", Pdf, HttpStatusCode.BadRequest, "fileName" },
        { "path in the file name", "?fileName=" + Uri.EscapeDataString("../../etc/passwd.pdf"), Pdf, HttpStatusCode.BadRequest, "fileName" },
        { "empty body", "?fileName=rong.pdf", "empty", HttpStatusCode.BadRequest, "body" },
        { "right-to-left override in the file name", "?fileName=" + Uri.EscapeDataString("bao-cao\u202Efdp.pdf"), Pdf, HttpStatusCode.BadRequest, "fileName" },
        { "NUL in the file name", "?fileName=" + Uri.EscapeDataString("bao-cao\u0000.pdf"), Pdf, HttpStatusCode.BadRequest, "fileName" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_upload_is_refused_naming_the_field_and_stores_nothing(string why, string query, string kind, HttpStatusCode status, string field)
    {
        await OpenAsync("evidence-bad", once: true);
        var unit = await fixture.UnitAsync("evidence-bad", "so-tu-phap");
        var (body, contentType) = kind switch
        {
            "image/png-as-pdf" => ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], Pdf),
            "empty" => ([], Pdf),
            _ => (PdfBytes(why), kind),
        };

        var reply = await unit.UploadAsync("/api/blocs/evidence-bad/campaigns/2027/evidence/so-tu-phap" + query, body, contentType);

        Assert.Contains(field, reply.Problem(status));
        Assert.Empty(await fixture.Services.GetRequiredService<IEvidenceStore>().ListAsync("evidence-bad", 2027, "so-tu-phap"));
        Assert.Empty(await EvidenceBlobsAsync("evidence-bad"));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_and_stores_nothing()
    {
        await OpenAsync("evidence-big");
        var unit = await fixture.UnitAsync("evidence-big", "so-tu-phap");
        var limit = fixture.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ThiDuaApiOptions>>().Value.MaxEvidenceBytes;
        var body = PdfBytes("");
        Array.Resize(ref body, limit + 1);

        var reply = await unit.UploadAsync("/api/blocs/evidence-big/campaigns/2027/evidence/so-tu-phap?fileName=lon.pdf", body, Pdf);

        Assert.Equal(10 * 1024 * 1024, limit);
        Assert.Contains("body", reply.Problem(HttpStatusCode.RequestEntityTooLarge));
        Assert.Empty(await EvidenceBlobsAsync("evidence-big"));
    }

    [Fact]
    public async Task Files_beyond_the_count_limit_are_refused_and_a_repeated_file_does_not_count()
    {
        await OpenAsync("evidence-many");
        var unit = await fixture.UnitAsync("evidence-many", "so-tu-phap");
        const string path = "/api/blocs/evidence-many/campaigns/2027/evidence/so-tu-phap?fileName=minh-chung.pdf";
        for (var i = 0; i < ApiFixture.EvidencePerUnit; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await unit.UploadAsync(path, PdfBytes($"tài liệu {i}"), Pdf)).Status);
        }

        var repeated = await unit.UploadAsync(path, PdfBytes("tài liệu 0"), Pdf);
        var over = await unit.UploadAsync(path, PdfBytes("một tài liệu nữa"), Pdf);

        Assert.Equal(HttpStatusCode.OK, repeated.Status);
        Assert.Contains("evidence", over.Problem(HttpStatusCode.Conflict));
        Assert.Equal("evidence-limit", over.Json.GetProperty("code").GetString());
        Assert.Equal(ApiFixture.EvidencePerUnit, (await EvidenceBlobsAsync("evidence-many")).Count);
    }

    [Fact]
    public async Task A_unit_can_neither_upload_for_another_unit_nor_list_another_units_evidence_in_its_submission()
    {
        await OpenAsync("evidence-other");
        var owner = await fixture.UnitAsync("evidence-other", "so-tu-phap");
        var other = await fixture.UnitAsync("evidence-other", "cong-an-tinh");
        var uploaded = await owner.UploadAsync("/api/blocs/evidence-other/campaigns/2027/evidence/so-tu-phap?fileName=a.pdf", PdfBytes("của Sở Tư pháp"), Pdf);
        Assert.Equal(HttpStatusCode.Created, uploaded.Status);

        var forOwner = await other.UploadAsync("/api/blocs/evidence-other/campaigns/2027/evidence/so-tu-phap?fileName=b.pdf", PdfBytes("giả mạo"), Pdf);
        var borrowed = await other.PostJsonAsync("/api/blocs/evidence-other/campaigns/2027/scores/cong-an-tinh", new
        {
            blocId = "evidence-other",
            year = 2027,
            unitId = "cong-an-tinh",
            clientRequestId = "borrowed",
            lines = new[] { new { criterionId = "1-1", points = 50m }, new { criterionId = "1-2", points = 30m } },
            evidence = new[] { uploaded.Json },
        });

        forOwner.Problem(HttpStatusCode.Forbidden);
        Assert.Contains("evidence[0].evidenceId", borrowed.Problem(HttpStatusCode.BadRequest));
        Assert.Empty(await fixture.ScoreSheets.ListVersionsAsync("evidence-other", 2027, "cong-an-tinh"));
        Assert.Single(await EvidenceBlobsAsync("evidence-other"));
    }

    [Fact]
    public async Task An_upload_after_the_deadline_is_refused_and_stores_nothing()
    {
        var now = await OpenAsync("evidence-late");
        fixture.Clock.SetNow(now.AddDays(2).AddMinutes(1));
        var unit = await fixture.UnitAsync("evidence-late", "so-tu-phap");

        var reply = await unit.UploadAsync("/api/blocs/evidence-late/campaigns/2027/evidence/so-tu-phap?fileName=muon.pdf", PdfBytes("nộp muộn"), Pdf);

        Assert.Contains("scoringDeadline", reply.Problem(HttpStatusCode.Conflict));
        Assert.Equal("scoring-closed", reply.Json.GetProperty("code").GetString());
        Assert.Empty(await EvidenceBlobsAsync("evidence-late"));
    }

    private static byte[] PdfBytes(string text) => System.Text.Encoding.UTF8.GetBytes("%PDF-1.7\n" + text + "\n%%EOF\n");

    private async Task<List<string>> EvidenceBlobsAsync(string blocId)
    {
        var container = new BlobServiceClient(fixture.StorageOptions.ConnectionString)
            .GetBlobContainerClient(fixture.StorageOptions.ContainerPrefix + "-" + DocumentContainers.Evidence);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, blocId + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly HashSet<string> Opened = new(StringComparer.Ordinal);

    private async Task<DateTimeOffset> OpenAsync(string blocId, bool once = false)
    {
        await Once.WaitAsync();
        try
        {
            if (once && !Opened.Add(blocId))
            {
                return DateTimeOffset.UtcNow;
            }

            var (now, _) = await World.LaunchAsync(fixture, blocId, 2027);
            await fixture.SubmissionWindow.OpenAsync(blocId, 2027, now);
            return now;
        }
        finally
        {
            Once.Release();
        }
    }
}

internal static class UploadExtensions
{
    public static async Task<Reply> UploadAsync(this HttpClient client, string path, byte[] body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Reply.ReadAsync(await client.SendAsync(request));
    }
}
