using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>
/// Body of the launch. Give <see cref="Schedule"/> (absolute deadlines), or <see cref="Durations"/>
/// (a compressed schedule from now), or neither (the bloc's yearly schedule).
/// Without <see cref="Criteria"/> the year's criteria draft is used (<see cref="CriteriaApi"/>).
/// <see cref="LeaderUnitId"/> and <see cref="DeputyUnitId"/> are only for the bloc's first year,
/// when no previous year elected them, and only council staff may set them.
/// </summary>
public sealed record LaunchRequest
{
    public IReadOnlyList<string> Commitments { get; init; } = [];

    public CriteriaTable? Criteria { get; init; }

    public CampaignSchedule? Schedule { get; init; }

    public PhaseDurations? Durations { get; init; }

    public string? LeaderUnitId { get; init; }

    public string? DeputyUnitId { get; init; }

    /// <summary>How this year's votes are held (deadline or conference), when it differs from the bloc's rule.</summary>
    public YearEndMode? YearEnd { get; init; }
}

/// <summary>A launched campaign: where its compact is and what it hashes to.</summary>
public sealed record LaunchResponse(
    string BlocId,
    int Year,
    string LeaderUnitId,
    string? DeputyUnitId,
    IReadOnlyList<CampaignMember> Members,
    CampaignSchedule Schedule,
    string CompactSha256,
    string CompactHtmlSha256,
    string InstanceId);

/// <summary>
/// What a launch would do, before it is done: leadership, members, every deadline, every reminder instant, each
/// dated step named in the request's language with its Vietnam time, and the compact (rendering and hash of the
/// canonical bytes) the units will sign.
/// </summary>
public sealed record LaunchPreview(
    string LeaderUnitId,
    string? DeputyUnitId,
    IReadOnlyList<CampaignMember> Members,
    CampaignSchedule Schedule,
    IReadOnlyList<DateTimeOffset> Reminders,
    IReadOnlyList<LaunchStep> Steps,
    string CompactHtml,
    string CompactSha256);

/// <summary>A dated step of the year: what it is (in the request's language), when, and that instant in Vietnam time.</summary>
public sealed record LaunchStep(string What, DateTimeOffset At, string VietnamTime);

/// <summary>Body of a leader's adjustment; <see cref="ClientRequestId"/> makes a retry idempotent.</summary>
public sealed record AdjustmentRequest
{
    public required string ClientRequestId { get; init; }

    public required string UnitId { get; init; }

    public required string CriterionId { get; init; }

    public required decimal NewPoints { get; init; }

    public required string Reason { get; init; }
}

/// <summary>Answer of closing the review early: the event sent to the scoring workflow, which ends the window.</summary>
public sealed record ReviewClosing(string InstanceId, string Event);

/// <summary>The leader's endpoints (launch, review) and everyone's reads of a campaign (compact, status, results).</summary>
public static class CampaignApi
{
    public static async Task<IResult> LaunchAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var (order, problem) = await ReadLaunchOrderAsync(blocId, request, api, cancellationToken);
        if (order is null)
        {
            return problem!;
        }

        var y = order.Year;
        var launched = await api.Launcher.LaunchAsync(order, cancellationToken);
        if (launched.Launched is not { } done)
        {
            return LaunchRefused(launched, blocId, y, order.FixedLeadership);
        }

        // The cycle is ensured on every accepted attempt, as the launcher ensures the documents, so a launch
        // that crashed after storing the campaign is completed by its retry (same content).
        var (campaign, key) = (done.Campaign, new CampaignKey(blocId, y));
        var (instanceId, _) = await Cycles.EnsureRunningAsync(client, new CycleInput(blocId, y, campaign.Schedule.SigningDeadline), cancellationToken);
        await Cycles.RaiseAsync(client, CycleIds.Signing(key), CycleEvents.CampaignLaunched, done.CompactSha256, api.Logger, cancellationToken);
        var response = new LaunchResponse(blocId, y, campaign.LeaderUnitId, campaign.DeputyUnitId, campaign.Members, campaign.Schedule, done.CompactSha256, done.CompactHtmlSha256, instanceId);
        request.HttpContext.Response.Headers.Location = $"/api/blocs/{blocId}/campaigns/{y}/compact";
        return ApiJson.Json(response, done.Inserted ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>
    /// POST <see cref="ApiRoutes.LaunchPreview"/>: what the same body would launch, with nothing stored: the leadership,
    /// members, every deadline and reminder (with Vietnam time), and the compact with its hash. Launching with the
    /// preview's <c>schedule</c> gives the same compact. Refused as the launch would be; 409 once launched.
    /// </summary>
    public static async Task<IResult> PreviewLaunchAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (order, problem) = await ReadLaunchOrderAsync(blocId, request, api, cancellationToken);
        if (order is null)
        {
            return problem!;
        }

        if (order.Stored)
        {
            return ApiProblems.Conflict("already-launched", new(
                $"Năm thi đua {order.Year} của khối '{blocId}' đã được phát động; giao ước thi đua đã phát động là bản các đơn vị ký.",
                $"The campaign of bloc '{blocId}' for {order.Year} is launched already; its compact is the one the units sign."));
        }

        var preview = await api.Launcher.PreviewAsync(order, cancellationToken);
        if (preview.Campaign is not { } campaign)
        {
            return LaunchRefused(new LaunchOutcome { Refused = preview.Refused, Errors = preview.Errors }, blocId, order.Year, order.FixedLeadership);
        }

        var language = ApiLanguage.Of(request);
        return ApiJson.Json(new LaunchPreview(
            campaign.LeaderUnitId,
            campaign.DeputyUnitId,
            campaign.Members,
            campaign.Schedule,
            ScheduleSteps.Reminders(campaign.Schedule, campaign.Rules.ReminderOffsets),
            ScheduleSteps.Of(campaign).Select(s => new LaunchStep(s.What.In(language), s.At, VietnamTime.Format(s.At, language))).ToList(),
            preview.CompactHtml!,
            preview.CompactSha256!));
    }

    /// <summary>
    /// The launch order of a request, for the launch and its preview alike: the caller must be the year's leader
    /// (planned by the previous year or appointed by the council at the year's start, or the stored campaign's) or council
    /// staff; the body is read and checked.
    /// </summary>
    private static async Task<(LaunchOrder? Order, IResult? Problem)> ReadLaunchOrderAsync(string blocId, HttpRequest request, ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (caller, y) = Admission.Of(request);
        var existing = await api.GetCampaignAsync(blocId, y, cancellationToken);
        var planned = existing is null ? await api.Launcher.PlannedLeadershipAsync(blocId, y, cancellationToken) : null;
        var leader = existing?.LeaderUnitId ?? planned?.LeaderUnitId;
        if (!caller.IsAdmin && (leader is null || !caller.Is(blocId, leader)))
        {
            return (null, ApiProblems.Forbidden(new(
                $"Chỉ trưởng khối '{blocId}' năm {y} hoặc cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được phát động thi đua năm.",
                $"Only the leader of bloc '{blocId}' for {y} or council staff may launch its campaign.")));
        }

        var (body, problem) = await ApiJson.ReadAsync<LaunchRequest>(request, cancellationToken);
        if (body is null)
        {
            return (null, problem);
        }

        if (body.Schedule is not null && body.Durations is not null)
        {
            return (null, ApiProblems.BadRequest("durations", ErrorCodes.NotAllowed, new("Chỉ gửi lịch các thời hạn (schedule) hoặc các khoảng thời gian (durations), không gửi cả hai.", "Give a schedule or durations, not both.")));
        }

        // Without a table in the body, the year's stored draft (imported from the council's spreadsheet) is launched.
        var criteria = body.Criteria ?? existing?.Criteria ?? await CriteriaApi.DraftOfAsync(api, blocId, y, cancellationToken);
        if (criteria is null)
        {
            return (null, CriteriaApi.NoCriteriaToLaunch(blocId, y));
        }

        return (new LaunchOrder
        {
            BlocId = blocId,
            Year = y,
            Stored = existing is not null,
            FixedLeadership = existing is not null ? new LeaderChoice(existing.LeaderUnitId, existing.DeputyUnitId) : planned,
            LeaderUnitId = body.LeaderUnitId,
            DeputyUnitId = body.DeputyUnitId,
            Commitments = body.Commitments,
            Criteria = criteria,
            Schedule = body.Schedule,
            Durations = body.Durations,
            YearEnd = body.YearEnd,
        }, null);
    }

    public static async Task<IResult> AdjustAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        // The leader reviews every unit but its own, whose reviewer is the deputy or council staff (the bloc's rule).
        var (context, refused) = await CampaignContextAsync(
            blocId,
            request,
            api,
            (campaign, caller) => caller.Is(blocId, campaign.LeaderUnitId) || Reviews(caller, campaign, campaign.LeaderUnitId),
            (campaign, y) => new(
                $"Chỉ trưởng khối '{blocId}' năm {y} ('{campaign.LeaderUnitId}'), hoặc người thẩm định điểm của chính đơn vị trưởng khối, được điều chỉnh điểm.",
                $"Only the leader of bloc '{blocId}' for {y} ('{campaign.LeaderUnitId}'), or the reviewer of the leader's own points, may adjust points."),
            cancellationToken);
        if (context is null)
        {
            return refused!;
        }

        var (campaign, caller) = context.Value;
        var (body, problem) = await ApiJson.ReadAsync<AdjustmentRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (Guard.Ids(("clientRequestId", body.ClientRequestId)) is { } badId)
        {
            return badId;
        }

        var now = api.Clock.GetUtcNow();
        var adjustment = new ScoreAdjustment
        {
            UnitId = body.UnitId,
            CriterionId = body.CriterionId,
            NewPoints = body.NewPoints,
            Reason = body.Reason,
            AdjustedBy = caller.UnitId ?? ScoreAdjustment.ByCouncil,
            AdjustedAt = now,
        };
        if (ScoreRules.Validate(adjustment, campaign) is { Count: > 0 } errors)
        {
            return ApiProblems.Validation(errors);
        }

        if (!Reviews(caller, campaign, body.UnitId))
        {
            return ApiProblems.Forbidden(ReviewRefusal(campaign, body.UnitId), "not-reviewer", "unitId");
        }

        if (!campaign.Schedule.IsInReviewWindow(now))
        {
            return ApiProblems.Conflict("outside-review-window", new(
                    $"Chỉ được điều chỉnh điểm sau hạn nộp bảng tự chấm điểm, đến {VietnamTime.Format(campaign.Schedule.ReviewDeadline)}.",
                    $"Adjustments are accepted after the scoring deadline until {VietnamTime.Format(campaign.Schedule.ReviewDeadline, Localizer.English)}."));
        }

        var outcome = await api.Adjustments.AddAdjustmentAsync(blocId, campaign.Year, body.ClientRequestId, adjustment, cancellationToken);
        if (outcome == InsertOnceOutcome.Conflict)
        {
            // A retry carries a new timestamp: it is the same adjustment when everything else matches.
            var earlier = (await api.Adjustments.ListAdjustmentsAsync(blocId, campaign.Year, cancellationToken))
                .FirstOrDefault(a => a with { AdjustedAt = now } == adjustment);
            return earlier is null
                ? ApiProblems.Conflict("client-request-id-reused", new("clientRequestId này đã được dùng cho một lần điều chỉnh điểm khác.", "This clientRequestId was used for another adjustment."), "clientRequestId")
                : ApiJson.Json(earlier);
        }

        return ApiJson.Json(adjustment, outcome == InsertOnceOutcome.Inserted ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> CloseReviewAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var (context, refused) = await CampaignContextAsync(
            blocId,
            request,
            api,
            (campaign, caller) => caller.Is(blocId, campaign.LeaderUnitId),
            (campaign, y) => new(
                $"Chỉ trưởng khối '{blocId}' năm {y} ('{campaign.LeaderUnitId}') được thực hiện thao tác này.",
                $"Only the leader of bloc '{blocId}' for {y} ('{campaign.LeaderUnitId}') may do this."),
            cancellationToken);
        if (context is null)
        {
            return refused!;
        }

        var (campaign, caller) = context.Value;
        if (!campaign.Schedule.IsInReviewWindow(api.Clock.GetUtcNow()))
        {
            return ApiProblems.Conflict("outside-review-window", new(
                    $"Thời gian thẩm định điểm bắt đầu sau hạn nộp bảng tự chấm điểm và kéo dài đến {VietnamTime.Format(campaign.Schedule.ReviewDeadline)}.",
                    $"The review window runs after the scoring deadline until {VietnamTime.Format(campaign.Schedule.ReviewDeadline, Localizer.English)}."));
        }

        var instanceId = CycleIds.Scoring(new CampaignKey(blocId, campaign.Year));
        await Cycles.RaiseAsync(client, instanceId, CycleEvents.ReviewClosed, caller.UnitId, api.Logger, cancellationToken);
        return ApiJson.Json(new ReviewClosing(instanceId, CycleEvents.ReviewClosed), StatusCodes.Status202Accepted);
    }

    public static Task<IResult> GetCompactAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken) =>
        CompactDocumentAsync(blocId, request, api, html: false, cancellationToken);

    public static Task<IResult> GetCompactHtmlAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken) =>
        CompactDocumentAsync(blocId, request, api, html: true, cancellationToken);

    public static async Task<IResult> GetStatusAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var y = Admission.Of(request).Year;
        var campaign = await api.GetCampaignAsync(blocId, y, cancellationToken);
        return await api.StatusReader.GetStatusAsync(client, new CampaignKey(blocId, y), campaign, cancellationToken) is { } status
            ? ApiJson.Json(status)
            : ApiProblems.NotFound("year", new($"Năm thi đua {y} của khối '{blocId}' chưa bắt đầu.", $"The cycle of bloc '{blocId}' for {y} has not started."));
    }

    public static async Task<IResult> GetResultsAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var y = Admission.Of(request).Year;
        return await api.StatusReader.GetResultsAsync(client, new CampaignKey(blocId, y), cancellationToken) is { } results
            ? ApiJson.Json(results)
            : ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có kết quả năm {y}.", $"Bloc '{blocId}' has no results for {y} yet."));
    }

    /// <summary>Whether <paramref name="caller"/> reviews <paramref name="unitId"/>'s points (<see cref="ScoreRules.ReviewerOf"/>).</summary>
    internal static bool Reviews(Caller caller, Campaign campaign, string unitId) =>
        ScoreRules.ReviewerOf(campaign, unitId) is { } reviewer ? caller.Is(campaign.BlocId, reviewer) : caller.IsAdmin;

    /// <summary>Why the caller may not adjust <paramref name="unitId"/>'s points: who may.</summary>
    private static Phrase ReviewRefusal(Campaign campaign, string unitId) =>
        (string.Equals(unitId, campaign.LeaderUnitId, StringComparison.Ordinal), ScoreRules.ReviewerOf(campaign, unitId)) switch
        {
            (true, { } deputy) => new(
                $"'{unitId}' là trưởng khối năm nay: điểm của chính đơn vị này do phó trưởng khối ('{deputy}') thẩm định, không tự thẩm định.",
                $"'{unitId}' is the year's leader: its own points are reviewed by the deputy ('{deputy}'), never by itself."),
            (true, null) => new(
                $"'{unitId}' là trưởng khối năm nay: điểm của chính đơn vị này do cán bộ Hội đồng Thi đua – Khen thưởng tỉnh thẩm định, không tự thẩm định.",
                $"'{unitId}' is the year's leader: its own points are reviewed by council staff, never by itself."),
            (false, var leader) => new(
                $"Điểm của '{unitId}' chỉ do trưởng khối năm nay ('{leader}') thẩm định.",
                $"The points of '{unitId}' are reviewed by the year's leader ('{leader}') only."),
        };

    /// <summary>The campaign and its caller when <paramref name="allowed"/>, or the refusal (404, 403, 409 archived).</summary>
    private static async Task<((Campaign Campaign, Caller Caller)? Context, IResult? Refused)> CampaignContextAsync(
        string blocId,
        HttpRequest request,
        ApiServices api,
        Func<Campaign, Caller, bool> allowed,
        Func<Campaign, int, Phrase> refusal,
        CancellationToken cancellationToken)
    {
        var (caller, y) = Admission.Of(request);
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return (null, ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}.")));
        }

        if (!allowed(campaign, caller))
        {
            return (null, ApiProblems.Forbidden(refusal(campaign, y)));
        }

        if (await api.Campaigns.GetStateAsync(blocId, y, cancellationToken) is { IsArchived: true })
        {
            return (null, ApiProblems.Conflict("archived", new($"Năm thi đua {y} của khối '{blocId}' đã được lưu trữ.", $"Year {y} of bloc '{blocId}' is archived.")));
        }

        return ((campaign, caller), null);
    }

    private static IResult LaunchRefused(LaunchOutcome launched, string blocId, int y, LeaderChoice? fixedLeadership) => launched.Refused switch
    {
        LaunchRefusal.NoBloc => ApiProblems.NotFound("blocId", new($"Không có khối '{blocId}'.", $"No bloc '{blocId}'.")),
        LaunchRefusal.LeaderRequired => ApiProblems.BadRequest("leaderUnitId", ErrorCodes.Required, new("Chưa có năm trước nào bầu trưởng khối: hãy chỉ định trưởng khối cho năm đầu tiên của khối.", "No previous year elected a leader: name the leader of the bloc's first year.")),
        LaunchRefusal.LeaderMismatch => ApiProblems.BadRequest("leaderUnitId", ErrorCodes.Mismatch, new($"Trưởng khối năm nay là '{fixedLeadership?.LeaderUnitId}'.", $"The leader for this year is '{fixedLeadership?.LeaderUnitId}'.")),
        LaunchRefusal.DeputyMismatch => ApiProblems.BadRequest("deputyUnitId", ErrorCodes.Mismatch, new($"Phó trưởng khối năm nay là '{fixedLeadership?.DeputyUnitId}'.", $"The deputy for this year is '{fixedLeadership?.DeputyUnitId}'.")),
        LaunchRefusal.Invalid => ApiProblems.Validation(launched.Errors),
        LaunchRefusal.SigningDeadlinePassed => ApiProblems.BadRequest("schedule.signingDeadline", ErrorCodes.OutOfRange, new("Hạn ký giao ước của năm thi đua mới phải ở tương lai.", "A new campaign's signing deadline must be in the future.")),
        LaunchRefusal.LaunchYearOutOfRange => ApiProblems.BadRequest("schedule.launchAt", ErrorCodes.OutOfRange, new($"Thi đua năm {y} được phát động trong năm {y - 1} hoặc năm {y}.", $"A campaign for {y} is launched in {y - 1} or {y}.")),
        LaunchRefusal.Archived => ApiProblems.Conflict("archived", new($"Năm thi đua {y} của khối '{blocId}' đã được lưu trữ.", $"Year {y} of bloc '{blocId}' is archived.")),
        LaunchRefusal.AlreadyLaunched => ApiProblems.Conflict("already-launched", new(
            $"Năm thi đua {y} của khối '{blocId}' đã được phát động với nội dung khác; mỗi năm chỉ phát động một lần.",
            $"The campaign of bloc '{blocId}' for {y} is already launched with other content; a campaign is launched once.")),
        _ => throw new InvalidOperationException($"Launch outcome without a campaign or a refusal: {launched.Refused}."),
    };

    private static async Task<IResult> CompactDocumentAsync(string blocId, HttpRequest request, ApiServices api, bool html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        var location = html ? CycleDocuments.CompactHtml(blocId, y) : CycleDocuments.Compact(blocId, y);
        var name = location.Name;
        if (await api.Documents.ReadAsync(location.Container, name, cancellationToken) is not { } document)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có giao ước thi đua năm {y}.", $"Bloc '{blocId}' has no compact for {y}."));
        }

        if (!document.Verified)
        {
            throw new InvalidOperationException($"The compact {name} does not match its recorded hash.");
        }

        request.HttpContext.Response.Headers.ETag = $"\"{document.ActualSha256}\"";
        return Results.Bytes(document.Content.ToArray(), html ? "text/html; charset=utf-8" : "application/json");
    }
}
