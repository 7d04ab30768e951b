using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

using ThiDua.Workflows.Documents;

namespace ThiDua.Workflows.Activities;

/// <summary>Who has signed the compact and who has not, read from the recorded signatures.</summary>
public sealed class GetSigningProgress(ICampaignStore campaigns, ISignatureStore signatures) : TaskActivity<CampaignKey, SigningProgress>
{
    public override async Task<SigningProgress> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        var campaign = await campaigns.RequireCampaignAsync(input);
        var pending = await CycleProgress.NotSignedAsync(campaign, signatures);
        return new SigningProgress(campaign.MemberIds().Except(pending, StringComparer.Ordinal).ToList(), pending);
    }
}

/// <summary>
/// Seals the compact: moves the campaign to Sealed (the API refuses signatures from then on), then
/// writes the envelope once to the compacts container, and the giao ước thi đua is drawn up with its digital
/// signatures. A retry or replay finds the envelope and returns it: the first seal stands.
/// </summary>
public sealed class SealCompact(ICampaignStore campaigns, ISignatureStore signatures, IDocumentStore documents, YearDocuments yearDocuments, TimeProvider time)
    : TaskActivity<CampaignKey, CompactSeal>
{
    public override async Task<CompactSeal> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        var campaign = await campaigns.RequireCampaignAsync(input);
        await campaigns.AdvanceAsync(input.BlocId, input.Year, CampaignPhase.Sealed, time.GetUtcNow());
        var at = CycleDocuments.Seal(input.BlocId, input.Year);
        if (await documents.ReadAsync(at.Container, at.Name) is { } sealedBefore)
        {
            var before = DocumentJson.Deserialize<CompactSealEnvelope>(sealedBefore.Content);
            await yearDocuments.ProduceCompactAsync(campaign, before);
            return ToSeal(sealedBefore.ActualSha256, before);
        }

        var members = campaign.Members.Select(m => m.UnitId).Order(StringComparer.Ordinal).ToList();
        var recorded = (await signatures.ListAsync(input.BlocId, input.Year))
            .Where(s => campaign.FindMember(s.UnitId) is not null)
            .OrderBy(s => s.UnitId, StringComparer.Ordinal)
            .Select(s => new SealedSignature(s.UnitId, s.SignatureSha256, s.Size, s.CertificateThumbprint, s.SignedAt.ToUniversalTime(), s.BlobName))
            .ToList();
        var envelope = new CompactSealEnvelope(
            CompactSealEnvelope.CurrentFormat,
            input.BlocId,
            input.Year,
            CompactDocument.Sha256(campaign),
            recorded,
            members.Where(m => !recorded.Any(s => s.UnitId == m)).ToList());
        var written = await documents.PutOnceAsync(at.Container, at.Name, DocumentJson.Serialize(envelope), "application/json");
        if (!written.Succeeded)
        {
            // Another attempt sealed first, with the signatures it saw: that seal stands.
            var standing = await documents.ReadAsync(at.Container, at.Name)
                ?? throw new InvalidOperationException($"{at} conflicted but cannot be read.");
            var first = DocumentJson.Deserialize<CompactSealEnvelope>(standing.Content);
            await yearDocuments.ProduceCompactAsync(campaign, first);
            return ToSeal(standing.ActualSha256, first);
        }

        await yearDocuments.ProduceCompactAsync(campaign, envelope);
        return ToSeal(written.Sha256, envelope);
    }

    private static CompactSeal ToSeal(string sha256, CompactSealEnvelope envelope) =>
        new(sha256, envelope.Signatures.Select(s => s.UnitId).ToList(), envelope.Missing);
}
