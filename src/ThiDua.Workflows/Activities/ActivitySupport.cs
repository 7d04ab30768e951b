using System.Text;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Activities;

/// <summary>Steps shared by several activities.</summary>
internal static class ActivitySupport
{
    public static async Task<Campaign> RequireCampaignAsync(this ICampaignStore campaigns, CampaignKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await campaigns.GetAsync(key.BlocId, key.Year)
            ?? throw new InvalidOperationException($"No campaign {key} is stored.");
    }

    /// <summary>
    /// Makes a stored campaign ready for signing and scoring, however it was launched (by the leader
    /// through the API, or carried over): the compact's canonical bytes and rendering stored once, score
    /// submissions opened, the phase at Signing. Idempotent; does nothing once the campaign is past launch.
    /// </summary>
    public static async Task OpenCampaignAsync(Campaign campaign, ICampaignStore campaigns, IDocumentStore documents, ISubmissionWindow window, DateTimeOffset now)
    {
        var state = await campaigns.GetStateAsync(campaign.BlocId, campaign.Year);
        if (state is null || state.Phase >= CampaignPhase.Signing)
        {
            return;
        }

        await PutCompactAsync(campaign, documents);
        var html = CycleDocuments.CompactHtml(campaign.BlocId, campaign.Year);
        await PutOnceAsync(documents, html, new BinaryData(Encoding.UTF8.GetBytes(CompactDocument.RenderHtml(campaign))), "text/html; charset=utf-8");
        await window.OpenAsync(campaign.BlocId, campaign.Year, now);
        await campaigns.AdvanceAsync(campaign.BlocId, campaign.Year, CampaignPhase.Signing, now);
    }

    /// <summary>Stores the compact's canonical bytes once and returns what is stored.</summary>
    public static Task<DocumentWriteResult> PutCompactAsync(Campaign campaign, IDocumentStore documents) =>
        PutOnceAsync(documents, CycleDocuments.Compact(campaign.BlocId, campaign.Year), new BinaryData(CompactDocument.CanonicalBytes(campaign)), "application/json");

    /// <summary>Writes a document once; other bytes already under its name mean the record was altered.</summary>
    public static async Task<DocumentWriteResult> PutOnceAsync(IDocumentStore documents, DocumentLocation at, BinaryData content, string contentType)
    {
        var written = await documents.PutOnceAsync(at.Container, at.Name, content, contentType);
        return written.Succeeded
            ? written
            : throw new InvalidOperationException($"{at} already holds other bytes (SHA-256 {written.Sha256}); a write-once document is never replaced.");
    }

    public static List<string> MemberIds(this Campaign campaign) => campaign.Members.Select(m => m.UnitId).ToList();
}
