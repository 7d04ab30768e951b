using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ThiDua.Api;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Api.Portal;
using ThiDua.Functions.Adapters;

namespace ThiDua.Functions.Api;

/// <summary>
/// The web portal in Azure: its embedded pages at <c>/api/portal/</c> (the app's route prefix is
/// <c>api</c>) and the reads it needs, one line each over the shared handlers.
/// </summary>
public sealed class PortalFunctions(IServiceProvider services) : FunctionAdapter(services)
{
    /// <summary>Route of the pages under the app's route prefix; ThiDua:PortalBaseUrl ends with <c>/api/portal</c> in Azure.</summary>
    public const string PortalRoute = "portal/{file?}";

    [Function("Portal")]
    public static Task<IActionResult> Portal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PortalRoute)] HttpRequest request,
        string? file)
        => RespondAsync(request, request.HttpContext.RequestServices, () => Task.FromResult(PortalFiles.Serve(request, file)));

    [Function("GetMe")]
    public Task<IActionResult> GetMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Me)] HttpRequest request,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => PortalApi.GetMeAsync(request, Create<ApiServices>(), cancellationToken));

    [Function("ListCampaignYears")]
    public Task<IActionResult> ListCampaignYears(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Years)] HttpRequest request,
        string blocId,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => PortalApi.ListYearsAsync(blocId, request, Create<ApiServices>(), cancellationToken), new { blocId });

    [Function("GetCampaignProgress")]
    public Task<IActionResult> GetCampaignProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Progress)] HttpRequest request,
        string blocId,
        string year,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => PortalApi.GetProgressAsync(blocId, year, request, Create<ApiServices>(), cancellationToken), new { blocId, year });

    [Function("GetCurrentVoteRound")]
    public Task<IActionResult> GetCurrentVoteRound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.CurrentRound)] HttpRequest request,
        string blocId,
        string year,
        string purpose,
        CancellationToken cancellationToken)
        => RespondAsync(request, () => PortalApi.GetCurrentRoundAsync(blocId, year, purpose, request, Create<ApiServices>(), cancellationToken), new { blocId, year, purpose });
}
