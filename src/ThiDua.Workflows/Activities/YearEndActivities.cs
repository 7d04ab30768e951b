using System.Globalization;
using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

using ThiDua.Workflows.Documents;

namespace ThiDua.Workflows.Activities;

/// <summary>
/// Next year's leader and deputy by the bloc's rotation order (LeaderRules.ByRotation, skipping units no
/// longer active members); with a leader elected by vote, the deputy is the unit after it in the rotation.
/// </summary>
public sealed class ElectByRotation(ICampaignStore campaigns, IBlocStore blocs) : TaskActivity<RotationRequest, LeaderChoice>
{
    public override async Task<LeaderChoice> RunAsync(TaskActivityContext context, RotationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.RequireCampaignAsync(input.Campaign);
        var bloc = (await blocs.GetBlocAsync(input.Campaign.BlocId))?.Value
            ?? throw new InvalidOperationException($"Bloc {input.Campaign.BlocId} is not stored.");
        var units = (await blocs.ListUnitsAsync(bloc.BlocId)).Select(u => u.Value).ToList();
        if (input.ElectedLeaderUnitId is not { } elected)
        {
            return LeaderRules.ByRotation(bloc, units, campaign.LeaderUnitId);
        }

        var next = LeaderRules.ByRotation(bloc, units, elected).LeaderUnitId;
        return new LeaderChoice(elected, next == elected ? null : next);
    }
}

/// <summary>
/// Records what the year decided, once: the ranking, the leading unit, the award proposals
/// (ProposalRules.Select, with the sealed compact's missing signers) and next year's leadership; the
/// campaign moves to Elected. The first record stands; the tờ trình and the conference's minutes are drawn up from it.
/// </summary>
public sealed class RecordResults(ICampaignStore campaigns, IResultStore results, YearDocuments documents, TimeProvider time) : TaskActivity<CycleDecisions, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CycleDecisions input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Campaign;
        var campaign = await campaigns.RequireCampaignAsync(key);
        var now = time.GetUtcNow();
        await results.SaveRankingAsync(key.BlocId, key.Year, input.Ranking);
        if (await results.GetYearResultAsync(key.BlocId, key.Year) is null)
        {
            var leading = input.LeadingUnitVote.WinnerId;
            await results.SaveYearResultAsync(new YearResult
            {
                BlocId = key.BlocId,
                Year = key.Year,
                LeadingUnitId = leading,
                Proposals = ProposalRules.Select(campaign.Rules, leading, input.Ranking, input.Seal.Missing),
                NextLeadership = input.NextLeadership,
                DecidedAt = now,
            });
        }

        await campaigns.AdvanceAsync(key.BlocId, key.Year, CampaignPhase.Elected, now);
        if (await results.GetYearResultAsync(key.BlocId, key.Year) is { } recorded)
        {
            await documents.ProduceYearEndAsync(campaign, recorded);
        }

        return true;
    }
}

/// <summary>Stores next year's planned leadership, read by <see cref="CampaignLauncher.PlannedLeadershipAsync"/>.</summary>
public sealed class PlanNextYear(LeadershipPlans plans) : TaskActivity<NextYearPlan, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, NextYearPlan input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Campaign;
        await plans.SaveAsync(new LeadershipPlan(key.BlocId, key.Year + 1, input.Leadership.LeaderUnitId, input.Leadership.DeputyUnitId, key.Year));
        return true;
    }
}

/// <summary>
/// Archives the year: the campaign moves to Archived (every write to it is refused from then on), the
/// year's table records are copied as JSON documents into the archives container, and a manifest listing
/// every artifact with its SHA-256 and size, chained to the previous year's manifest, is written once; the
/// council's decisions on the proposals taken before then are listed in it, and the year-end conference (its
/// record, attendance and nominations) is archived with the votes it held.
/// The archive alone lets a verifier re-check everything offline: the campaign record (members, criteria,
/// rules), the compact's canonical bytes, each .p7s and the certificate each unit signed with (the
/// registered one: the server compared them byte for byte at signing, and units may renew theirs later).
/// A retry or replay finds the manifest and returns it.
/// </summary>
public sealed class ArchiveYear(
    ICampaignStore campaigns,
    ISignatureStore signatures,
    IScoreSheets sheets,
    IScoreAdjustments adjustments,
    IVoteStore votes,
    IResultStore results,
    IConferenceStore conferences,
    IDocumentStore documents,
    YearDocuments yearDocuments,
    TimeProvider time) : TaskActivity<CampaignKey, ArchiveReceipt>
{
    private const string Json = "application/json";

    public override async Task<ArchiveReceipt> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        var campaign = await campaigns.RequireCampaignAsync(input);
        await campaigns.AdvanceAsync(input.BlocId, input.Year, CampaignPhase.Archived, time.GetUtcNow());
        var manifestAt = CycleDocuments.Manifest(input.BlocId, input.Year);
        if (await documents.GetRecordAsync(manifestAt.Container, manifestAt.Name) is { } archived)
        {
            return new ArchiveReceipt(manifestAt.ToString(), archived.Sha256);
        }

        var sealAt = CycleDocuments.Seal(input.BlocId, input.Year);
        var seal = await documents.ReadAsync(sealAt.Container, sealAt.Name) is { } sealedEnvelope
            ? DocumentJson.Deserialize<CompactSealEnvelope>(sealedEnvelope.Content)
            : null;
        await yearDocuments.EnsureAllAsync(campaign, seal, time.GetUtcNow());
        var artifacts = new List<ArchiveArtifact> { await CopyAsync(input, "campaign", "campaign.json", campaign) };
        await AddCompactAsync(campaign, artifacts);
        await AddScoresAsync(campaign, artifacts);
        foreach (var purpose in Enum.GetValues<VotePurpose>())
        {
            await AddVoteAsync(campaign, purpose, artifacts);
        }

        var nominations = await conferences.ListNominationsAsync(input.BlocId, input.Year);
        var conference = await conferences.GetAsync(input.BlocId, input.Year);
        if (conference is not null || nominations.Count > 0)
        {
            var attendance = await conferences.ListAttendanceAsync(input.BlocId, input.Year);
            artifacts.Add(await CopyAsync(input, "conference", "conference.json", new ArchivedConference(conference, attendance, nominations)));
        }

        if (await results.GetRankingAsync(input.BlocId, input.Year) is { } ranking)
        {
            artifacts.Add(await CopyAsync(input, "ranking", "ranking.json", ranking));
        }

        if (await results.GetYearResultAsync(input.BlocId, input.Year) is { } result)
        {
            artifacts.Add(await CopyAsync(input, "results", "results.json", result));
        }

        foreach (var document in await documents.ListRecordsAsync(DocumentContainers.Documents, CycleDocuments.OfficialDocumentsPrefix(input.BlocId, input.Year)))
        {
            var kind = document.Name.EndsWith("." + CycleDocuments.FactsExtension, StringComparison.Ordinal) ? "document-facts" : "document";
            artifacts.Add(new ArchiveArtifact(kind, document.Container, document.Name, document.Sha256, document.Size));
        }

        // The council's decisions taken so far are already write-once under the year's path; later ones join
        // them there, outside the manifest, and verification checks both.
        foreach (var decision in await documents.ListRecordsAsync(DocumentContainers.Archives, CycleDocuments.ProposalDecisionsPrefix(input.BlocId, input.Year)))
        {
            artifacts.Add(new ArchiveArtifact("proposal-decision", decision.Container, decision.Name, decision.Sha256, decision.Size));
        }

        var previous = CycleDocuments.Manifest(input.BlocId, input.Year - 1);
        var manifest = new ArchiveManifest(
            ArchiveManifest.CurrentFormat,
            input.BlocId,
            input.Year,
            (await documents.GetRecordAsync(previous.Container, previous.Name))?.Sha256,
            artifacts.OrderBy(a => a.Container, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).ToList());

        // Another attempt that wrote the manifest first saw the same frozen year: its manifest stands.
        var written = await documents.PutOnceAsync(manifestAt.Container, manifestAt.Name, DocumentJson.Serialize(manifest), Json);
        return new ArchiveReceipt(manifestAt.ToString(), written.Sha256);
    }

    private async Task AddCompactAsync(Campaign campaign, List<ArchiveArtifact> artifacts)
    {
        var compact = CycleDocuments.Compact(campaign.BlocId, campaign.Year);
        var written = await ActivitySupport.PutCompactAsync(campaign, documents);
        artifacts.Add(new ArchiveArtifact("compact", compact.Container, compact.Name, written.Sha256, written.Size));
        await AddRecordAsync("compact-html", CycleDocuments.CompactHtml(campaign.BlocId, campaign.Year), artifacts);
        foreach (var signature in await signatures.ListAsync(campaign.BlocId, campaign.Year))
        {
            artifacts.Add(new ArchiveArtifact("signature", DocumentContainers.Compacts, signature.BlobName, signature.SignatureSha256, signature.Size));
            if (await CopyCertificateAsync(campaign, signature) is { } certificate)
            {
                artifacts.Add(certificate);
            }
        }

        await AddRecordAsync("seal", CycleDocuments.Seal(campaign.BlocId, campaign.Year), artifacts);
    }

    /// <summary>
    /// The certificate the unit signed with, taken from its .p7s where the recorded thumbprint names it.
    /// A .p7s altered since signing yields none: the year is still archived, and verification names the gap.
    /// </summary>
    private async Task<ArchiveArtifact?> CopyCertificateAsync(Campaign campaign, CompactSignature signature)
    {
        var p7s = await documents.ReadAsync(DocumentContainers.Compacts, signature.BlobName);
        if (p7s is not { Verified: true }
            || ArchivedCertificates.SignerCertificatePem(p7s.Content.ToMemory(), signature.CertificateThumbprint) is not { } pem)
        {
            return null;
        }

        var at = CycleDocuments.ArchivedRecord(campaign.BlocId, campaign.Year, $"certificates/{signature.UnitId}.pem");
        var written = await ActivitySupport.PutOnceAsync(documents, at, new BinaryData(System.Text.Encoding.ASCII.GetBytes(pem)), "application/x-pem-file");
        return new ArchiveArtifact("certificate", at.Container, at.Name, written.Sha256, written.Size);
    }

    private async Task AddScoresAsync(Campaign campaign, List<ArchiveArtifact> artifacts)
    {
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        foreach (var unitId in campaign.Members.Select(m => m.UnitId).Order(StringComparer.Ordinal))
        {
            foreach (var sheet in await sheets.ListVersionsAsync(campaign.BlocId, campaign.Year, unitId))
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"scores/{unitId}/v{sheet.Version:D6}.json");
                artifacts.Add(await CopyAsync(key, "score-sheet", name, sheet));
            }
        }

        artifacts.Add(await CopyAsync(key, "adjustments", "adjustments.json", await adjustments.ListAdjustmentsAsync(campaign.BlocId, campaign.Year)));
        if (await adjustments.ListLateAsync(campaign.BlocId, campaign.Year) is { Count: > 0 } late)
        {
            artifacts.Add(await CopyAsync(key, "late-submissions", "late-submissions.json", late));
        }
    }

    private async Task AddVoteAsync(Campaign campaign, VotePurpose purpose, List<ArchiveArtifact> artifacts)
    {
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        for (var number = 1; ; number++)
        {
            var roundKey = VoteRound.KeyOf(campaign.BlocId, campaign.Year, purpose, number);
            if (await votes.GetRoundAsync(roundKey) is not { } round)
            {
                return;
            }

            artifacts.Add(await CopyAsync(key, "vote-round", $"votes/{roundKey}/round.json", round));
            var ballots = (await votes.ListBallotsAsync(roundKey)).OrderBy(b => b.BallotId, StringComparer.Ordinal).ToList();
            artifacts.Add(await CopyAsync(key, "ballots", $"votes/{roundKey}/ballots.json", ballots));
            if (await votes.GetTallyAsync(roundKey) is { } tally)
            {
                artifacts.Add(await CopyAsync(key, "tally", $"votes/{roundKey}/tally.json", tally));
            }

            await AddRecordAsync("minutes", CycleDocuments.Minutes(campaign.BlocId, campaign.Year, roundKey), artifacts);
        }
    }

    private async Task AddRecordAsync(string kind, DocumentLocation at, List<ArchiveArtifact> artifacts)
    {
        if (await documents.GetRecordAsync(at.Container, at.Name) is { } record)
        {
            artifacts.Add(new ArchiveArtifact(kind, at.Container, at.Name, record.Sha256, record.Size));
        }
    }

    private async Task<ArchiveArtifact> CopyAsync<T>(CampaignKey key, string kind, string relativeName, T record)
    {
        var at = CycleDocuments.ArchivedRecord(key.BlocId, key.Year, relativeName);
        var written = await ActivitySupport.PutOnceAsync(documents, at, DocumentJson.Serialize(record), Json);
        return new ArchiveArtifact(kind, at.Container, at.Name, written.Sha256, written.Size);
    }
}
