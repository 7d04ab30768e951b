using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Http;
using ThiDua.Archive;
using ThiDua.Storage;

namespace ThiDua.Api.Endpoints;

/// <summary>Verification of an archived year, kept with its time (<see cref="KeptVerifications"/>), and run again on request.</summary>
public static class VerificationApi
{
    /// <summary>
    /// GET <see cref="ApiRoutes.Verification"/>: the kept result of the archive's checks (<see cref="ArchiveVerifier"/>) with
    /// <c>checkedAt</c>; the first read verifies once and keeps it. Tampering is a finding, not an error: 200 with
    /// <c>holds: false</c>. Texts in Vietnamese, or English with <c>?lang=en</c> or an English Accept-Language.
    /// 404 without a campaign, 409 while the year is not archived.
    /// </summary>
    public static Task<IResult> GetVerificationAsync(
        string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] KeptVerifications kept, CancellationToken cancellationToken) =>
        VerifiedAsync(blocId, request, api, kept, (y, language) => kept.GetOrVerifyAsync(blocId, y, language, cancellationToken), cancellationToken);

    /// <summary>POST <see cref="ApiRoutes.Verification"/>: runs every check again and keeps the new result (council staff).</summary>
    public static Task<IResult> VerifyAgainAsync(
        string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] KeptVerifications kept, CancellationToken cancellationToken) =>
        VerifiedAsync(blocId, request, api, kept, (y, language) => kept.VerifyAndKeepAsync(blocId, y, language, cancellationToken), cancellationToken);

    private static async Task<IResult> VerifiedAsync(
        string blocId,
        HttpRequest request,
        ApiServices api,
        KeptVerifications kept,
        Func<int, Domain.Localizer, Task<ArchiveVerification>> verify,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(kept);
        var y = Admission.Of(request).Year;
        var state = await api.Campaigns.GetStateAsync(blocId, y, cancellationToken);
        if (state is null)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        var manifest = CycleDocuments.Manifest(blocId, y);
        if (!state.IsArchived && await api.Documents.GetRecordAsync(manifest.Container, manifest.Name, cancellationToken) is null)
        {
            return ApiProblems.Conflict("not-archived", new($"Năm thi đua {y} của khối '{blocId}' chưa được lưu trữ.", $"The {y} year of bloc '{blocId}' is not archived yet."), "year");
        }

        return ApiJson.Json(await verify(y, ApiLanguage.Of(request)));
    }
}
