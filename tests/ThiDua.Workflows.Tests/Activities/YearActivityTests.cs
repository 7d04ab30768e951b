using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Activities;

/// <summary>Sealing, a vote round, results and the archive of a year, on Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class YearActivityTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Launch = new(2026, 1, 20, 9, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task The_seal_lists_each_signature_hash_and_the_missing_signers_and_the_first_seal_stands()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Seal", Launch);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var p7s = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var unitId in new[] { "so-tu-phap", "cong-an-tinh", "so-noi-vu" })
        {
            p7s[unitId] = await SignAsync(world, campaign, unitId);
        }

        var progress = await world.RunAsync<GetSigningProgress, CampaignKey, SigningProgress>(key);
        Assert.Equal(["cong-an-tinh", "so-tu-phap", "so-noi-vu"], progress.Signers);
        Assert.Equal(["bo-chqs-tinh", "cuc-thads"], progress.Pending);

        world.Clock.Now = campaign.Schedule.SigningDeadline.AddSeconds(1);
        var seal = await world.RunAsync<SealCompact, CampaignKey, CompactSeal>(key);

        Assert.Equal(["bo-chqs-tinh", "cuc-thads"], seal.Missing);
        var stored = await world.Documents.ReadAsync(DocumentContainers.Compacts, CycleDocuments.Seal(key.BlocId, key.Year).Name);
        Assert.True(stored!.Verified);
        Assert.Equal(seal.EnvelopeSha256, stored.ActualSha256);
        var envelope = DocumentJson.Deserialize<CompactSealEnvelope>(stored.Content);
        Assert.Equal(CompactDocument.Sha256(campaign), envelope.CompactSha256);
        Assert.Equal(["bo-chqs-tinh", "cuc-thads"], envelope.Missing);
        Assert.Equal(p7s.Keys.Order(StringComparer.Ordinal), envelope.Signatures.Select(s => s.UnitId));
        Assert.All(envelope.Signatures, s => Assert.Equal(Hashing.Sha256Hex(p7s[s.UnitId]), s.SignatureSha256));

        // A signature recorded after the seal (a late upload the API should have refused) changes nothing.
        await SignAsync(world, campaign, "cuc-thads");
        var again = await world.RunAsync<SealCompact, CampaignKey, CompactSeal>(key);
        Assert.Equal(seal.EnvelopeSha256, again.EnvelopeSha256);
        Assert.Equal(seal.Missing, again.Missing);
        Assert.Equal(CampaignPhase.Sealed, (await world.Campaigns.GetStateAsync(key.BlocId, key.Year))!.Phase);
    }

    [Fact]
    public async Task Closing_a_round_twice_returns_the_same_tally_and_writes_the_minutes_once()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Vote", Launch);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var open = await OpenLeadingUnitRoundAsync(world, campaign);
        var receipts = new List<string>();
        foreach (var (voter, choice) in new[] { ("so-tu-phap", "so-tu-phap"), ("cong-an-tinh", "so-tu-phap"), ("so-noi-vu", "so-tu-phap"), ("cuc-thads", (string?)null) })
        {
            receipts.Add(await CastAsync(world, open.Round, voter, choice));
        }

        var progress = await world.RunAsync<GetVoteProgress, OpenRoundRequest, VoteProgress>(open);
        Assert.Equal(4, progress.Voted);
        Assert.Equal(["bo-chqs-tinh"], progress.Pending);

        world.Clock.Now = open.ClosesAt;
        var tally = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);
        var minutesAt = CycleDocuments.Minutes(campaign.BlocId, campaign.Year, open.Round.RoundKey);
        var firstMinutes = await world.Documents.ReadAsync(minutesAt.Container, minutesAt.Name);
        world.Clock.Now = open.ClosesAt.AddMinutes(7);
        var replay = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);

        Assert.Equal(TallyOutcome.Winner, tally.Outcome);
        Assert.Equal("so-tu-phap", tally.WinnerId);
        Assert.Equal(4, tally.BallotsCast);
        Assert.Equal(1, tally.Abstentions);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(tally), System.Text.Json.JsonSerializer.Serialize(replay));
        var late = new Ballot(open.Round.RoundKey, Guid.NewGuid().ToString("n"), "so-tu-phap");
        Assert.Equal(CastOutcome.RoundClosed, await world.Votes.CastAsync("bo-chqs-tinh", late, VoteRules.Receipt(late)));

        var minutes = await world.Documents.ReadAsync(minutesAt.Container, minutesAt.Name);
        Assert.True(minutes!.Verified);
        Assert.Equal(firstMinutes!.ActualSha256, minutes.ActualSha256);
        Assert.Single(await world.Documents.ListRecordsAsync(DocumentContainers.Documents, $"{campaign.BlocId}/2026/minutes/"));
        var text = minutes.Content.ToString();
        Assert.StartsWith("BIÊN BẢN KIỂM PHIẾU\n", text, StringComparison.Ordinal);
        Assert.Contains("Kết luận: Sở Tư pháp (so-tu-phap) trúng với 3 phiếu.", text, StringComparison.Ordinal);
        Assert.Contains("Kết thúc bỏ phiếu: " + VietnamTime.Format(open.ClosesAt), text, StringComparison.Ordinal);
        Assert.All(receipts, r => Assert.Contains("  " + r + "\n", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_archive_manifest_lists_every_artifact_with_its_hash_and_chains_the_next_year_launched_from_it()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Archive", Launch);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        await SignAsync(world, campaign, "so-tu-phap");
        await SignAsync(world, campaign, "so-noi-vu");
        await world.RunAsync<SealCompact, CampaignKey, CompactSeal>(key);

        var (closure, ranking) = await world.ScoreYearAsync(campaign);
        Assert.Equal(["so-tu-phap", "cong-an-tinh", "so-noi-vu", "bo-chqs-tinh", "cuc-thads"], ranking.Entries.Select(e => e.UnitId));
        Assert.Equal(85m, ranking.Find("cong-an-tinh")!.Total);

        var open = await OpenLeadingUnitRoundAsync(world, campaign);
        foreach (var voter in ActivityWorld.Units.Select(u => u.UnitId))
        {
            await CastAsync(world, open.Round, voter, "so-tu-phap");
        }

        var tally = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);
        var leadership = await world.RunAsync<ElectByRotation, RotationRequest, LeaderChoice>(new RotationRequest(key, null));
        Assert.Equal(new LeaderChoice("cuc-thads", "bo-chqs-tinh"), leadership);
        var seal = await world.RunAsync<SealCompact, CampaignKey, CompactSeal>(key);
        var decisions = new CycleDecisions(key, seal, closure, ranking, new VoteOutcome(VotePurpose.LeadingUnit, tally.WinnerId, [tally]), leadership);
        await world.RunAsync<RecordResults, CycleDecisions, bool>(decisions);
        var result = await world.Results.GetYearResultAsync(key.BlocId, key.Year);
        Assert.Equal("so-tu-phap", result!.LeadingUnitId);

        // Units that did not sign the compact (Công an tỉnh, ranked second) are not proposed.
        Assert.Equal(
            [("so-tu-phap", "co-thi-dua-tinh", 1), ("so-noi-vu", "bang-khen-ubnd-tinh", 1)],
            result.Proposals.Select(p => (p.UnitId, p.LevelId, p.Order)));

        var receipt = await world.RunAsync<ArchiveYear, CampaignKey, ArchiveReceipt>(key);
        Assert.Equal(receipt, await world.RunAsync<ArchiveYear, CampaignKey, ArchiveReceipt>(key));
        Assert.Equal(CampaignPhase.Archived, (await world.Campaigns.GetStateAsync(key.BlocId, key.Year))!.Phase);

        var manifest = await ReadManifestAsync(world, receipt);
        Assert.Null(manifest.PreviousManifestSha256);
        var kinds = manifest.Artifacts.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, kinds["compact"]);
        Assert.Equal(2, kinds["signature"]);
        Assert.Equal(1, kinds["seal"]);
        Assert.Equal(4, kinds["score-sheet"]);
        Assert.Equal(1, kinds["adjustments"]);
        Assert.Equal(1, kinds["ballots"]);
        Assert.Equal(1, kinds["tally"]);
        Assert.Equal(1, kinds["minutes"]);
        Assert.Equal(1, kinds["ranking"]);
        Assert.Equal(1, kinds["results"]);
        foreach (var artifact in manifest.Artifacts)
        {
            var content = await world.Documents.ReadAsync(artifact.Container, artifact.Name);
            Assert.True(content is not null, $"{artifact.Container}/{artifact.Name} is listed but missing.");
            Assert.Equal(artifact.Sha256, Hashing.Sha256Hex(content.Content.ToMemory().Span));
            Assert.Equal(artifact.Size, content.Content.ToMemory().Length);
        }

        var compact = manifest.Artifacts.Single(a => a.Kind == "compact");
        Assert.Equal(CompactDocument.Sha256(campaign), compact.Sha256);
        var ballots = manifest.Artifacts.Single(a => a.Kind == "ballots");
        var archivedBallots = DocumentJson.Deserialize<List<StoredBallot>>((await world.Documents.ReadAsync(ballots.Container, ballots.Name))!.Content);
        Assert.Equal(5, archivedBallots.Count(b => b.Choice == "so-tu-phap"));

        // The next year is carried over under the planned leadership and archived with a chain to this one.
        await world.RunAsync<PlanNextYear, NextYearPlan, bool>(new NextYearPlan(key, leadership));
        world.Clock.Now = new DateTimeOffset(2027, 1, 16, 8, 0, 0, TimeSpan.FromHours(7));
        var next = await world.RunAsync<LaunchFromPreviousYear, CampaignKey, Campaign?>(new CampaignKey(key.BlocId, 2027));
        Assert.NotNull(next);
        Assert.Equal("cuc-thads", next.LeaderUnitId);
        Assert.Equal("bo-chqs-tinh", next.DeputyUnitId);
        Assert.Equal(campaign.Criteria.Criteria.Select(c => c.Title), next.Criteria.Criteria.Select(c => c.Title));
        Assert.Equal(campaign.Commitments, next.Commitments);
        Assert.Equal(VietnamTime.EndOfDay(2027, 12, 15), next.Schedule.ScoringDeadline);
        Assert.True(await world.SubmissionWindow.IsOpenAsync(key.BlocId, 2027));

        var nextReceipt = await world.RunAsync<ArchiveYear, CampaignKey, ArchiveReceipt>(new CampaignKey(key.BlocId, 2027));
        Assert.Equal(receipt.ManifestSha256, (await ReadManifestAsync(world, nextReceipt)).PreviousManifestSha256);
    }

    private static async Task<ArchiveManifest> ReadManifestAsync(ActivityWorld world, ArchiveReceipt receipt)
    {
        var name = receipt.Location[(DocumentContainers.Archives.Length + 1)..];
        var stored = await world.Documents.ReadAsync(DocumentContainers.Archives, name);
        Assert.True(stored!.Verified);
        Assert.Equal(receipt.ManifestSha256, stored.ActualSha256);
        return DocumentJson.Deserialize<ArchiveManifest>(stored.Content);
    }

    private static async Task<byte[]> SignAsync(ActivityWorld world, Campaign campaign, string unitId)
    {
        using var certificate = CompactSigning.CreateSelfSignedUnitCertificate(unitId, Launch.AddYears(-1), Launch.AddYears(3));
        var signature = CompactSigning.SignDetached(CompactDocument.CanonicalBytes(campaign), certificate, world.Clock.GetUtcNow());
        var check = world.Get<CompactSignatureVerifier>().Verify(CompactDocument.CanonicalBytes(campaign), signature, certificate.ExportCertificatePem());
        Assert.True(check.IsValid, check.Reason);
        var recorded = await world.Signatures.RecordAsync(campaign.BlocId, campaign.Year, unitId, new BinaryData(signature), check.CertificateThumbprint!, check.SignedAt!.Value);
        Assert.Equal(SignOutcome.Recorded, recorded.Outcome);
        return signature;
    }

    private static async Task<OpenRoundRequest> OpenLeadingUnitRoundAsync(ActivityWorld world, Campaign campaign)
    {
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var round = new VoteRound
        {
            BlocId = campaign.BlocId,
            Year = campaign.Year,
            Purpose = VotePurpose.LeadingUnit,
            RoundNumber = 1,
            Candidates = ["so-tu-phap", "cong-an-tinh", "so-noi-vu"],
            EligibleVoters = campaign.Members.Count,
        };
        var open = new OpenRoundRequest(key, round, world.Clock.GetUtcNow().AddDays(1));
        Assert.Equal(round.RoundKey, (await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open)).RoundKey);
        Assert.Equal(round.RoundKey, (await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open)).RoundKey);
        return open;
    }

    private static async Task<string> CastAsync(ActivityWorld world, VoteRound round, string voter, string? choice)
    {
        var ballot = new Ballot(round.RoundKey, Guid.NewGuid().ToString("n"), choice);
        var receipt = VoteRules.Receipt(ballot);
        Assert.Equal(CastOutcome.Cast, await world.Votes.CastAsync(voter, ballot, receipt));
        return receipt;
    }
}
