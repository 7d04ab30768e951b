using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ThiDua.Api.Diagnostics;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Archive;
using ThiDua.Documents;
using ThiDua.Spreadsheets;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Api;

/// <summary>The API's routes for the local host (minimal APIs); the Functions app maps the same templates with adapters.</summary>
public static class ThiDuaApiEndpoints
{
    /// <summary>
    /// Maps every route under <c>/api</c>, with OpenAPI names, bodies, responses and problems; each goes
    /// through <see cref="ApiPipeline"/> with the access <see cref="ApiAccess"/> names for it.
    /// </summary>
    public static RouteGroupBuilder MapThiDuaApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) => await ApiPipeline.RespondAsync(
            context.HttpContext,
            context.HttpContext.RequestServices,
            context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Access>() ?? throw new InvalidOperationException("An endpoint declares no access."),
            async () => await next(context) as IResult ?? throw new InvalidOperationException("A handler returned no IResult.")));

        var admin = api.MapGroup("").WithTags("Admin");
        admin.MapPut(ApiRoutes.Bloc, AdminApi.PutBlocAsync).Operation("PutBloc")
            .WithSummary("Creates a bloc, or updates it with If-Match (council staff).")
            .Body<BlocRequest>("application/json").Produces<Bloc>(200).Produces<Bloc>(201).Problems(400, 401, 403, 404, 412, 413, 415, 428, 429);
        admin.MapGet(ApiRoutes.Blocs, AdminApi.ListBlocsAsync).Operation("ListBlocs")
            .WithSummary("Every bloc with its ETag (council staff).")
            .Produces<List<StoredBloc>>(200).Problems(401, 403);
        admin.MapGet(ApiRoutes.Bloc, AdminApi.GetBlocAsync).Operation("GetBloc")
            .WithSummary("A bloc (its units and council staff).")
            .Produces<Bloc>(200).Problems(400, 401, 403, 404);
        admin.MapPut(ApiRoutes.Unit, AdminApi.PutUnitAsync).Operation("PutUnit")
            .WithSummary("Creates a member unit, or updates it with If-Match (council staff).")
            .Body<UnitRequest>("application/json").Produces<MemberUnit>(200).Produces<MemberUnit>(201).Problems(400, 401, 403, 404, 409, 412, 413, 415, 428, 429);
        admin.MapGet(ApiRoutes.Units, AdminApi.ListUnitsAsync).Operation("ListUnits")
            .WithSummary("The units of a bloc with their ETags (its units and council staff).")
            .Produces<List<StoredUnit>>(200).Problems(400, 401, 403);
        admin.MapPost(ApiRoutes.UnitsImport, UnitImportApi.ImportAsync).Operation("ImportUnits")
            .WithSummary("Creates and updates a bloc's units from an .xlsx or CSV file (one line per contact) and adds new ones to its members and rotation order; ?dryRun=true lists the changes without storing them (council staff).")
            .Body<Stream>($"{XlsxFile.MediaType}, {CsvFile.MediaType}").Produces<UnitImport>(200).Problems(400, 401, 403, 404, 409, 412, 413, 415, 429);
        admin.MapGet(ApiRoutes.CriteriaTemplate, CriteriaApi.GetCriteriaTemplate).Operation("GetCriteriaTemplate")
            .WithSummary("The criteria template (.xlsx) in the import layout (any signed-in caller).")
            .Produces<byte[]>(200, XlsxFile.MediaType).Problems(401);
        admin.MapGet(ApiRoutes.UnitsTemplate, CriteriaApi.GetUnitsTemplate).Operation("GetUnitsTemplate")
            .WithSummary("The units template (.xlsx) in the import layout (any signed-in caller).")
            .Produces<byte[]>(200, XlsxFile.MediaType).Problems(401);
        admin.MapPost(ApiRoutes.Cycle, AdminApi.StartCycleAsync).Operation("StartCycle")
            .WithSummary("Starts the year's cycle; a second start returns the existing instance (council staff).")
            .Body<CycleStartRequest>("application/json").Produces<CycleStarted>(200).Produces<CycleStarted>(201).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        admin.MapGet(ApiRoutes.Proposals, ProposalApi.ListAsync).Operation("ListProposals")
            .WithSummary("Every bloc's award proposals of a year with the council's decisions, by bloc, level and place (council staff).")
            .Produces<ProposalList>(200).Problems(400, 401, 403);
        admin.MapPost(ApiRoutes.ProposalDecision, ProposalApi.DecideAsync).Operation("DecideProposal")
            .WithSummary("Accepts a bloc's proposal of a unit for an award level, or returns it with a reason; decided once (council staff).")
            .Body<DecisionRequest>("application/json").Produces<ProposalView>(200).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        admin.MapPut(ApiRoutes.Identity, IdentityApi.MapAsync).Operation("MapIdentity")
            .WithSummary("Maps a signed-in Microsoft Entra identity (object id) to its member unit, replacing an earlier mapping (council staff).")
            .Body<IdentityMappingRequest>("application/json").Produces<IdentityMapping>(200).Problems(400, 401, 403, 404, 413, 415, 429);
        admin.MapGet(ApiRoutes.ProvinceYear, ProvinceApi.GetYearAsync).Operation("GetProvinceYear")
            .WithSummary("Every bloc's year on one page: phase, next deadline, pending and late units, results, the archive's kept verification; a bloc without a cycle that year is not-started (council staff).")
            .Produces<ProvinceYear>(200).Problems(400, 401, 403);
        admin.MapGet(ApiRoutes.ProvinceSummary, ProvinceApi.GetSummaryAsync).Operation("GetProvinceSummary")
            .WithSummary("The same overview as an .xlsx workbook, one line per bloc, in the request's language (council staff).")
            .Produces<byte[]>(200, XlsxFile.MediaType).Problems(400, 401, 403);
        admin.MapPost(ApiRoutes.Verification, VerificationApi.VerifyAgainAsync).Operation("VerifyArchiveAgain")
            .WithSummary("Verifies the archived year again and keeps the result with its time in place of the earlier one (council staff).")
            .Produces<ArchiveVerification>(200).Problems(400, 401, 403, 404, 409, 429);
        admin.MapGet(ApiRoutes.Rules, AdminApi.GetRuleCatalog).Operation("GetRuleCatalog")
            .WithSummary("Every rule a bloc can set, at its JSON path, with its type, default, allowed values and their labels, explained in Vietnamese and English (any signed-in caller).")
            .Produces<RuleCatalog>(200).Problems(401);
        admin.MapDelete(ApiRoutes.Identity, IdentityApi.UnmapAsync).Operation("UnmapIdentity")
            .WithSummary("Removes an identity's mapping to its unit (council staff).")
            .Produces(204).Problems(400, 401, 403, 404, 429);

        var leader = api.MapGroup("").WithTags("Leader");
        leader.MapPut(ApiRoutes.Criteria, CriteriaApi.PutAsync).Operation("PutCriteria")
            .WithSummary("Saves the year's criteria draft from an .xlsx in the criteria layout or as JSON, replacing one with If-Match; ?dryRun=true only checks it; a refused sheet lists its cells (the year's leader or council staff, until the launch).")
            .Body<CriteriaTable>($"{XlsxFile.MediaType}, application/json").Produces<CriteriaDraft>(200).Produces<CriteriaDraft>(201).Problems(400, 401, 403, 404, 409, 412, 413, 415, 428, 429);
        leader.MapGet(ApiRoutes.Criteria, CriteriaApi.GetAsync).Operation("GetCriteria")
            .WithSummary("The year's criteria draft with its ETag, or the launched campaign's criteria (the bloc's units and council staff).")
            .Produces<CriteriaDraft>(200).Problems(400, 401, 403, 404);
        leader.MapGet(ApiRoutes.CriteriaXlsx, CriteriaApi.GetXlsxAsync).Operation("GetCriteriaXlsx")
            .WithSummary("The same criteria as .xlsx in the import layout (the bloc's units and council staff).")
            .Produces<byte[]>(200, XlsxFile.MediaType).Problems(400, 401, 403, 404);
        leader.MapPost(ApiRoutes.CriteriaCopy, CriteriaApi.CopyAsync).Operation("CopyCriteria")
            .WithSummary("Starts the year's criteria draft from another year's criteria (its launched campaign's, else its draft), with the ETag rules of the draft (the year's leader or council staff, until the launch).")
            .Body<CriteriaCopyRequest>("application/json").Produces<CriteriaDraft>(200).Produces<CriteriaDraft>(201).Problems(400, 401, 403, 404, 409, 412, 413, 415, 428, 429);
        leader.MapPost(ApiRoutes.Launch, CampaignApi.LaunchAsync).Operation("LaunchCampaign")
            .WithSummary("Launches the campaign and its compact (the year's leader, or council staff for a bloc's first year).")
            .Body<LaunchRequest>("application/json").Produces<LaunchResponse>(200).Produces<LaunchResponse>(201).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        leader.MapPost(ApiRoutes.LaunchPreview, CampaignApi.PreviewLaunchAsync).Operation("PreviewLaunch")
            .WithSummary("What the same body would launch, with nothing stored: leadership, members, every deadline and reminder in Vietnam time, the compact and its hash (the year's leader, or council staff).")
            .Body<LaunchRequest>("application/json").Produces<LaunchPreview>(200).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        leader.MapPost(ApiRoutes.Adjustments, CampaignApi.AdjustAsync).Operation("AdjustScore")
            .WithSummary("Adjusts a unit's points on one criterion with a reason, in the review window (the year's leader; the leader's own unit by the deputy or council staff, as the bloc's rules say, never by the leader).")
            .Body<AdjustmentRequest>("application/json").Produces<ScoreAdjustment>(200).Produces<ScoreAdjustment>(201).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        leader.MapPost(ApiRoutes.ReviewClose, CampaignApi.CloseReviewAsync).Operation("CloseReview")
            .WithSummary("Ends the review window early (the year's leader).")
            .Produces<ReviewClosing>(202).Problems(400, 401, 403, 404, 409, 429);

        var conference = api.MapGroup("").WithTags("Conference");
        conference.MapPost(ApiRoutes.ConferenceOpen, ConferenceApi.OpenAsync).Operation("OpenConference")
            .WithSummary("Opens the year-end conference, once scoring has ended (its chair: the year's leader or council staff).")
            .Produces<ConferenceView>(200).Problems(400, 401, 403, 404, 409, 429);
        conference.MapPut(ApiRoutes.ConferenceAttendance, ConferenceApi.RecordAttendanceAsync).Operation("RecordAttendance")
            .WithSummary("Records which member units are present, represented or absent (the chair).")
            .Body<AttendanceRequest>("application/json").Produces<ConferenceView>(200).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        conference.MapPost(ApiRoutes.ConferenceRounds, ConferenceApi.OpenRoundAsync).Operation("OpenConferenceRound")
            .WithSummary("Opens the next round of the named vote, with a quorum present (the chair).")
            .Body<RoundOpeningRequest>("application/json").Produces<ChairAct>(202).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        conference.MapPost(ApiRoutes.RoundClose, ConferenceApi.CloseRoundAsync).Operation("CloseConferenceRound")
            .WithSummary("Closes an open conference round now; it is counted at once (the chair).")
            .Produces<ChairAct>(202).Problems(400, 401, 403, 404, 409, 429);
        conference.MapPost(ApiRoutes.ConferenceClose, ConferenceApi.CloseAsync).Operation("EndConference")
            .WithSummary("Closes the conference; votes not held end undecided (the chair).")
            .Produces<ConferenceView>(200).Problems(400, 401, 403, 404, 409, 429);
        conference.MapGet(ApiRoutes.Conference, ConferenceApi.GetAsync).Operation("GetConference")
            .WithSummary("The conference as the room sees it: attendance, quorum, the open round with its count of ballots, closed rounds' results (the bloc's units and council staff).")
            .Produces<ConferenceView>(200).Problems(400, 401, 403, 404);
        conference.MapPut(ApiRoutes.Nomination, ConferenceApi.NominateAsync).Operation("Nominate")
            .WithSummary("Nominates a member unit for next year's leader or deputy, before that vote opens (the chair).")
            .Produces<NominationView>(200).Produces<NominationView>(201).Problems(400, 401, 403, 404, 409, 429);
        conference.MapPost(ApiRoutes.NominationDecline, ConferenceApi.DeclineAsync).Operation("DeclineNomination")
            .WithSummary("Declines the unit's own nomination, before that vote opens (the unit itself).")
            .Produces<NominationView>(200).Problems(400, 401, 403, 404, 409, 429);
        conference.MapGet(ApiRoutes.Nominations, ConferenceApi.ListNominationsAsync).Operation("ListNominations")
            .WithSummary("Every nomination of the year, declined ones included (the bloc's units and council staff).")
            .Produces<List<NominationView>>(200).Problems(400, 401, 403, 404);

        var unit = api.MapGroup("").WithTags("Unit");
        unit.MapGet(ApiRoutes.Compact, CampaignApi.GetCompactAsync).Operation("GetCompact")
            .WithSummary("The compact's canonical bytes, the exact bytes to sign (the bloc's units and council staff).")
            .Produces<System.Text.Json.Nodes.JsonObject>(200, "application/json").Problems(400, 401, 403, 404);
        unit.MapGet(ApiRoutes.CompactHtml, CampaignApi.GetCompactHtmlAsync).Operation("GetCompactHtml")
            .WithSummary("The compact rendered in Vietnamese, naming the hash of the canonical bytes.")
            .Produces<string>(200, "text/html").Problems(400, 401, 403, 404);
        unit.MapPut(ApiRoutes.Signature, UnitApi.SignAsync).Operation("SignCompact")
            .WithSummary("Records the unit's detached CMS signature (.p7s, raw DER) of the compact (the unit itself).")
            .Body<Stream>(UnitApi.SignatureMediaType).Produces<SignatureReceipt>(200).Produces<SignatureReceipt>(201).Problems(400, 401, 403, 404, 409, 413, 415, 422, 429);
        unit.MapPost(ApiRoutes.Scores, UnitApi.SubmitScoresAsync).Operation("SubmitScores")
            .WithSummary("Submits the unit's self-assessment as a new version; a repeated clientRequestId returns its version (the unit itself).")
            .Body<ScoreSubmission>("application/json").Produces<ScoreSheet>(200).Produces<ScoreSheet>(201).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        unit.MapGet(ApiRoutes.Scores, UnitApi.ListScoresAsync).Operation("ListScores")
            .WithSummary("The unit's versions, adjustments and uploaded evidence files (the unit, its reviewer: the year's leader or, for the leader's own unit, the deputy; council staff).")
            .Produces<ScoreHistory>(200).Problems(400, 401, 403);
        unit.MapPost(ApiRoutes.Evidence, EvidenceApi.UploadAsync).Operation("UploadEvidence")
            .WithSummary("Stores an evidence file (PDF, JPEG, PNG, DOCX, XLSX; name in ?fileName= or X-File-Name) write-once under its SHA-256, before the scoring deadline; list the returned reference in a submission (the unit itself).")
            .Body<Stream>(string.Join(", ", EvidenceApi.MediaTypes)).Produces<EvidenceReference>(200).Produces<EvidenceReference>(201).Problems(400, 401, 403, 404, 409, 413, 415, 429);
        unit.MapGet(ApiRoutes.EvidenceItem, EvidenceApi.GetAsync).Operation("GetEvidence")
            .WithSummary("An evidence file's bytes, checked against the hash recorded at upload (the unit, its reviewer, council staff).")
            .Produces<byte[]>(200, EvidenceApi.MediaTypes.First(), [.. EvidenceApi.MediaTypes.Skip(1)]).Problems(400, 401, 403, 404);
        unit.MapPost(ApiRoutes.Ballots, VoteApi.CastAsync).Operation("CastBallot")
            .WithSummary("Casts the caller's own secret ballot in the open round and returns its receipt (a member unit).")
            .Body<BallotRequest>("application/json").Produces<BallotReceipt>(201).Problems(400, 401, 403, 404, 409, 413, 415, 429);

        var everyone = api.MapGroup("").WithTags("Bloc");
        everyone.MapGet(ApiRoutes.Round, VoteApi.GetRoundAsync).Operation("GetVoteRound")
            .WithSummary("A closed round: tally and every ballot with its receipt (the bloc's units and council staff).")
            .Produces<RoundResult>(200).Problems(400, 401, 403, 404, 409);
        everyone.MapGet(ApiRoutes.Status, CampaignApi.GetStatusAsync).Operation("GetCampaignStatus")
            .WithSummary("Phase, deadline and pending units (the bloc's units and council staff).")
            .Produces<CampaignStatus>(200).Problems(400, 401, 403, 404);
        everyone.MapGet(ApiRoutes.Results, CampaignApi.GetResultsAsync).Operation("GetCampaignResults")
            .WithSummary("Ranking, leading unit, award proposals, next leadership and archive (the bloc's units and council staff).")
            .Produces<CampaignResults>(200).Problems(400, 401, 403, 404);
        everyone.MapGet(ApiRoutes.Verification, VerificationApi.GetVerificationAsync).Operation("GetArchiveVerification")
            .WithSummary("The archived year's kept verification with checkedAt (the first read verifies once): every hash, signature, the manifest chain, recounted tallies and ranking, the year's current records; 200 with holds false when tampering is found (the bloc's units and council staff).")
            .Produces<ArchiveVerification>(200).Problems(400, 401, 403, 404, 409);
        everyone.MapGet(ApiRoutes.Documents, DocumentsApi.ListAsync).Operation("ListDocuments")
            .WithSummary("The year's official documents (giao ước, bảng tổng hợp, biên bản, tờ trình) with the download path of each format, and those still to come with the step they wait for (the bloc's units and council staff).")
            .Produces<DocumentList>(200).Problems(400, 401, 403, 404);
        everyone.MapGet(ApiRoutes.DocumentFile, DocumentsApi.GetAsync).Operation("GetDocument")
            .WithSummary("A document's file, {name}.docx or {name}.pdf (or the name with ?format=docx|pdf), as an attachment; 409 naming the step it waits for (the bloc's units and council staff).")
            .Produces<byte[]>(200, DocumentFacts.ContentType(FileFormat.Docx), DocumentFacts.ContentType(FileFormat.Pdf)).Problems(400, 401, 403, 404, 409);

        var portal = api.MapGroup("").WithTags("Portal");
        portal.MapGet(ApiRoutes.Me, PortalApi.GetMeAsync).Operation("GetMe")
            .WithSummary("Who the caller is: council staff, or a unit with its bloc.")
            .Produces<CallerIdentity>(200).Problems(401);
        portal.MapGet(ApiRoutes.Years, PortalApi.ListYearsAsync).Operation("ListCampaignYears")
            .WithSummary("The years the bloc has launched, newest first (the bloc's units and council staff).")
            .Produces<CampaignYears>(200).Problems(400, 401, 403);
        portal.MapGet(ApiRoutes.Progress, PortalApi.GetProgressAsync).Operation("GetCampaignProgress")
            .WithSummary("Who signed and submitted; who voted and who was late only for the year's leader and council staff.")
            .Produces<CampaignProgress>(200).Problems(400, 401, 403, 404);
        portal.MapGet(ApiRoutes.CurrentRound, PortalApi.GetCurrentRoundAsync).Operation("GetCurrentVoteRound")
            .WithSummary("The latest opened round of a vote: candidates, closing time, whether the calling unit voted.")
            .Produces<CurrentVoteRound>(200).Problems(400, 401, 403, 404);

        var diagnostics = api.MapGroup("").WithTags("Diagnostics");
        diagnostics.MapPost(ApiRoutes.Probes, ProbeApi.StartAsync).Operation("StartProbe")
            .WithSummary("Starts a runtime probe (activity, durable timer, external event, sub-orchestration) on the task hub (council staff).")
            .Body<ProbeInput>("application/json").Produces<ProbeStarted>(202).Problems(400, 401, 403, 413, 415, 429);
        diagnostics.MapGet(ApiRoutes.Probe, ProbeApi.GetAsync).Operation("GetProbe")
            .WithSummary("A runtime probe's status and, once completed, what it saw (council staff).")
            .Produces<ProbeStatus>(200).Problems(401, 403, 404);
        diagnostics.MapPost(ApiRoutes.ProbeEvents, ProbeApi.RaiseEventAsync).Operation("RaiseProbeEvent")
            .WithSummary("Delivers the external event a runtime probe waits for (council staff).")
            .Body<ProbeEvent>("application/json").Produces(202).Problems(400, 401, 403, 404, 413, 415, 429);

        // A path under /api that names no operation (mistyped, or its dot segments resolved away) is a
        // problem too, not the router's empty 404 or 405.
        api.MapFallback("{**path}", () => ApiProblems.NotFound("", new("Không có thao tác nào của API ở đường dẫn và phương thức này.", "No API operation at this path and method.")))
            .WithMetadata(Access.Anyone).ExcludeFromDescription();
        return api;
    }

    /// <summary>Names the operation and attaches its access (<see cref="ApiAccess"/>), which the group's filter admits it with.</summary>
    private static RouteHandlerBuilder Operation(this RouteHandlerBuilder builder, string name) =>
        builder.WithName(name).WithMetadata(ApiAccess.Of(name));

    private static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder, string contentType) =>
        builder.WithMetadata(new RequestBodyMetadata(typeof(T), contentType));

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder = status == StatusCodes.Status400BadRequest
                ? builder.ProducesValidationProblem()
                : builder.ProducesProblem(status);
        }

        // Any operation may meet an unexpected error or a storage outage (ApiProblems.Failure).
        return builder.ProducesProblem(StatusCodes.Status500InternalServerError).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }
}
