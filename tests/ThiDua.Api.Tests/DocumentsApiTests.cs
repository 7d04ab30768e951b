using System.Net;
using System.Text.Json;
using ThiDua.Domain;

namespace ThiDua.Api.Tests;

/// <summary>
/// A year's documents before their facts are final: the list says what each waits for, a download is a 409
/// naming that step; only the bloc's units and council staff may ask.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class DocumentsApiTests(ApiFixture fixture)
{
    private const string Documents = "/api/blocs/docs-early/campaigns/2027/documents";

    [Fact]
    public async Task Before_sealing_the_compact_is_a_document_to_come_and_its_download_names_the_missing_step()
    {
        await World.LaunchAsync(fixture, "docs-early", 2027);
        var deadline = (await fixture.Campaigns.GetAsync("docs-early", 2027))!.Schedule.SigningDeadline;
        var member = await fixture.UnitAsync("docs-early", "so-tu-phap");

        var list = await member.FetchAsync(Documents);
        Assert.True(list.Status == HttpStatusCode.OK, list.Body);
        Assert.Empty(list.Json.GetProperty("documents").EnumerateArray());
        var pending = list.Json.GetProperty("pending").EnumerateArray().ToList();
        var compact = pending.Single(d => d.GetProperty("name").GetString() == "giao-uoc-thi-dua");
        Assert.Equal("Giao ước thi đua", compact.GetProperty("title").GetString());
        Assert.Equal("sau khi khóa ký giao ước, hạn ký " + VietnamTime.Format(deadline), compact.GetProperty("awaits").GetString());
        Assert.Contains(pending, d => d.GetProperty("kind").GetString() == "scoreSummary" && d.GetProperty("awaits").GetString() == "sau khi kết thúc thẩm định");
        Assert.Contains(pending, d => d.GetProperty("kind").GetString() == "voteCount" && d.GetProperty("awaits").GetString() == "sau khi kết thúc mỗi vòng bỏ phiếu");

        // The compact (by extension or ?format=) and a round's minutes are known documents not drawn up yet.
        foreach (var path in new[] { "giao-uoc-thi-dua.pdf", "giao-uoc-thi-dua?format=docx", "bien-ban-kiem-phieu-don-vi-dan-dau-vong-1.pdf" })
        {
            var early = await member.FetchAsync($"{Documents}/{path}");
            Assert.Equal(["file"], early.Problem(HttpStatusCode.Conflict));
            Assert.Equal("document-not-ready", early.Json.GetProperty("code").GetString());
        }

        var refused = await (await fixture.AdminAsync()).FetchAsync($"{Documents}/giao-uoc-thi-dua.docx");
        refused.Problem(HttpStatusCode.Conflict);
        Assert.Contains("sau khi khóa ký giao ước", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var english = await fixture.AdminAsync();
        english.DefaultRequestHeaders.AcceptLanguage.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("en"));
        var refusedInEnglish = await english.FetchAsync($"{Documents}/giao-uoc-thi-dua.docx");
        refusedInEnglish.Problem(HttpStatusCode.Conflict);
        Assert.Equal("The compact is not drawn up yet: it is drawn up once signing closes and the compact is sealed.", refusedInEnglish.Json.GetProperty("detail").GetString());

        // No such document, no such format, no such year.
        foreach (var path in new[] { $"{Documents}/bien-ban-lam-viec.pdf", $"{Documents}/giao-uoc-thi-dua.doc", $"{Documents}/giao-uoc-thi-dua", $"{Documents}/giao-uoc-thi-dua?format=odt" })
        {
            Assert.Equal(["file"], (await member.FetchAsync(path)).Problem(HttpStatusCode.NotFound));
        }

        Assert.Equal(["year"], (await member.FetchAsync("/api/blocs/docs-early/campaigns/2030/documents")).Problem(HttpStatusCode.NotFound));

        // Another bloc's unit may not read them, and nobody anonymous.
        var stranger = await fixture.UnitAsync("other-bloc", "so-tu-phap");
        (await stranger.FetchAsync(Documents)).Problem(HttpStatusCode.Forbidden);
        (await stranger.FetchAsync($"{Documents}/giao-uoc-thi-dua.pdf")).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().FetchAsync(Documents)).Problem(HttpStatusCode.Unauthorized);
        (await fixture.Anonymous().FetchAsync($"{Documents}/giao-uoc-thi-dua.pdf")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_conference_year_expects_its_minutes_after_the_conference_and_a_deadline_year_does_not()
    {
        await World.LaunchAsync(fixture, "docs-conf", 2027, ConferenceInputTests.ConferenceRules);
        var pending = (await (await fixture.AdminAsync()).FetchAsync("/api/blocs/docs-conf/campaigns/2027/documents")).Json.GetProperty("pending").EnumerateArray().ToList();
        var minutes = pending.Single(d => d.GetProperty("kind").GetString() == "conferenceMinutes");
        Assert.Equal(("bien-ban-hoi-nghi-tong-ket", "Biên bản hội nghị tổng kết khối", "sau khi bế mạc hội nghị tổng kết khối"), (minutes.GetProperty("name").GetString(), minutes.GetProperty("title").GetString(), minutes.GetProperty("awaits").GetString()));
        Assert.Equal(
            ["compact", "scoreSummary", "voteCount", "conferenceMinutes", "awardProposal"],
            pending.Select(d => d.GetProperty("kind").GetString()));

        await World.LaunchAsync(fixture, "docs-deadline", 2027);
        var deadline = await (await fixture.AdminAsync()).FetchAsync("/api/blocs/docs-deadline/campaigns/2027/documents");
        Assert.DoesNotContain(deadline.Json.GetProperty("pending").EnumerateArray(), d => d.GetProperty("kind").GetString() == "conferenceMinutes");
        Assert.Equal(["file"], (await (await fixture.AdminAsync()).FetchAsync("/api/blocs/docs-deadline/campaigns/2027/documents/bien-ban-hoi-nghi-tong-ket.pdf")).Problem(HttpStatusCode.NotFound));
    }
}

/// <summary>
/// A year run on the real workflows to its recorded results: every document is listed with both formats and
/// downloads as the attachment a person saves, whose text names the bloc and its units.
/// </summary>
[Collection(WholeCycleTests.Name)]
public sealed class YearDocumentDownloadTests(WholeCycleFixture fixture)
{
    private const string Bloc = "docs-year";
    private const string Campaign = "/api/blocs/docs-year/campaigns/2027";

    [Fact]
    [Trait("Speed", "Slow")] // waits out the real scoring deadline on the in-process host
    public async Task Once_the_results_are_recorded_every_document_downloads_as_docx_and_pdf_naming_the_bloc_and_its_units()
    {
        await RunYearAsync();
        var member = await fixture.UnitAsync(Bloc, "so-tu-phap");
        JsonElement list = default;
        await World.EventuallyAsync(
            async () => (list = (await member.FetchAsync($"{Campaign}/documents")).Json).GetProperty("pending").GetArrayLength() == 0,
            "every document of the year is drawn up");
        var documents = list.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(
            ["giao-uoc-thi-dua", "bang-tong-hop-ket-qua-cham-diem", "bien-ban-kiem-phieu-don-vi-dan-dau-vong-1", "to-trinh-de-nghi-khen-thuong"],
            documents.Select(d => d.GetProperty("name").GetString()));
        Assert.Equal("Bảng tổng hợp kết quả chấm điểm", documents[1].GetProperty("title").GetString());

        foreach (var document in documents)
        {
            var name = document.GetProperty("name").GetString();
            var files = document.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("format").GetString()!, f => f.GetProperty("url").GetString()!);
            Assert.Equal($"{Campaign}/documents/{name}.pdf", files["pdf"]);
            Assert.Equal($"{Campaign}/documents/{name}.docx", files["docx"]);

            using var pdf = await member.GetAsync(files["pdf"]);
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal($"{Bloc}-2027-{name}.pdf", pdf.Content.Headers.ContentDisposition?.FileName);
            var text = DocumentText.OfPdf(await pdf.Content.ReadAsByteArrayAsync());
            Assert.Contains("NỘI CHÍNH", text.ToUpperInvariant(), StringComparison.Ordinal);
            Assert.Contains("Đơn vị so-noi-vu", text, StringComparison.Ordinal);

            using var docx = await (await fixture.AdminAsync()).GetAsync($"{Campaign}/documents/{name}?format=docx");
            Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"{Bloc}-2027-{name}.docx", docx.Content.Headers.ContentDisposition?.FileName);
            Assert.Contains("Đơn vị so-noi-vu", DocumentText.OfDocx(await docx.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        }

        var summary = DocumentText.OfPdf(await member.GetByteArrayAsync($"{Campaign}/documents/bang-tong-hop-ket-qua-cham-diem.pdf"));
        Assert.All(World.Units, unit => Assert.Contains($"Đơn vị {unit}", summary, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await member.FetchAsync($"{Campaign}/documents")).Status);
        (await (await fixture.UnitAsync("other-bloc", "so-tu-phap")).FetchAsync($"{Campaign}/documents/giao-uoc-thi-dua.pdf")).Problem(HttpStatusCode.Forbidden);
    }

    /// <summary>Signing, scoring (so-noi-vu first), an early end of review and a leading-unit vote everyone casts; leaders by rotation.</summary>
    private async Task RunYearAsync()
    {
        await World.CreateBlocAsync(fixture, Bloc);
        var admin = await fixture.AdminAsync();
        // Scoring ends at its deadline whatever is submitted; the rest ends early once everyone acted.
        await World.LaunchInSecondsAsync(admin, Campaign, "00:00:08", "00:00:06");
        await World.EventuallyAsync(async () => await PhaseAsync(admin) == "signing", "the cycle collects signatures");
        await World.SignAllAsync(fixture, Bloc, 2027);

        await World.EventuallyAsync(async () => await PhaseAsync(admin) == "scoring", "scoring opens once everyone signed");
        await World.SubmitAllAsync(fixture, Bloc, 2027, "docs-1");

        await World.EventuallyAsync(async () => await PhaseAsync(admin) == "review", "review opens at the scoring deadline");
        Assert.Equal(HttpStatusCode.Accepted, (await (await fixture.UnitAsync(Bloc, "so-noi-vu")).PostJsonAsync($"{Campaign}/review/close", new { })).Status);
        await World.EventuallyAsync(
            async () => (await admin.FetchAsync($"{Campaign}/status")).Json.GetProperty("round").ValueKind == JsonValueKind.Number,
            "the first leading-unit round opens");
        foreach (var unit in World.Units)
        {
            var cast = await (await fixture.UnitAsync(Bloc, unit)).PostJsonAsync($"{Campaign}/votes/leading-unit/ballots", new { choice = "so-noi-vu" });
            Assert.Equal(HttpStatusCode.Created, cast.Status);
        }
    }

    private static async Task<string?> PhaseAsync(HttpClient client) =>
        (await client.FetchAsync($"{Campaign}/status")).Json.GetProperty("phase").GetString();
}
