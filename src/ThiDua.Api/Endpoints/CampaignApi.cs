using System.Text;
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

/// <summary>State of a year's cycle: the workflow's own status merged with storage.</summary>
public sealed record CampaignStatus(
    string BlocId,
    int Year,
    string InstanceId,
    string RuntimeStatus,
    CyclePhase? Phase,
    DateTimeOffset? Deadline,
    string? DeadlineVietnam,
    IReadOnlyList<string> Pending,
    int? Round,
    CampaignPhase? CampaignPhase,
    string? LeaderUnitId);

/// <summary>Published results of a year.</summary>
public sealed record CampaignResults(
    string BlocId,
    int Year,
    Ranking? Ranking,
    string? LeadingUnitId,
    Nominees? Nominees,
    string? NextLeaderUnitId,
    string? NextDeputyUnitId,
    ArchiveReceipt? Archive,
    DateTimeOffset? DecidedAt);

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
        var planned = existing is null ? (await api.Results.GetYearResultAsync(blocId, y - 1, cancellationToken))?.NextLeadership : null;
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

        if (await api.Blocs.GetBlocAsync(blocId, cancellationToken) is not { } bloc)
        {
            return ApiProblems.NotFound("blocId", $"No bloc '{blocId}'.");
        }

        var fixedLeadership = existing is not null ? new LeaderChoice(existing.LeaderUnitId, existing.DeputyUnitId) : planned;
        if (Leadership(fixedLeadership, body) is { } leadershipProblem)
        {
            return leadershipProblem;
        }

        var now = api.Clock.GetUtcNow();
        var schedule = body.Schedule
            ?? (body.Durations is { } durations ? CampaignSchedule.Compressed(now, durations) : CampaignSchedule.ForYear(bloc.Value, y));
        var units = await api.Blocs.ListUnitsAsync(blocId, cancellationToken);
        var campaign = Campaign.Create(
            bloc.Value,
            units.Select(u => u.Value),
            y,
            fixedLeadership ?? new LeaderChoice(body.LeaderUnitId!, body.DeputyUnitId),
            body.Commitments,
            body.Criteria,
            schedule);
        if (campaign.Validate() is { Count: > 0 } errors)
        {
            return ApiProblems.Validation(errors);
        }

        if (existing is null && campaign.Schedule.SigningDeadline <= now)
        {
            return ApiProblems.BadRequest("schedule.signingDeadline", ErrorCodes.OutOfRange, "A new campaign's signing deadline must be in the future.");
        }

        if (campaign.Schedule.LaunchAt.Year is var launchYear && (launchYear < y - 1 || launchYear > y))
        {
            return ApiProblems.BadRequest("schedule.launchAt", ErrorCodes.OutOfRange, $"A campaign for {y} is launched in {y - 1} or {y}.");
        }

        if (await api.Campaigns.GetStateAsync(blocId, y, cancellationToken) is { IsArchived: true })
        {
            return ApiProblems.Conflict("archived", $"Year {y} of bloc '{blocId}' is archived.");
        }

        // Submissions open with the launch, not when the cycle's first activity gets to it: a unit that
        // submits as soon as the launch is answered (or while a restarted host catches up) is on time. Before
        // the insert, so that no stored campaign is ever without its gate; a gate closed already stays closed.
        await api.SubmissionWindow.OpenAsync(blocId, y, now, cancellationToken);
        var outcome = await api.Campaigns.InsertAsync(campaign, now, cancellationToken);
        if (outcome == InsertOnceOutcome.Conflict)
        {
            return ApiProblems.Conflict("already-launched", $"The campaign of bloc '{blocId}' for {y} is already launched with other content; a campaign is launched once.");
        }

        // The documents and the cycle are ensured on every accepted attempt, so a launch that crashed
        // after storing the campaign is completed by its retry (same content: AlreadyInserted).
        var (compactSha, htmlSha) = await WriteCompactAsync(api.Documents, campaign, cancellationToken);
        var key = new CampaignKey(blocId, y);
        var (instanceId, _) = await Cycles.EnsureRunningAsync(client, new CycleInput(blocId, y, campaign.Schedule.SigningDeadline), cancellationToken);
        await Cycles.RaiseAsync(client, CycleIds.Signing(key), CycleEvents.CampaignLaunched, compactSha, api.Logger, cancellationToken);
        var response = new LaunchResponse(blocId, y, campaign.LeaderUnitId, campaign.DeputyUnitId, campaign.Members, campaign.Schedule, compactSha, htmlSha, instanceId);
        request.HttpContext.Response.Headers.Location = $"/api/blocs/{blocId}/campaigns/{y}/compact";
        return ApiJson.Json(response, outcome == InsertOnceOutcome.Inserted ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> AdjustAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (context, refused) = await LeaderContextAsync(blocId, request, api, cancellationToken);
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
            AdjustedBy = caller.UnitId!,
            AdjustedAt = now,
        };
        if (ScoreRules.Validate(adjustment, campaign) is { Count: > 0 } errors)
        {
            return ApiProblems.Validation(errors);
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
        var (context, refused) = await LeaderContextAsync(blocId, request, api, cancellationToken);
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
        var key = new CampaignKey(blocId, y);
        var instanceId = CycleIds.Cycle(key);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            // An archived year's history is purged (ArchivedHistoryPurge): storage still says the cycle completed.
            if (await api.GetCampaignAsync(blocId, y, cancellationToken) is { } archived
                && await api.Campaigns.GetStateAsync(blocId, y, cancellationToken) is { IsArchived: true } archivedState)
            {
                return ApiJson.Json(new CampaignStatus(
                    blocId, y, instanceId, nameof(OrchestrationRuntimeStatus.Completed), CyclePhase.Completed, null, null, [], null, archivedState.Phase, archived.LeaderUnitId));
            }

            return ApiProblems.NotFound("year", $"The cycle of bloc '{blocId}' for {y} has not started.");
        }

        var status = instance.ReadCustomStatusAs<CycleStatus>();
        if (status?.ChildInstanceId is { } childId
            && await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken) is { } child
            && child.ReadCustomStatusAs<CycleStatus>() is { } childStatus)
        {
            status = childStatus with { ChildInstanceId = childId };
        }

        var campaign = await api.GetCampaignAsync(blocId, y, cancellationToken);
        var state = campaign is null ? null : await api.Campaigns.GetStateAsync(blocId, y, cancellationToken);
        var (pending, round) = campaign is null || status is null
            ? (status?.Pending ?? [], status?.Round)
            : await PendingAsync(api, campaign, state, status, cancellationToken);

        // The cycle names the signing phase before its child has read the campaign: the deadline is the campaign's.
        var deadline = status?.Deadline ?? (status?.Phase == CyclePhase.Signing ? campaign?.Schedule.SigningDeadline : null);
        return ApiJson.Json(new CampaignStatus(
            blocId,
            y,
            instanceId,
            instance.RuntimeStatus.ToString(),
            status?.Phase,
            deadline,
            deadline is { } at ? VietnamTime.Format(at) : null,
            pending,
            round,
            state?.Phase,
            campaign?.LeaderUnitId));
    }

    /// <summary>
    /// Who has not acted in the phase the workflow is in, read from storage: signatures, submissions and
    /// ballots land there before (or without) the workflow waking, so its own status may lag behind.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Pending, int? Round)> PendingAsync(
        ApiServices api, Campaign campaign, CampaignState? state, CycleStatus status, CancellationToken cancellationToken)
    {
        switch (status.Phase)
        {
            case CyclePhase.Signing when state?.Phase < CampaignPhase.Sealed:
                return (await CycleProgress.NotSignedAsync(campaign, api.Signatures, cancellationToken), null);
            case CyclePhase.Scoring:
                return (await CycleProgress.NotSubmittedAsync(campaign, api.ScoreSheets, cancellationToken), null);
            case CyclePhase.VotingLeadingUnit or CyclePhase.ElectingLeader:
                var purpose = status.Phase == CyclePhase.VotingLeadingUnit ? VotePurpose.LeadingUnit : VotePurpose.Leader;
                if (await VoteApi.CurrentRoundAsync(api.Votes, campaign, purpose, cancellationToken) is not { } round)
                {
                    return ([], null);
                }

                // A closed round waits for nobody until the workflow opens the runoff.
                return (round.ClosesAt > api.Clock.GetUtcNow() ? await CycleProgress.NotVotedAsync(round, api.Votes, cancellationToken) : [], round.Round.RoundNumber);
            default:
                return (status.Pending, status.Round);
        }
    }

    public static async Task<IResult> GetResultsAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var y = Admission.Of(request).Year;
        var decided = await api.Results.GetYearResultAsync(blocId, y, cancellationToken);
        var ranking = await api.Results.GetRankingAsync(blocId, y, cancellationToken);
        var instance = await client.GetInstanceAsync(CycleIds.Cycle(new CampaignKey(blocId, y)), getInputsAndOutputs: true, cancellationToken);
        var output = instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<CycleResult>() : null;

        // Once the archive is written the cycle's history is purged: the manifest's record names the archive.
        var manifest = CycleDocuments.Manifest(blocId, y);
        var archive = output?.Archive ?? (await api.Documents.GetRecordAsync(manifest.Container, manifest.Name, cancellationToken) is { } record
            ? new ArchiveReceipt(manifest.ToString(), record.Sha256)
            : null);
        if (decided is null && ranking is null && output is null)
        {
            return ApiProblems.NotFound("year", $"Bloc '{blocId}' has no results for {y} yet.");
        }

        return ApiJson.Json(new CampaignResults(
            blocId,
            y,
            ranking ?? output?.Ranking,
            decided?.LeadingUnitId ?? output?.LeadingUnitId,
            decided?.Nominees,
            decided?.NextLeadership?.LeaderUnitId ?? output?.NextLeaderUnitId,
            decided?.NextLeadership?.DeputyUnitId ?? output?.NextDeputyUnitId,
            archive,
            decided?.DecidedAt));
    }

    /// <summary>The campaign and its leader as caller (admitted as a unit of the bloc), or the refusal (404, 403, 409 archived).</summary>
    private static async Task<((Campaign Campaign, Caller Caller)? Context, IResult? Refused)> LeaderContextAsync(
        string blocId, HttpRequest request, ApiServices api, CancellationToken cancellationToken)
    {
        var (caller, y) = Admission.Of(request);
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return (null, ApiProblems.NotFound("year", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        if (!caller.Is(blocId, campaign.LeaderUnitId))
        {
            return (null, ApiProblems.Forbidden($"Only the leader of bloc '{blocId}' for {y} ('{campaign.LeaderUnitId}') may do this."));
        }

        if (await api.Campaigns.GetStateAsync(blocId, y, cancellationToken) is { IsArchived: true })
        {
            return (null, ApiProblems.Conflict("archived", $"Year {y} of bloc '{blocId}' is archived."));
        }

        return ((campaign, caller), null);
    }

    private static IResult? Leadership(LeaderChoice? fixedLeadership, LaunchRequest body)
    {
        if (fixedLeadership is null)
        {
            return body.LeaderUnitId is null
                ? ApiProblems.BadRequest("leaderUnitId", ErrorCodes.Required, "No previous year elected a leader: name the leader of the bloc's first year.")
                : null;
        }

        if (body.LeaderUnitId is { } leader && !string.Equals(leader, fixedLeadership.LeaderUnitId, StringComparison.Ordinal))
        {
            return ApiProblems.BadRequest("leaderUnitId", ErrorCodes.Mismatch, $"The leader for this year is '{fixedLeadership.LeaderUnitId}'.");
        }

        if (body.DeputyUnitId is { } deputy && !string.Equals(deputy, fixedLeadership.DeputyUnitId, StringComparison.Ordinal))
        {
            return ApiProblems.BadRequest("deputyUnitId", ErrorCodes.Mismatch, $"The deputy for this year is '{fixedLeadership.DeputyUnitId}'.");
        }

        return null;
    }

    private static async Task<(string CompactSha256, string HtmlSha256)> WriteCompactAsync(IDocumentStore documents, Campaign campaign, CancellationToken cancellationToken)
    {
        var json = await documents.PutOnceAsync(
            CycleDocuments.Compact(campaign.BlocId, campaign.Year).Container, CycleDocuments.Compact(campaign.BlocId, campaign.Year).Name, new BinaryData(CompactDocument.CanonicalBytes(campaign)), "application/json", cancellationToken);
        var html = await documents.PutOnceAsync(
            CycleDocuments.CompactHtml(campaign.BlocId, campaign.Year).Container, CycleDocuments.CompactHtml(campaign.BlocId, campaign.Year).Name, new BinaryData(Encoding.UTF8.GetBytes(CompactDocument.RenderHtml(campaign))), "text/html; charset=utf-8", cancellationToken);
        if (!json.Succeeded || !html.Succeeded)
        {
            throw new InvalidOperationException($"The compact of {campaign.Key} in storage differs from the stored campaign.");
        }

        return (json.Sha256, html.Sha256);
    }

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
