using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Api.Identity;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;

namespace ThiDua.Api.Http;

/// <summary>
/// What the handlers need, as one service so that each handler takes it as a single explicit
/// parameter in both hosts (minimal APIs inject it; the Functions adapters create it from DI).
/// </summary>
public sealed class ApiServices(
    IBlocStore blocs,
    ICampaignStore campaigns,
    IScoreStore scores,
    ISignatureStore signatures,
    IVoteStore votes,
    IResultStore results,
    IDocumentStore documents,
    IEvidenceStore evidence,
    MailQueueClient mailQueue,
    ICallerResolver callers,
    CompactSignatureVerifier verifier,
    IMemoryCache cache,
    WriteRateLimiter limiter,
    TimeProvider clock,
    IOptions<ThiDuaApiOptions> options,
    ILogger<ApiServices> logger)
{
    public IBlocStore Blocs { get; } = blocs;

    public ICampaignStore Campaigns { get; } = campaigns;

    public IScoreStore Scores { get; } = scores;

    public ISignatureStore Signatures { get; } = signatures;

    public IVoteStore Votes { get; } = votes;

    public IResultStore Results { get; } = results;

    public IDocumentStore Documents { get; } = documents;

    public IEvidenceStore Evidence { get; } = evidence;

    /// <summary>Where accepted submissions ask for their confirmation email.</summary>
    public MailQueueClient MailQueue { get; } = mailQueue;

    public ICallerResolver Callers { get; } = callers;

    public CompactSignatureVerifier Verifier { get; } = verifier;

    public TimeProvider Clock { get; } = clock;

    public ThiDuaApiOptions Options { get; } = options?.Value ?? new ThiDuaApiOptions();

    public ILogger Logger { get; } = logger;

    /// <summary>
    /// The request's caller, remembered for its audit entry; a state-changing call also takes one
    /// of the caller's write permits (<see cref="Guard.Admitted"/> refuses it when none is left).
    /// </summary>
    public async ValueTask<Caller> CallerAsync(Microsoft.AspNetCore.Http.HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = ApiAudit.Remember(request.HttpContext, await Callers.ResolveAsync(request, cancellationToken));
        if (caller.Role != CallerRole.Anonymous && !Microsoft.AspNetCore.Http.HttpMethods.IsGet(request.Method) && limiter.TryAcquire(caller) is { } retryAfter)
        {
            request.HttpContext.Items[WriteRateLimiter.RetryAfterKey] = retryAfter;
        }

        return caller;
    }

    /// <summary>The campaign, from a short-lived cache (campaigns never change once stored), or null.</summary>
    public async Task<Campaign?> GetCampaignAsync(string blocId, int year, CancellationToken cancellationToken)
    {
        var key = ("campaign", blocId, year);
        if (cache.TryGetValue(key, out Campaign? cached) && cached is not null)
        {
            return cached;
        }

        var campaign = await Campaigns.GetAsync(blocId, year, cancellationToken);
        if (campaign is not null)
        {
            cache.Set(key, campaign, Options.CampaignCacheDuration);
        }

        return campaign;
    }
}
