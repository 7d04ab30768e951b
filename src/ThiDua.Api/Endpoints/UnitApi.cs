using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>A recorded signature of the compact.</summary>
public sealed record SignatureReceipt(string UnitId, string SignatureSha256, long Size, string CertificateThumbprint, DateTimeOffset SignedAt);

/// <summary>A unit's score sheet versions, the leader's adjustments of its points, and the evidence files it uploaded for the year.</summary>
public sealed record ScoreHistory(string UnitId, IReadOnlyList<ScoreSheet> Versions, IReadOnlyList<ScoreAdjustment> Adjustments, IReadOnlyList<EvidenceReference> Evidence);

/// <summary>A member unit's own acts: signing the compact and submitting its self-assessment.</summary>
public static class UnitApi
{
    /// <summary>Media type of the signature body: the raw DER bytes of the detached CMS signature (.p7s).</summary>
    public const string SignatureMediaType = "application/pkcs7-signature";

    /// <summary>Largest .p7s accepted (a signature with a certificate chain is a few KiB).</summary>
    public const int MaxSignatureBytes = 64 * 1024;

    public static async Task<IResult> SignAsync(string blocId, string year, string unitId, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var y = Admission.Of(request).Year;
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        if (campaign.FindMember(unitId) is null)
        {
            return ApiProblems.Forbidden(new($"Đơn vị '{unitId}' không phải là đơn vị thành viên của năm thi đua {y}.", $"Unit '{unitId}' is not a member of the {y} campaign."));
        }

        var state = await api.Campaigns.GetStateAsync(blocId, y, cancellationToken);
        if (state is { IsArchived: true })
        {
            return ApiProblems.Conflict("archived", new($"Năm thi đua {y} của khối '{blocId}' đã được lưu trữ.", $"Year {y} of bloc '{blocId}' is archived."));
        }

        if (state?.Phase >= CampaignPhase.Sealed || api.Clock.GetUtcNow() > campaign.Schedule.SigningDeadline)
        {
            return ApiProblems.Conflict("signing-closed", new(
                $"Giao ước thi đua đã khóa; chữ ký số chỉ được nhận đến {VietnamTime.Format(campaign.Schedule.SigningDeadline)}.",
                $"The compact is sealed; signatures were accepted until {VietnamTime.Format(campaign.Schedule.SigningDeadline, Localizer.English)}."));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.MediaType.Equals(SignatureMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.UnsupportedMediaType(SignatureMediaType);
        }

        var (signature, tooLarge) = await ApiJson.ReadBodyAsync(request, MaxSignatureBytes, cancellationToken);
        if (tooLarge)
        {
            return ApiProblems.TooLarge(MaxSignatureBytes);
        }

        if (signature.Length == 0)
        {
            return ApiProblems.BadRequest("signature", ErrorCodes.Required, new("Nội dung gửi lên phải là chữ ký số tách rời (.p7s) của giao ước thi đua.", "The body must be the detached signature (.p7s) of the compact."));
        }

        var unit = await api.Blocs.GetUnitAsync(blocId, unitId, cancellationToken);
        if (unit?.Value.CertificatePem is not { } certificate)
        {
            return ApiProblems.Conflict("no-certificate", new(
                $"Đơn vị '{unitId}' chưa đăng ký chứng thư số; hãy đề nghị Hội đồng Thi đua – Khen thưởng tỉnh đăng ký.",
                $"Unit '{unitId}' has no registered signing certificate; ask the council to register it."));
        }

        var check = api.Verifier.Verify(CompactDocument.CanonicalBytes(campaign), signature, certificate);
        if (!check.IsValid || check.CertificateThumbprint is null)
        {
            return ApiProblems.Validation(
                [new ValidationError("signature", ErrorCodes.InvalidFormat, CompactSignatureVerifier.Describe(check.Problem))],
                StatusCodes.Status422UnprocessableEntity);
        }

        var result = await api.Signatures.RecordAsync(
            blocId, y, unitId, new BinaryData(signature), check.CertificateThumbprint, check.SignedAt ?? api.Clock.GetUtcNow(), cancellationToken);
        if (result.Outcome == SignOutcome.AlreadySigned)
        {
            return ApiProblems.Conflict("already-signed", new(
                $"Đơn vị '{unitId}' đã ký giao ước thi đua (chữ ký số {result.Signature.SignatureSha256}); chữ ký số đã ghi nhận không được thay thế.",
                $"Unit '{unitId}' signed the compact already (signature {result.Signature.SignatureSha256}); a signature is never replaced."));
        }

        // The workflow is woken only by the signature that completes the compact (to seal it early); the
        // status reads who is pending from storage. Of two last signers at once, at least one sees both.
        var signed = (await api.Signatures.ListAsync(blocId, y, cancellationToken)).Select(x => x.UnitId).ToHashSet(StringComparer.Ordinal);
        if (campaign.Members.All(m => signed.Contains(m.UnitId)))
        {
            await Cycles.RaiseAsync(client, CycleIds.Signing(new CampaignKey(blocId, y)), CycleEvents.CompactSigned, unitId, api.Logger, cancellationToken);
        }

        var s = result.Signature;
        return ApiJson.Json(
            new SignatureReceipt(s.UnitId, s.SignatureSha256, s.Size, s.CertificateThumbprint, s.SignedAt),
            result.Outcome == SignOutcome.Recorded ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>
    /// A self-assessment: straight to storage in one transaction (the workflow is not woken), with
    /// the campaign read from the cache. Versions 1, 2, 3...; the same clientRequestId again returns
    /// the version it created (200 instead of 201). After the deadline, or once the workflow closed
    /// collection, it is refused (409) and recorded as late.
    /// </summary>
    public static async Task<IResult> SubmitScoresAsync(string blocId, string year, string unitId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        var (submission, problem) = await ApiJson.ReadAsync<ScoreSubmission>(request, cancellationToken);
        if (submission is null)
        {
            return problem!;
        }

        var mismatch = !string.Equals(submission.BlocId, blocId, StringComparison.Ordinal) ? ("blocId", blocId)
            : submission.Year != y ? ("year", year)
            : !string.Equals(submission.UnitId, unitId, StringComparison.Ordinal) ? ("unitId", unitId)
            : default;
        if (mismatch.Item1 is { } field)
        {
            return ApiProblems.BadRequest(field, ErrorCodes.Mismatch, new($"Phải trùng với {field} '{mismatch.Item2}' trong đường dẫn.", $"Must equal the route's {field} '{mismatch.Item2}'."));
        }

        if (Guard.Ids(("clientRequestId", submission.ClientRequestId)) is { } badId)
        {
            return badId;
        }

        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        var now = api.Clock.GetUtcNow();
        if (campaign.Schedule.IsScoringClosed(now))
        {
            return await LateAsync(api, campaign, submission, now, cancellationToken);
        }

        if (ScoreRules.Validate(submission, campaign) is { Count: > 0 } errors)
        {
            return ApiProblems.Validation(errors);
        }

        if (submission.Evidence.Count > 0)
        {
            var (evidence, evidenceErrors) = await EvidenceApi.ResolveAsync(api, submission, cancellationToken);
            if (evidenceErrors.Count > 0)
            {
                return ApiProblems.Validation(evidenceErrors);
            }

            submission = submission with { Evidence = evidence };
        }

        var result = await api.ScoreSheets.SubmitAsync(ScoreRules.CreateSheet(submission, campaign, 1, now), cancellationToken);
        if (result.Outcome == SubmissionOutcome.Closed || result.Sheet is not { } sheet)
        {
            return await LateAsync(api, campaign, submission, now, cancellationToken);
        }

        if (result.Outcome == SubmissionOutcome.Created)
        {
            await RequestConfirmationAsync(api, sheet);
        }

        request.HttpContext.Response.Headers.Location = $"/api/blocs/{blocId}/campaigns/{y}/scores/{unitId}";
        return ApiJson.Json(sheet, result.Outcome == SubmissionOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>A unit's versions: for the unit itself, its reviewer (<see cref="ScoreRules.ReviewerOf"/>) and council staff.</summary>
    public static async Task<IResult> ListScoresAsync(string blocId, string year, string unitId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (caller, y) = Admission.Of(request);
        var campaign = await api.GetCampaignAsync(blocId, y, cancellationToken);
        if (!caller.IsAdmin && !caller.Is(blocId, unitId) && (campaign is null || !CampaignApi.Reviews(caller, campaign, unitId)))
        {
            return ApiProblems.Forbidden(new(
                $"Chỉ đơn vị '{unitId}', người thẩm định điểm của đơn vị (trưởng khối năm nay; phó trưởng khối đối với chính đơn vị trưởng khối) và cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được xem điểm của đơn vị.",
                $"Only unit '{unitId}', its reviewer (the year's leader; the deputy for the leader's own unit) and council staff may read its scores."));
        }

        var versions = await api.ScoreSheets.ListVersionsAsync(blocId, y, unitId, cancellationToken);
        var adjustments = (await api.Adjustments.ListAdjustmentsAsync(blocId, y, cancellationToken))
            .Where(a => string.Equals(a.UnitId, unitId, StringComparison.Ordinal))
            .ToList();
        var evidence = await api.Evidence.ListAsync(blocId, y, unitId, cancellationToken);
        return ApiJson.Json(new ScoreHistory(unitId, versions, adjustments, evidence));
    }

    /// <summary>
    /// Makes sure the campaign's pending confirmations are sent: the version's confirmation was stored in
    /// its own transaction, this only wakes the sender (one message per burst). A queue failure is logged
    /// rather than failing the submission, and the sender's sweep finds the confirmation later; the
    /// request's cancellation does not stop it (a client that hung up still gets its confirmation).
    /// </summary>
    private static async Task RequestConfirmationAsync(ApiServices api, ScoreSheet sheet)
    {
        try
        {
            await api.MailQueue.ScheduleAsync(new ConfirmationRequest(sheet.BlocId, sheet.Year), api.Options.ConfirmationSpacing, CancellationToken.None);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException)
        {
            api.Logger.LogWarning(e, "The confirmation of {UnitId} v{Version} in {BlocId}/{Year} was not queued; the mail sweep will send it", sheet.UnitId, sheet.Version, sheet.BlocId, sheet.Year);
        }
    }

    private static async Task<IResult> LateAsync(ApiServices api, Campaign campaign, ScoreSubmission submission, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await api.Adjustments.RecordLateAsync(campaign.BlocId, campaign.Year, new LateSubmission(submission.UnitId, submission.ClientRequestId, now), cancellationToken);
        return ApiProblems.Conflict(
            "scoring-closed",
            new(
                $"Hạn nộp bảng tự chấm điểm đã qua lúc {VietnamTime.Format(campaign.Schedule.ScoringDeadline)}; bản nộp muộn được ghi nhận nhưng không được tính.",
                $"Submissions closed at {VietnamTime.Format(campaign.Schedule.ScoringDeadline, Localizer.English)}; this late submission is recorded and not counted."));
    }
}
