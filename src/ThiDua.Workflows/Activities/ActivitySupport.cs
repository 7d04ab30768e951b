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

    /// <summary>Stores the compact's canonical bytes once and returns what is stored.</summary>
    public static Task<DocumentWriteResult> PutCompactAsync(Campaign campaign, IDocumentStore documents, CancellationToken cancellationToken = default) =>
        PutOnceAsync(documents, CycleDocuments.Compact(campaign.BlocId, campaign.Year), new BinaryData(CompactDocument.CanonicalBytes(campaign)), "application/json", cancellationToken);

    /// <summary>Writes a document once; other bytes already under its name mean the record was altered.</summary>
    public static async Task<DocumentWriteResult> PutOnceAsync(
        IDocumentStore documents, DocumentLocation at, BinaryData content, string contentType, CancellationToken cancellationToken = default)
    {
        var written = await documents.PutOnceAsync(at.Container, at.Name, content, contentType, cancellationToken);
        return written.Succeeded
            ? written
            : throw new InvalidOperationException($"{at} already holds other bytes (SHA-256 {written.Sha256}); a write-once document is never replaced.");
    }

    public static List<string> MemberIds(this Campaign campaign) => campaign.Members.Select(m => m.UnitId).ToList();
}
