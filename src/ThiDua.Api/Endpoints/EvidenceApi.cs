using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Api.Endpoints;

/// <summary>
/// Evidence files of a unit's self-assessment: uploaded raw by the unit itself before the scoring
/// deadline, stored write-once under their SHA-256 (the evidence id), then listed by reference in a
/// <see cref="ScoreSubmission"/>. Every refusal happens before anything is written.
/// </summary>
public static class EvidenceApi
{
    /// <summary>Header carrying the file name (percent-encoded UTF-8) when the <c>fileName</c> query parameter is absent.</summary>
    public const string FileNameHeader = "X-File-Name";

    private const int MaxFileNameLength = 255;

    /// <summary>Accepted media types, with the file name extensions and leading bytes each must have.</summary>
    private static readonly Dictionary<string, (string[] Extensions, byte[] Magic, string Kind)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = ([".pdf"], "%PDF-"u8.ToArray(), "PDF"),
        ["image/jpeg"] = ([".jpg", ".jpeg"], [0xFF, 0xD8, 0xFF], "JPEG"),
        ["image/png"] = ([".png"], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG"),
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = ([".docx"], "PK\u0003\u0004"u8.ToArray(), "DOCX (Office Open XML)"),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = ([".xlsx"], "PK\u0003\u0004"u8.ToArray(), "XLSX (Office Open XML)"),
    };

    /// <summary>The accepted media types, for the OpenAPI document and messages.</summary>
    public static IReadOnlyCollection<string> MediaTypes => Types.Keys;

    /// <summary>
    /// Stores the body as one evidence file of the unit for the campaign: 201 with its reference, 200 with the
    /// first reference when the unit uploaded the same bytes before.
    /// </summary>
    public static async Task<IResult> UploadAsync(string blocId, string year, string unitId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        if (campaign.FindMember(unitId) is null)
        {
            return ApiProblems.Forbidden(new($"Đơn vị '{unitId}' không phải là đơn vị thành viên của năm thi đua {y}.", $"Unit '{unitId}' is not a member of the {y} campaign."));
        }

        if (campaign.Schedule.IsScoringClosed(api.Clock.GetUtcNow()) || !await api.SubmissionWindow.IsOpenAsync(blocId, y, cancellationToken))
        {
            return ApiProblems.Conflict(
                "scoring-closed",
                new(
                    $"Tài liệu minh chứng chỉ được nhận trong thời hạn nộp bảng tự chấm điểm, đến {VietnamTime.Format(campaign.Schedule.ScoringDeadline)}.",
                    $"Evidence is accepted while submissions are open, until {VietnamTime.Format(campaign.Schedule.ScoringDeadline, Localizer.English)}."),
                "scoringDeadline");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !Types.TryGetValue(media.MediaType.Value ?? "", out var type))
        {
            return ApiProblems.UnsupportedMediaType(string.Join(", ", MediaTypes));
        }

        var contentType = media.MediaType.Value!.ToLowerInvariant();
        var (fileName, fileNameError) = FileName(request);
        if (fileNameError is not null)
        {
            return ApiProblems.BadRequest("fileName", ErrorCodes.InvalidFormat, fileNameError);
        }

        if (!type.Extensions.Any(e => fileName!.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiProblems.BadRequest("fileName", ErrorCodes.Mismatch, new(
                $"Tên tệp {type.Kind} phải có đuôi {string.Join(" hoặc ", type.Extensions)}.",
                $"A {type.Kind} file's name ends with {string.Join(" or ", type.Extensions)}."));
        }

        var limit = api.Options.MaxEvidenceBytes;
        var (content, tooLarge) = await ApiJson.ReadBodyAsync(request, limit, cancellationToken);
        if (tooLarge)
        {
            return ApiProblems.Validation(
                [new ValidationError("body", ErrorCodes.OutOfRange, new(
                    string.Create(CultureInfo.InvariantCulture, $"Mỗi tệp minh chứng tối đa {limit} byte."),
                    string.Create(CultureInfo.InvariantCulture, $"An evidence file has at most {limit} bytes.")))],
                StatusCodes.Status413PayloadTooLarge);
        }

        if (content.Length == 0)
        {
            return ApiProblems.BadRequest("body", ErrorCodes.Required, new("Nội dung gửi lên phải là dữ liệu của tệp.", "The body must be the file's bytes."));
        }

        if (!content.AsSpan().StartsWith(type.Magic))
        {
            return ApiProblems.BadRequest("body", ErrorCodes.Mismatch, new(
                $"Nội dung không phải là tệp {type.Kind} như Content-Type {contentType} khai báo.",
                $"The content is not a {type.Kind} file, as Content-Type {contentType} says."));
        }

        var result = await api.Evidence.PutAsync(blocId, y, unitId, fileName!, contentType, new BinaryData(content), api.Options.MaxEvidencePerUnit, cancellationToken);
        if (result.Reference is not { } reference)
        {
            return ApiProblems.Conflict(
                "evidence-limit",
                new(
                    string.Create(CultureInfo.InvariantCulture, $"Đơn vị '{unitId}' đã tải lên {api.Options.MaxEvidencePerUnit} tệp minh chứng cho năm {y}, là số tối đa cho phép."),
                    string.Create(CultureInfo.InvariantCulture, $"Unit '{unitId}' has uploaded {api.Options.MaxEvidencePerUnit} evidence files for {y}, the most allowed.")),
                "evidence");
        }

        request.HttpContext.Response.Headers.Location = $"/api/blocs/{blocId}/campaigns/{y}/evidence/{unitId}/{reference.EvidenceId}";
        return ApiJson.Json(reference, result.Outcome == EvidenceOutcome.Stored ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>An evidence file's bytes, checked against the hash recorded at upload: for the unit, its reviewer (<see cref="ScoreRules.ReviewerOf"/>) and council staff.</summary>
    public static async Task<IResult> GetAsync(string blocId, string year, string unitId, string evidenceId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (caller, y) = Admission.Of(request);
        var campaign = await api.GetCampaignAsync(blocId, y, cancellationToken);
        if (!caller.IsAdmin && !caller.Is(blocId, unitId) && (campaign is null || !CampaignApi.Reviews(caller, campaign, unitId)))
        {
            return ApiProblems.Forbidden(new(
                $"Chỉ đơn vị '{unitId}', người thẩm định điểm của đơn vị (trưởng khối năm nay; phó trưởng khối đối với chính đơn vị trưởng khối) và cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được xem tài liệu minh chứng của đơn vị.",
                $"Only unit '{unitId}', its reviewer (the year's leader; the deputy for the leader's own unit) and council staff may read its evidence."));
        }

        if (await api.Evidence.ReadAsync(blocId, y, unitId, evidenceId, cancellationToken) is not { } found)
        {
            return ApiProblems.NotFound("evidenceId", new($"Đơn vị '{unitId}' không có tài liệu minh chứng '{evidenceId}' năm {y}.", $"Unit '{unitId}' has no evidence '{evidenceId}' for {y}."));
        }

        if (!found.Content.Verified)
        {
            throw new InvalidOperationException($"Evidence {evidenceId} of {blocId}/{y}/{unitId} does not match the hash recorded at upload.");
        }

        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(found.Content.Content.ToArray(), found.Reference.ContentType, found.Reference.FileName);
    }

    /// <summary>
    /// The stored references of the evidence a submission lists, in its order, or the validation errors:
    /// each must have been uploaded by that unit for that campaign, with the hash it names.
    /// </summary>
    internal static async Task<(IReadOnlyList<EvidenceReference> References, IReadOnlyList<ValidationError> Errors)> ResolveAsync(ApiServices api, ScoreSubmission submission, CancellationToken cancellationToken)
    {
        var stored = (await api.Evidence.ListAsync(submission.BlocId, submission.Year, submission.UnitId, cancellationToken))
            .ToDictionary(r => r.EvidenceId, StringComparer.Ordinal);
        var references = new List<EvidenceReference>();
        var errors = new List<ValidationError>();
        for (var i = 0; i < submission.Evidence.Count; i++)
        {
            var listed = submission.Evidence[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"evidence[{i}]");
            if (!stored.TryGetValue(listed.EvidenceId, out var reference))
            {
                errors.Add(new ValidationError($"{field}.evidenceId", ErrorCodes.Unknown, new(
                    $"Đơn vị '{submission.UnitId}' chưa tải lên tài liệu minh chứng '{listed.EvidenceId}' cho năm {submission.Year}.",
                    $"Unit '{submission.UnitId}' uploaded no evidence '{listed.EvidenceId}' for {submission.Year}.")));
            }
            else if (!string.Equals(listed.Sha256, reference.Sha256, StringComparison.Ordinal))
            {
                errors.Add(new ValidationError($"{field}.sha256", ErrorCodes.Mismatch, new($"Tài liệu minh chứng '{listed.EvidenceId}' có mã băm SHA-256 là {reference.Sha256}.", $"Evidence '{listed.EvidenceId}' has SHA-256 {reference.Sha256}.")));
            }
            else
            {
                references.Add(reference);
            }
        }

        return (references, errors);
    }

    private static (string? FileName, Phrase? Error) FileName(HttpRequest request)
    {
        var raw = request.Query["fileName"] is { Count: 1 } query ? query[0]
            : request.Headers[FileNameHeader] is { Count: 1 } header ? Uri.UnescapeDataString(header[0] ?? "")
            : null;
        var name = raw is null ? null : TextRule.Normalize(raw.Trim());
        return string.IsNullOrEmpty(name) ? (null, new($"Hãy ghi tên tệp trong tham số fileName hoặc tiêu đề {FileNameHeader}.", $"Give the file name in the fileName query parameter or the {FileNameHeader} header."))
            : name.Length > MaxFileNameLength ? (null, new(string.Create(CultureInfo.InvariantCulture, $"Tối đa {MaxFileNameLength} ký tự."), string.Create(CultureInfo.InvariantCulture, $"At most {MaxFileNameLength} characters.")))
            : TextRule.Problem(name, multiline: false) is { } problem ? (null, problem)
            : name.Any(c => c is '/' or '\\' or '"') ? (null, new("Tên tệp không được chứa dấu phân cách thư mục hoặc dấu ngoặc kép.", "A file name has no path separators or quotes."))
            : (name, null);
    }
}
