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
/// <see cref="LeaderUnitId"/> and <see cref="DeputyUnitId"/> are only for the bloc's first year,
/// when no previous year elected them, and only council staff may set them.
/// </summary>
public sealed record LaunchRequest
{
    public IReadOnlyList<string> Commitments { get; init; } = [];

    public required CriteriaTable Criteria { get; init; }

    public CampaignSchedule? Schedule { get; init; }

    public PhaseDurations? Durations { get; init; }

    public string? LeaderUnitId { get; init; }

    public string? DeputyUnitId { get; init; }
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
        var (caller, y) = Admission.Of(request);
        var existing = await api.GetCampaignAsync(blocId, y, cancellationToken);
        var planned = existing is null ? await api.Launcher.PlannedLeadershipAsync(blocId, y, cancellationToken) : null;
        var leader = existing?.LeaderUnitId ?? planned?.LeaderUnitId;
        if (!caller.IsAdmin && (leader is null || !caller.Is(blocId, leader)))
        {
            return ApiProblems.Forbidden($"Only the leader of bloc '{blocId}' for {y} or council staff may launch its campaign.");
        }

        var (body, problem) = await ApiJson.ReadAsync<LaunchRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (body.Schedule is not null && body.Durations is not null)
        {
            return ApiProblems.BadRequest("durations", ErrorCodes.NotAllowed, "Give a schedule or durations, not both.");
        }

        var fixedLeadership = existing is not null ? new LeaderChoice(existing.LeaderUnitId, existing.DeputyUnitId) : planned;
        var launched = await api.Launcher.LaunchAsync(
            new LaunchOrder
            {
                BlocId = blocId,
                Year = y,
                Stored = existing is not null,
                FixedLeadership = fixedLeadership,
                LeaderUnitId = body.LeaderUnitId,
                DeputyUnitId = body.DeputyUnitId,
                Commitments = body.Commitments,
                Criteria = body.Criteria,
                Schedule = body.Schedule,
                Durations = body.Durations,
            },
            cancellationToken);
        if (launched.Launched is not { } done)
        {
            return LaunchRefused(launched, blocId, y, fixedLeadership);
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
            (campaign, y) => $"Only the leader of bloc '{blocId}' for {y} ('{campaign.LeaderUnitId}'), or the reviewer of the leader's own points, may adjust points.",
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
            return ApiProblems.Conflict("outside-review-window", $"Adjustments are accepted after the scoring deadline until {VietnamTime.Format(campaign.Schedule.ReviewDeadline)}.");
        }

        var outcome = await api.Adjustments.AddAdjustmentAsync(blocId, campaign.Year, body.ClientRequestId, adjustment, cancellationToken);
        if (outcome == InsertOnceOutcome.Conflict)
        {
            // A retry carries a new timestamp: it is the same adjustment when everything else matches.
            var earlier = (await api.Adjustments.ListAdjustmentsAsync(blocId, campaign.Year, cancellationToken))
                .FirstOrDefault(a => a with { AdjustedAt = now } == adjustment);
            return earlier is null
                ? ApiProblems.Conflict("client-request-id-reused", "This clientRequestId was used for another adjustment.", "clientRequestId")
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
            (campaign, y) => $"Only the leader of bloc '{blocId}' for {y} ('{campaign.LeaderUnitId}') may do this.",
            cancellationToken);
        if (context is null)
        {
            return refused!;
        }

        var (campaign, caller) = context.Value;
        if (!campaign.Schedule.IsInReviewWindow(api.Clock.GetUtcNow()))
        {
            return ApiProblems.Conflict("outside-review-window", $"The review window runs after the scoring deadline until {VietnamTime.Format(campaign.Schedule.ReviewDeadline)}.");
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
            : ApiProblems.NotFound("year", $"The cycle of bloc '{blocId}' for {y} has not started.");
    }

    public static async Task<IResult> GetResultsAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var y = Admission.Of(request).Year;
        return await api.StatusReader.GetResultsAsync(client, new CampaignKey(blocId, y), cancellationToken) is { } results
            ? ApiJson.Json(results)
            : ApiProblems.NotFound("year", $"Bloc '{blocId}' has no results for {y} yet.");
    }

    /// <summary>Whether <paramref name="caller"/> reviews <paramref name="unitId"/>'s points (<see cref="ScoreRules.ReviewerOf"/>).</summary>
    internal static bool Reviews(Caller caller, Campaign campaign, string unitId) =>
        ScoreRules.ReviewerOf(campaign, unitId) is { } reviewer ? caller.Is(campaign.BlocId, reviewer) : caller.IsAdmin;

    /// <summary>Why the caller may not adjust <paramref name="unitId"/>'s points: who may.</summary>
    private static string ReviewRefusal(Campaign campaign, string unitId) =>
        (string.Equals(unitId, campaign.LeaderUnitId, StringComparison.Ordinal), ScoreRules.ReviewerOf(campaign, unitId)) switch
        {
            (true, { } deputy) => $"'{unitId}' is the year's leader: its own points are reviewed by the deputy ('{deputy}'), never by itself.",
            (true, null) => $"'{unitId}' is the year's leader: its own points are reviewed by council staff, never by itself.",
            (false, var leader) => $"The points of '{unitId}' are reviewed by the year's leader ('{leader}') only.",
        };

    /// <summary>The campaign and its caller when <paramref name="allowed"/>, or the refusal (404, 403, 409 archived).</summary>
    private static async Task<((Campaign Campaign, Caller Caller)? Context, IResult? Refused)> CampaignContextAsync(
        string blocId,
        HttpRequest request,
        ApiServices api,
        Func<Campaign, Caller, bool> allowed,
        Func<Campaign, int, string> refusal,
        CancellationToken cancellationToken)
    {
        var (caller, y) = Admission.Of(request);
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return (null, ApiProblems.NotFound("year", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        if (!allowed(campaign, caller))
        {
            return (null, ApiProblems.Forbidden(refusal(campaign, y)));
        }

        if (await api.Campaigns.GetStateAsync(blocId, y, cancellationToken) is { IsArchived: true })
        {
            return (null, ApiProblems.Conflict("archived", $"Year {y} of bloc '{blocId}' is archived."));
        }

        return ((campaign, caller), null);
    }

    private static IResult LaunchRefused(LaunchOutcome launched, string blocId, int y, LeaderChoice? fixedLeadership) => launched.Refused switch
    {
        LaunchRefusal.NoBloc => ApiProblems.NotFound("blocId", $"No bloc '{blocId}'."),
        LaunchRefusal.LeaderRequired => ApiProblems.BadRequest("leaderUnitId", ErrorCodes.Required, "No previous year elected a leader: name the leader of the bloc's first year."),
        LaunchRefusal.LeaderMismatch => ApiProblems.BadRequest("leaderUnitId", ErrorCodes.Mismatch, $"The leader for this year is '{fixedLeadership?.LeaderUnitId}'."),
        LaunchRefusal.DeputyMismatch => ApiProblems.BadRequest("deputyUnitId", ErrorCodes.Mismatch, $"The deputy for this year is '{fixedLeadership?.DeputyUnitId}'."),
        LaunchRefusal.Invalid => ApiProblems.Validation(launched.Errors),
        LaunchRefusal.SigningDeadlinePassed => ApiProblems.BadRequest("schedule.signingDeadline", ErrorCodes.OutOfRange, "A new campaign's signing deadline must be in the future."),
        LaunchRefusal.LaunchYearOutOfRange => ApiProblems.BadRequest("schedule.launchAt", ErrorCodes.OutOfRange, $"A campaign for {y} is launched in {y - 1} or {y}."),
        LaunchRefusal.Archived => ApiProblems.Conflict("archived", $"Year {y} of bloc '{blocId}' is archived."),
        LaunchRefusal.AlreadyLaunched => ApiProblems.Conflict("already-launched", $"The campaign of bloc '{blocId}' for {y} is already launched with other content; a campaign is launched once."),
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
            return ApiProblems.NotFound("year", $"Bloc '{blocId}' has no compact for {y}.");
        }

        if (!document.Verified)
        {
            throw new InvalidOperationException($"The compact {name} does not match its recorded hash.");
        }

        request.HttpContext.Response.Headers.ETag = $"\"{document.ActualSha256}\"";
        return Results.Bytes(document.Content.ToArray(), html ? "text/html; charset=utf-8" : "application/json");
    }
}
