using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Spreadsheets;
using ThiDua.Storage;

namespace ThiDua.Api.Endpoints;

/// <summary>
/// A year's scoring criteria as the API shows them: the draft being prepared (with <see cref="SavedAt"/>), the table
/// a dry run would save (<see cref="DryRun"/>, nothing saved), or the launched campaign's table (<see cref="Launched"/>).
/// </summary>
public sealed record CriteriaDraft(CriteriaTable Criteria, DateTimeOffset? SavedAt, bool DryRun, bool Launched = false);

/// <summary>Body of <c>POST .../criteria/copy</c>: the year whose criteria start this year's draft.</summary>
public sealed record CriteriaCopyRequest
{
    public required int FromYear { get; init; }
}

/// <summary>
/// The criteria before the launch: imported from .xlsx (or sent as JSON), kept as the year's draft with an ETag, exported
/// in the same layout, copied from another year; and the two templates. Every refusal happens before anything is stored.
/// </summary>
public static class CriteriaApi
{
    /// <summary>Who may prepare a year's criteria, for the admission's refusal.</summary>
    public static Phrase EditorOnly(string blocId, int? year) => new(
        $"Chỉ trưởng khối '{blocId}' năm {year} hoặc cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được soạn bảng tiêu chí chấm điểm.",
        $"Only the leader of bloc '{blocId}' for {year} or council staff may prepare its scoring criteria.");

    public static IResult GetCriteriaTemplate() =>
        Results.File(CriteriaSheet.Template(), XlsxFile.MediaType, "tieu-chi-cham-diem.xlsx");

    public static IResult GetUnitsTemplate() =>
        Results.File(UnitsSheet.Template(), XlsxFile.MediaType, "danh-sach-don-vi.xlsx");

    /// <summary>Saves the year's draft from an .xlsx or a JSON table (<c>?dryRun=true</c>: only checks it).</summary>
    public static async Task<IResult> PutAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (await EditableAsync(blocId, y, request, api, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (DryRun(request) is not { } dryRun)
        {
            return DryRunProblem;
        }

        var (criteria, problem) = await ReadAsync(request, cancellationToken);
        if (criteria is null)
        {
            return problem!;
        }

        return dryRun
            ? ApiJson.Json(new CriteriaDraft(criteria, null, DryRun: true))
            : await SaveAsync(blocId, y, criteria, request, api, cancellationToken);
    }

    /// <summary>The year's draft with its ETag, or the launched campaign's table; 404 when neither exists.</summary>
    public static async Task<IResult> GetAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is { } campaign)
        {
            return ApiJson.Json(new CriteriaDraft(campaign.Criteria, null, DryRun: false, Launched: true));
        }

        if (await api.CriteriaDrafts.GetAsync(blocId, y, cancellationToken) is not { } draft)
        {
            return NoCriteria(blocId, y);
        }

        request.HttpContext.Response.Headers.ETag = draft.ETag.ToString();
        return ApiJson.Json(new CriteriaDraft(draft.Value.Criteria, draft.Value.SavedAt, DryRun: false));
    }

    /// <summary>The same table as <see cref="GetAsync"/>, as .xlsx in the import layout.</summary>
    public static async Task<IResult> GetXlsxAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        var criteria = (await api.GetCampaignAsync(blocId, y, cancellationToken))?.Criteria
            ?? (await api.CriteriaDrafts.GetAsync(blocId, y, cancellationToken))?.Value.Criteria;
        if (criteria is null)
        {
            return NoCriteria(blocId, y);
        }

        var name = (await api.Blocs.GetBlocAsync(blocId, cancellationToken))?.Value.Name ?? blocId;
        return Results.File(CriteriaSheet.Write(criteria, $"Bảng tiêu chí chấm điểm năm {y} – {name}"), XlsxFile.MediaType, $"tieu-chi-{blocId}-{y}.xlsx");
    }

    /// <summary>Starts the year's draft from another year's criteria: its launched campaign's, else its draft.</summary>
    public static async Task<IResult> CopyAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (await EditableAsync(blocId, y, request, api, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await ApiJson.ReadAsync<CriteriaCopyRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (body.FromYear is < Campaign.MinYear or > Campaign.MaxYear || body.FromYear == y)
        {
            return ApiProblems.BadRequest("fromYear", ErrorCodes.OutOfRange, new(
                $"Hãy chọn một năm khác năm {y}, từ {Campaign.MinYear} đến {Campaign.MaxYear}.", $"Choose a year other than {y}, from {Campaign.MinYear} to {Campaign.MaxYear}."));
        }

        var criteria = (await api.GetCampaignAsync(blocId, body.FromYear, cancellationToken))?.Criteria
            ?? (await api.CriteriaDrafts.GetAsync(blocId, body.FromYear, cancellationToken))?.Value.Criteria;
        return criteria is null
            ? ApiProblems.NotFound("fromYear", new($"Khối '{blocId}' chưa có bảng tiêu chí chấm điểm năm {body.FromYear}.", $"Bloc '{blocId}' has no scoring criteria for {body.FromYear}."))
            : await SaveAsync(blocId, y, criteria, request, api, cancellationToken);
    }

    /// <summary>The criteria a launch without inline criteria uses: the year's draft, or null.</summary>
    public static async Task<CriteriaTable?> DraftOfAsync(ApiServices api, string blocId, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        return (await api.CriteriaDrafts.GetAsync(blocId, year, cancellationToken))?.Value.Criteria;
    }

    /// <summary>The problem of a launch with neither inline criteria nor a draft.</summary>
    public static IResult NoCriteriaToLaunch(string blocId, int year) => ApiProblems.BadRequest("criteria", ErrorCodes.Required, new(
        $"Chưa có bảng tiêu chí chấm điểm cho năm {year} của khối '{blocId}': hãy nhập bảng tiêu chí (tệp .xlsx) trước, hoặc gửi kèm khi phát động.",
        $"Bloc '{blocId}' has no scoring criteria for {year}: import them (an .xlsx file) first, or send them with the launch."));

    private static IResult NoCriteria(string blocId, int year) => ApiProblems.NotFound("year", new(
        $"Khối '{blocId}' chưa có bảng tiêu chí chấm điểm năm {year}.", $"Bloc '{blocId}' has no scoring criteria for {year}."));

    private static readonly IResult DryRunProblem = ApiProblems.BadRequest("dryRun", ErrorCodes.InvalidFormat, new("Phải là true hoặc false.", "Must be true or false."));

    /// <summary><c>?dryRun=</c>: false when absent, null when it is neither true nor false.</summary>
    internal static bool? DryRun(HttpRequest request) => request.Query["dryRun"] switch
    {
        { Count: 0 } => false,
        { Count: 1 } v when bool.TryParse(v[0], out var b) => b,
        _ => null,
    };

    /// <summary>The refusal when the caller may not change the year's criteria now, or null.</summary>
    private static async Task<IResult?> EditableAsync(string blocId, int year, HttpRequest request, ApiServices api, CancellationToken cancellationToken)
    {
        var caller = Admission.Of(request).Caller;
        if (await api.Blocs.GetBlocAsync(blocId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("blocId", new($"Không có khối '{blocId}'.", $"No bloc '{blocId}'."));
        }

        if (!caller.IsAdmin && (await api.Launcher.PlannedLeadershipAsync(blocId, year, cancellationToken) is not { } planned || !caller.Is(blocId, planned.LeaderUnitId)))
        {
            return ApiProblems.Forbidden(EditorOnly(blocId, year));
        }

        return await api.GetCampaignAsync(blocId, year, cancellationToken) is null
            ? null
            : ApiProblems.Conflict("launched", new(
                $"Năm thi đua {year} của khối '{blocId}' đã được phát động; bảng tiêu chí chấm điểm của năm không còn thay đổi được.",
                $"Year {year} of bloc '{blocId}' is launched; its scoring criteria can no longer change."));
    }

    /// <summary>The criteria of the body: an .xlsx read by the layout, or a JSON table; otherwise the problem.</summary>
    private static async Task<(CriteriaTable? Criteria, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(media, XlsxFile.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            var (bytes, tooLarge) = await ApiJson.ReadBodyAsync(request, XlsxFile.MaxFileBytes, cancellationToken);
            if (tooLarge)
            {
                return (null, ApiProblems.TooLarge(XlsxFile.MaxFileBytes));
            }

            var read = CriteriaSheet.Read(bytes);
            return read.Value is null ? (null, ApiProblems.Sheet(read.Problems)) : (read.Value, null);
        }

        if (media is null || !media.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.UnsupportedMediaType($"{XlsxFile.MediaType}, application/json"));
        }

        var (table, problem) = await ApiJson.ReadAsync<CriteriaTable>(request, cancellationToken);
        if (table is null)
        {
            return (null, problem);
        }

        return table.Validate() is { Count: > 0 } errors ? (null, ApiProblems.Validation(errors)) : (table, null);
    }

    /// <summary>Creates the draft (no If-Match) or replaces the one the If-Match names; the ETag rules of blocs.</summary>
    private static async Task<IResult> SaveAsync(string blocId, int year, CriteriaTable criteria, HttpRequest request, ApiServices api, CancellationToken cancellationToken)
    {
        var saved = new SavedCriteria(criteria, api.Clock.GetUtcNow());
        var write = AdminApi.IfMatch(request) switch
        {
            null => await api.CriteriaDrafts.CreateAsync(blocId, year, saved, cancellationToken),
            { } etag when AdminApi.IsEntityTag(etag) => await api.CriteriaDrafts.ReplaceAsync(blocId, year, saved, etag, cancellationToken),
            _ => AdminApi.NeverMatches,
        };
        return AdminApi.Written(request, write, new CriteriaDraft(criteria, saved.SavedAt, DryRun: false), new($"Bản nháp bảng tiêu chí chấm điểm năm {year} của khối '{blocId}'", $"The draft of the {year} scoring criteria of bloc '{blocId}'"));
    }
}
