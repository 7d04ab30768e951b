using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ThiDua.Api;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Functions.Adapters;
using ThiDua.Workflows.Documents;

namespace ThiDua.Functions.Api;

/// <summary>
/// Functions adapters of the HTTP API: one line each over the shared handlers, on the same route
/// templates and function names as the local host's endpoints. Anonymous at the Functions level:
/// the app authenticates callers itself (App Service Authentication principal or bearer tokens).
/// </summary>
public sealed class ApiFunctions(IServiceProvider services) : FunctionAdapter(services)
{
    [Function("PutBloc")]
    public Task<IActionResult> PutBloc(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Bloc)] HttpRequest request,
        string blocId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => AdminApi.PutBlocAsync(blocId, request, Create<ApiServices>(), cancellationToken), new { blocId });

    [Function("ListBlocs")]
    public Task<IActionResult> ListBlocs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Blocs)] HttpRequest request,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => AdminApi.ListBlocsAsync(request, Create<ApiServices>(), cancellationToken));

    [Function("GetBloc")]
    public Task<IActionResult> GetBloc(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Bloc)] HttpRequest request,
        string blocId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => AdminApi.GetBlocAsync(blocId, request, Create<ApiServices>(), cancellationToken), new { blocId });

    [Function("PutUnit")]
    public Task<IActionResult> PutUnit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Unit)] HttpRequest request,
        string blocId,
        string unitId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => AdminApi.PutUnitAsync(blocId, unitId, request, Create<ApiServices>(), cancellationToken), new { blocId, unitId });

    [Function("ListUnits")]
    public Task<IActionResult> ListUnits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Units)] HttpRequest request,
        string blocId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => AdminApi.ListUnitsAsync(blocId, request, Create<ApiServices>(), cancellationToken), new { blocId });

    [Function("StartCycle")]
    public Task<IActionResult> StartCycle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Cycle)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => AdminApi.StartCycleAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("ImportUnits")]
    public Task<IActionResult> ImportUnits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.UnitsImport)] HttpRequest request,
        string blocId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => UnitImportApi.ImportAsync(blocId, request, Create<ApiServices>(), cancellationToken), new { blocId });

    [Function("GetCriteriaTemplate")]
    public Task<IActionResult> GetCriteriaTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.CriteriaTemplate)] HttpRequest request)
        => RespondAsync(request, () => Task.FromResult(CriteriaApi.GetCriteriaTemplate()));

    [Function("GetUnitsTemplate")]
    public Task<IActionResult> GetUnitsTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.UnitsTemplate)] HttpRequest request)
        => RespondAsync(request, () => Task.FromResult(CriteriaApi.GetUnitsTemplate()));

    [Function("PutCriteria")]
    public Task<IActionResult> PutCriteria(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Criteria)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CriteriaApi.PutAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("GetCriteria")]
    public Task<IActionResult> GetCriteria(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Criteria)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CriteriaApi.GetAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("GetCriteriaXlsx")]
    public Task<IActionResult> GetCriteriaXlsx(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.CriteriaXlsx)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CriteriaApi.GetXlsxAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("CopyCriteria")]
    public Task<IActionResult> CopyCriteria(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.CriteriaCopy)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CriteriaApi.CopyAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("ListProposals")]
    public Task<IActionResult> ListProposals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Proposals)] HttpRequest request,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ProposalApi.ListAsync(year, request, Create<ApiServices>(), cancellationToken), new { year });

    [Function("DecideProposal")]
    public Task<IActionResult> DecideProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.ProposalDecision)] HttpRequest request,
        string blocId,
        string year,
        string unitId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ProposalApi.DecideAsync(blocId, year, unitId, request, Create<ApiServices>(), cancellationToken), new { blocId, year, unitId });

    [Function("LaunchCampaign")]
    public Task<IActionResult> LaunchCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Launch)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.LaunchAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("AdjustScore")]
    public Task<IActionResult> AdjustScore(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Adjustments)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.AdjustAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("CloseReview")]
    public Task<IActionResult> CloseReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.ReviewClose)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.CloseReviewAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("GetCompact")]
    public Task<IActionResult> GetCompact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Compact)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.GetCompactAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("GetCompactHtml")]
    public Task<IActionResult> GetCompactHtml(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.CompactHtml)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.GetCompactHtmlAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("SignCompact")]
    public Task<IActionResult> SignCompact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Signature)] HttpRequest request,
        string blocId,
        string year,
        string unitId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => UnitApi.SignAsync(blocId, year, unitId, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year, unitId });

    [Function("SubmitScores")]
    public Task<IActionResult> SubmitScores(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Scores)] HttpRequest request,
        string blocId,
        string year,
        string unitId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => UnitApi.SubmitScoresAsync(blocId, year, unitId, request, Create<ApiServices>(), cancellationToken), new { blocId, year, unitId });

    [Function("ListScores")]
    public Task<IActionResult> ListScores(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Scores)] HttpRequest request,
        string blocId,
        string year,
        string unitId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => UnitApi.ListScoresAsync(blocId, year, unitId, request, Create<ApiServices>(), cancellationToken), new { blocId, year, unitId });

    [Function("UploadEvidence")]
    public Task<IActionResult> UploadEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Evidence)] HttpRequest request,
        string blocId,
        string year,
        string unitId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => EvidenceApi.UploadAsync(blocId, year, unitId, request, Create<ApiServices>(), cancellationToken), new { blocId, year, unitId });

    [Function("GetEvidence")]
    public Task<IActionResult> GetEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.EvidenceItem)] HttpRequest request,
        string blocId,
        string year,
        string unitId,
        string evidenceId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => EvidenceApi.GetAsync(blocId, year, unitId, evidenceId, request, Create<ApiServices>(), cancellationToken), new { blocId, year, unitId, evidenceId });

    [Function("MapIdentity")]
    public Task<IActionResult> MapIdentity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Identity)] HttpRequest request,
        string objectId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => IdentityApi.MapAsync(objectId, request, Create<ApiServices>(), Create<IIdentityMap>(), cancellationToken), new { objectId });

    [Function("UnmapIdentity")]
    public Task<IActionResult> UnmapIdentity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Identity)] HttpRequest request,
        string objectId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => IdentityApi.UnmapAsync(objectId, request, Create<ApiServices>(), Create<IIdentityMap>(), cancellationToken), new { objectId });

    [Function("CastBallot")]
    public Task<IActionResult> CastBallot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Ballots)] HttpRequest request,
        string blocId,
        string year,
        string purpose,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => VoteApi.CastAsync(blocId, year, purpose, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year, purpose });

    [Function("GetVoteRound")]
    public Task<IActionResult> GetVoteRound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Round)] HttpRequest request,
        string blocId,
        string year,
        string purpose,
        string round,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => VoteApi.GetRoundAsync(blocId, year, purpose, round, request, Create<ApiServices>(), cancellationToken), new { blocId, year, purpose, round });

    [Function("GetCampaignStatus")]
    public Task<IActionResult> GetCampaignStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Status)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.GetStatusAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("GetCampaignResults")]
    public Task<IActionResult> GetCampaignResults(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Results)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.GetResultsAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("GetArchiveVerification")]
    public Task<IActionResult> GetArchiveVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Verification)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => VerificationApi.GetVerificationAsync(blocId, year, request, Create<ApiServices>(), Create<ThiDua.Archive.KeptVerifications>(), cancellationToken), new { blocId, year });

    [Function("VerifyArchiveAgain")]
    public Task<IActionResult> VerifyArchiveAgain(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Verification)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => VerificationApi.VerifyAgainAsync(blocId, year, request, Create<ApiServices>(), Create<ThiDua.Archive.KeptVerifications>(), cancellationToken), new { blocId, year });

    [Function("GetProvinceYear")]
    public Task<IActionResult> GetProvinceYear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.ProvinceYear)] HttpRequest request,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ProvinceApi.GetYearAsync(year, request, Create<ProvinceOverview>(), client, cancellationToken), new { year });

    [Function("GetProvinceSummary")]
    public Task<IActionResult> GetProvinceSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.ProvinceSummary)] HttpRequest request,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ProvinceApi.GetSummaryAsync(year, request, Create<ProvinceOverview>(), client, cancellationToken), new { year });

    [Function("GetRuleCatalog")]
    public Task<IActionResult> GetRuleCatalog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Rules)] HttpRequest request)
        => RespondAsync(request, () => Task.FromResult(AdminApi.GetRuleCatalog()));

    [Function("PreviewLaunch")]
    public Task<IActionResult> PreviewLaunch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.LaunchPreview)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => CampaignApi.PreviewLaunchAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("ListDocuments")]
    public Task<IActionResult> ListDocuments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Documents)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => DocumentsApi.ListAsync(blocId, year, request, Create<YearDocuments>(), cancellationToken), new { blocId, year });

    [Function("GetDocument")]
    public Task<IActionResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.DocumentFile)] HttpRequest request,
        string blocId,
        string year,
        string file,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => DocumentsApi.GetAsync(blocId, year, file, request, Create<YearDocuments>(), cancellationToken), new { blocId, year, file });

    [Function("OpenConference")]
    public Task<IActionResult> OpenConference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.ConferenceOpen)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.OpenAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("RecordAttendance")]
    public Task<IActionResult> RecordAttendance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.ConferenceAttendance)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.RecordAttendanceAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("OpenConferenceRound")]
    public Task<IActionResult> OpenConferenceRound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.ConferenceRounds)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.OpenRoundAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("CloseConferenceRound")]
    public Task<IActionResult> CloseConferenceRound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.RoundClose)] HttpRequest request,
        string blocId,
        string year,
        string purpose,
        string round,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.CloseRoundAsync(blocId, year, purpose, round, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year, purpose, round });

    [Function("EndConference")]
    public Task<IActionResult> EndConference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.ConferenceClose)] HttpRequest request,
        string blocId,
        string year,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.CloseAsync(blocId, year, request, Create<ApiServices>(), client, cancellationToken), new { blocId, year });

    [Function("GetConference")]
    public Task<IActionResult> GetConference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Conference)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.GetAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("Nominate")]
    public Task<IActionResult> Nominate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Nomination)] HttpRequest request,
        string blocId,
        string year,
        string purpose,
        string unitId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.NominateAsync(blocId, year, purpose, unitId, request, Create<ApiServices>(), cancellationToken), new { blocId, year, purpose, unitId });

    [Function("DeclineNomination")]
    public Task<IActionResult> DeclineNomination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.NominationDecline)] HttpRequest request,
        string blocId,
        string year,
        string purpose,
        string unitId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.DeclineAsync(blocId, year, purpose, unitId, request, Create<ApiServices>(), cancellationToken), new { blocId, year, purpose, unitId });

    [Function("ListNominations")]
    public Task<IActionResult> ListNominations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Nominations)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => ConferenceApi.ListNominationsAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });
}
