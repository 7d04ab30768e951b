using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Http;

/// <summary>
/// What the handlers need, as one service so that each handler takes it as a single explicit
/// parameter in both hosts (minimal APIs inject it; the Functions adapters create it from DI).
/// </summary>
public sealed class ApiServices(
    IBlocStore blocs,
    ICriteriaDraftStore criteriaDrafts,
    ICampaignStore campaigns,
    ISubmissionWindow submissionWindow,
    IScoreSheets scoreSheets,
    IScoreAdjustments adjustments,
    ISignatureStore signatures,
    IVoteStore votes,
    IResultStore results,
    IConferenceStore conferences,
    ProposalStore proposals,
    IDocumentStore documents,
    IEvidenceStore evidence,
    MailQueueClient mailQueue,
    CompactSignatureVerifier verifier,
    CampaignLauncher launcher,
    CampaignStatusReader statusReader,
    IMemoryCache cache,
    TimeProvider clock,
    IOptions<ThiDuaApiOptions> options,
    ILogger<ApiServices> logger)
{
    public IBlocStore Blocs { get; } = blocs;

    /// <summary>The years' criteria while they are prepared, before the launch.</summary>
    public ICriteriaDraftStore CriteriaDrafts { get; } = criteriaDrafts;

    public ICampaignStore Campaigns { get; } = campaigns;

    public ISubmissionWindow SubmissionWindow { get; } = submissionWindow;

    public IScoreSheets ScoreSheets { get; } = scoreSheets;

    public IScoreAdjustments Adjustments { get; } = adjustments;

    public ISignatureStore Signatures { get; } = signatures;

    public IVoteStore Votes { get; } = votes;

    public IResultStore Results { get; } = results;

    /// <summary>Nominations and the year-end conference (attendance, the chair's requests).</summary>
    public IConferenceStore Conferences { get; } = conferences;

    /// <summary>The years' award proposals and the council's decisions on them.</summary>
    public ProposalStore Proposals { get; } = proposals;

    public IDocumentStore Documents { get; } = documents;

    public IEvidenceStore Evidence { get; } = evidence;

    /// <summary>Where accepted submissions ask for their confirmation email.</summary>
    public MailQueueClient MailQueue { get; } = mailQueue;

    public CompactSignatureVerifier Verifier { get; } = verifier;

    public CampaignLauncher Launcher { get; } = launcher;

    /// <summary>The one read of a campaign's status, results and progress.</summary>
    public CampaignStatusReader StatusReader { get; } = statusReader;

    public TimeProvider Clock { get; } = clock;

    public ThiDuaApiOptions Options { get; } = options?.Value ?? new ThiDuaApiOptions();

    public ILogger Logger { get; } = logger;

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
