using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ThiDua.Archive;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Archive;

/// <summary>
/// Archived years on Azurite, verified as an auditor would, then tampered with as someone holding the
/// storage account key could: one byte of a blob, a deleted blob, an edited Table row, a broken chain.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ArchiveVerificationTests(AzuriteFixture azurite)
{
    private const string Bloc = ActivityWorld.BlocId;
    private const int Year = 2026;

    [Fact]
    public async Task An_untouched_archive_holds_everything_a_verifier_needs_and_verifies()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "VerifyClean", Start(Year));
        await ArchiveYearAsync(world, Year);

        var manifest = await ReadManifestAsync(world, Year);
        var kinds = manifest.Artifacts.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, kinds["campaign"]);
        Assert.Equal(1, kinds["compact"]);
        Assert.Equal(2, kinds["signature"]);
        Assert.Equal(2, kinds["certificate"]);
        Assert.Equal(1, kinds["seal"]);
        Assert.Equal(4, kinds["score-sheet"]);
        Assert.Equal(1, kinds["adjustments"]);
        Assert.Equal(1, kinds["vote-round"]);
        Assert.Equal(1, kinds["ballots"]);
        Assert.Equal(1, kinds["tally"]);
        Assert.Equal(1, kinds["minutes"]);
        Assert.Equal(1, kinds["ranking"]);
        Assert.Equal(1, kinds["results"]);
        Assert.Equal(4, kinds["document-facts"]);
        Assert.Equal(8, kinds["document"]);

        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year);

        Assert.True(verification.Holds, Describe(verification));
        Assert.All(verification.Checks, c => Assert.Null(c.Problem));
        Assert.Contains(verification.Checks, c => c.Subject == "signature:so-tu-phap" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "signature:so-noi-vu" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == $"tally:{Bloc}-{Year}-leading-unit-1" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "ranking" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "chain" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "table:rows" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "document:giao-uoc-thi-dua" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "document:bang-tong-hop-ket-qua-cham-diem" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "document:bien-ban-kiem-phieu-don-vi-dan-dau-vong-1" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "document:to-trinh-de-nghi-khen-thuong" && c.Holds);
        Assert.Contains(verification.Checks, c => c.Subject == "documents" && c.Holds);
        Assert.StartsWith("Chữ ký số của so-tu-phap", verification.Checks.Single(c => c.Subject == "signature:so-tu-phap").Description, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> ChangedBlobs => new()
    {
        { "manifest", "manifest.json" },
        { "score sheet", "scores/so-tu-phap/v000001.json" },
        { "ballots", "votes/noi-chinh-2026-leading-unit-1/ballots.json" },
        { "signature", "signatures/so-tu-phap-" },
        { "certificate", "certificates/so-noi-vu.pem" },
        { "minutes", "minutes/" },
        { "compact", "compact.json" },
        { "document", "documents/bien-ban-kiem-phieu-don-vi-dan-dau-vong-1.pdf" },
    };

    [Theory]
    [MemberData(nameof(ChangedBlobs))]
    public async Task Changing_one_byte_of_an_archived_blob_fails_verification_and_names_the_blob_and_both_hashes(string kind, string nameFragment)
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Flip" + new string(kind.Where(char.IsAsciiLetter).ToArray()), Start(Year));
        await ArchiveYearAsync(world, Year);
        var blob = await FindBlobAsync(world, nameFragment);
        var original = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var changed = (byte[])original.Clone();
        changed[changed.Length / 2] ^= 0x01;
        await blob.UploadAsync(new BinaryData(changed), overwrite: true);

        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year, Localizer.English);

        Assert.False(verification.Holds);
        var failed = verification.Checks.First(c => !c.Holds);
        Assert.Contains(blob.Name, failed.Problem!, StringComparison.Ordinal);
        Assert.Contains(Hashing.Sha256Hex(original), failed.Problem!, StringComparison.Ordinal);
        Assert.Contains(Hashing.Sha256Hex(changed), failed.Problem!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_signature_also_fails_its_signature_check_and_a_deleted_tally_is_named_missing()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "VerifyDelete", Start(Year));
        await ArchiveYearAsync(world, Year);
        var tally = await FindBlobAsync(world, "/tally.json");
        await tally.DeleteAsync();
        var signature = await FindBlobAsync(world, "signatures/so-noi-vu-");
        var bytes = (await signature.DownloadContentAsync()).Value.Content.ToArray();
        bytes[^10] ^= 0x01;
        await signature.UploadAsync(new BinaryData(bytes), overwrite: true);

        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year);

        Assert.False(verification.Holds);
        var missing = verification.Checks.Single(c => c.Subject == "artifact:archives/" + tally.Name);
        Assert.Equal($"archives/{tally.Name}: không còn trong kho lưu trữ (đã bị xoá)", missing.Problem);
        var changed = verification.Checks.Single(c => c.Subject == "signature:so-noi-vu");
        Assert.Equal($"Không kiểm tra được: thiếu hoặc hỏng compacts/{signature.Name}", changed.Problem);
        Assert.True(verification.Checks.Single(c => c.Subject == "signature:so-tu-phap").Holds);
        Assert.False(verification.Checks.Single(c => c.Subject == $"tally:{Bloc}-{Year}-leading-unit-1").Holds);
    }

    [Fact]
    public async Task Editing_the_recorded_hash_of_the_manifest_or_of_an_artifact_fails_and_names_the_row()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "VerifyRecord", Start(Year));
        await ArchiveYearAsync(world, Year);
        var documents = TableOf(world, "Documents");
        var manifestKey = $"{Bloc}:{Year}:manifest.json";
        var rankingKey = $"{Bloc}:{Year}:ranking.json";
        var forged = new string('0', 64);
        foreach (var rowKey in new[] { manifestKey, rankingKey })
        {
            var edited = (await documents.GetEntityAsync<TableEntity>(DocumentContainers.Archives, rowKey)).Value;
            edited["Sha256"] = forged;
            await documents.UpdateEntityAsync(edited, edited.ETag, TableUpdateMode.Replace);
        }

        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year, Localizer.English);

        Assert.False(verification.Holds);
        var manifest = verification.Checks.Single(c => c.Subject == "manifest");
        Assert.False(manifest.Holds);
        Assert.StartsWith($"archives/{Bloc}/{Year}/manifest.json: the recorded hash is SHA-256 {forged}", manifest.Problem, StringComparison.Ordinal);

        // With only the artifact's row edited, the manifest stands and the artifact names its row.
        var row = (await documents.GetEntityAsync<TableEntity>(DocumentContainers.Archives, manifestKey)).Value;
        row["Sha256"] = (await ReadManifestRecordAsync(world)).ActualSha256;
        await documents.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year, Localizer.English);
        var ranking = verification.Checks.Single(c => !c.Holds);
        Assert.Equal($"artifact:archives/{Bloc}/{Year}/ranking.json", ranking.Subject);
        Assert.Contains($"the recorded hash is {forged} (the record was edited)", ranking.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_score_row_or_a_ballot_row_after_the_archive_fails_the_table_check_and_names_the_row()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "VerifyRows", Start(Year));
        await ArchiveYearAsync(world, Year);
        var scores = TableOf(world, "Scores");
        var version = (await scores.GetEntityAsync<TableEntity>($"{Bloc}:{Year}", "version:so-tu-phap:000002")).Value;
        version["Json"] = version.GetString("Json").Replace("\"points\":58", "\"points\":60", StringComparison.Ordinal);
        Assert.Contains("\"points\":60", version.GetString("Json"), StringComparison.Ordinal);
        await scores.UpdateEntityAsync(version, version.ETag, TableUpdateMode.Replace);

        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year);

        var rows = Assert.Single(verification.Checks, c => !c.Holds);
        Assert.Equal("table:rows", rows.Subject);
        Assert.Contains($"score-sheet archives/{Bloc}/{Year}/scores/so-tu-phap/v000002.json: lưu trữ có SHA-256", rows.Problem, StringComparison.Ordinal);
        Assert.Contains("(bản ghi đã bị sửa)", rows.Problem, StringComparison.Ordinal);

        var votes = TableOf(world, "Votes");
        var roundKey = $"{Bloc}-{Year}-leading-unit-1";
        await foreach (var ballot in votes.QueryAsync<TableEntity>(e => e.PartitionKey == roundKey))
        {
            if (ballot.RowKey.StartsWith("ballot:", StringComparison.Ordinal))
            {
                await votes.DeleteEntityAsync(ballot.PartitionKey, ballot.RowKey);
                break;
            }
        }

        verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year);
        Assert.Contains($"ballots archives/{Bloc}/{Year}/votes/{roundKey}/ballots.json", verification.Checks.Single(c => c.Subject == "table:rows").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chain_verifies_back_to_the_first_archived_year_and_a_changed_earlier_manifest_breaks_it()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "VerifyChain", Start(Year));
        await ArchiveYearAsync(world, Year);
        await ArchiveYearAsync(world, Year + 1);
        Assert.True((await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year + 1)).Holds);
        var earlier = await FindBlobAsync(world, "manifest.json");
        Assert.EndsWith($"{Year}/manifest.json", earlier.Name, StringComparison.Ordinal);
        var bytes = (await earlier.DownloadContentAsync()).Value.Content.ToArray();
        var linked = Hashing.Sha256Hex(bytes);
        bytes[^5] ^= 0x01;
        await earlier.UploadAsync(new BinaryData(bytes), overwrite: true);

        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year + 1, Localizer.English);

        Assert.False(verification.Holds);
        var chain = Assert.Single(verification.Checks, c => !c.Holds);
        Assert.Equal("chain", chain.Subject);
        Assert.Equal($"Broken chain: the {Year + 1} manifest records SHA-256 {linked} for the {Year} manifest, found {Hashing.Sha256Hex(bytes)}", chain.Problem);
    }

    [Fact]
    public async Task A_second_write_of_a_sealed_artifact_is_refused_and_the_archive_still_verifies()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "VerifyOnce", Start(Year));
        await ArchiveYearAsync(world, Year);
        var seal = CycleDocuments.Seal(Bloc, Year);
        var manifest = CycleDocuments.Manifest(Bloc, Year);
        foreach (var at in new[] { seal, manifest })
        {
            var before = await world.Documents.ReadAsync(at.Container, at.Name);
            var written = await world.Documents.PutOnceAsync(at.Container, at.Name, new BinaryData("{\"forged\":true}"u8.ToArray()), "application/json");
            Assert.Equal(DocumentWriteOutcome.WriteOnceViolation, written.Outcome);
            Assert.Equal(before!.ActualSha256, (await world.Documents.ReadAsync(at.Container, at.Name))!.ActualSha256);
        }

        // Archiving again changes nothing either.
        var receipt = await world.RunAsync<ArchiveYear, CampaignKey, ArchiveReceipt>(new CampaignKey(Bloc, Year));
        Assert.Equal((await ReadManifestRecordAsync(world)).ActualSha256, receipt.ManifestSha256);
        Assert.True((await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year)).Holds);
    }

    [Fact]
    public async Task The_councils_decisions_before_and_after_the_archive_are_kept_with_the_year_and_verified()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "VerifyDecisions", Start(Year));
        var store = world.Get<ProposalStore>();
        await ArchiveYearAsync(world, Year, async () =>
        {
            var first = (await store.GetAsync(Bloc, Year))![0];
            await store.DecideAsync(new ProposalDecision(Bloc, Year, first.UnitId, first.LevelId, ProposalStatus.Accepted, null, world.Clock.GetUtcNow()));
        });

        // Weeks later the council returns the second proposal: kept under the year's archive path, outside the manifest.
        var proposals = (await store.GetAsync(Bloc, Year))!;
        Assert.Equal([ProposalStatus.Accepted, ProposalStatus.Returned], (await DecideLaterAsync()).Select(p => p.Status).Take(2));
        var archived = Assert.Single((await ReadManifestAsync(world, Year)).Artifacts, a => a.Kind == "proposal-decision");
        Assert.EndsWith($"/proposals/{proposals[0].LevelId}/{proposals[0].UnitId}.json", archived.Name, StringComparison.Ordinal);

        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year);
        Assert.True(verification.Holds, Describe(verification));
        var decisions = verification.Checks.Where(c => c.Subject.StartsWith("decision:", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"decision:{proposals[0].LevelId}/{proposals[0].UnitId}", $"decision:{proposals[1].LevelId}/{proposals[1].UnitId}"], decisions.Select(c => c.Subject));
        Assert.Contains(decisions, c => c.Description.EndsWith("ghi sau khi lưu trữ, khớp mã băm đã ghi", StringComparison.Ordinal));

        // A later decision changed in storage is named.
        var later = CycleDocuments.ProposalDecision(Bloc, Year, proposals[1].LevelId, proposals[1].UnitId);
        var storage = world.Get<ThiDuaStorage>();
        var container = storage.ContainerNames[DocumentContainers.All.ToList().IndexOf(later.Container)];
        var blob = new BlobContainerClient(world.Configuration["ThiDua:Storage:ConnectionString"], container).GetBlobClient(later.Name);
        var forged = (await blob.DownloadContentAsync()).Value.Content.ToString().Replace("Returned", "Accepted", StringComparison.Ordinal);
        await blob.UploadAsync(new BinaryData(forged), overwrite: true);
        var tampered = await world.Get<ArchiveVerifier>().VerifyAsync(Bloc, Year);
        Assert.False(tampered.Holds);
        Assert.Equal([$"decision:{proposals[1].LevelId}/{proposals[1].UnitId}"], tampered.Checks.Where(c => !c.Holds).Select(c => c.Subject));

        async Task<IReadOnlyList<Proposal>> DecideLaterAsync()
        {
            world.Clock.Now = world.Clock.Now.AddDays(30);
            var (outcome, _) = await store.DecideAsync(new ProposalDecision(Bloc, Year, proposals[1].UnitId, proposals[1].LevelId, ProposalStatus.Returned, "Vượt số lượng", world.Clock.GetUtcNow()));
            Assert.Equal(DecisionOutcome.Recorded, outcome);
            return (await store.GetAsync(Bloc, Year))!;
        }
    }

    private static DateTimeOffset Start(int year) => new(year, 1, 20, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>A whole year through the real activities: two signatures, four score versions, an adjustment, one vote round, results, archive.</summary>
    private static async Task ArchiveYearAsync(ActivityWorld world, int year, Func<Task>? beforeArchive = null)
    {
        world.Clock.Now = Start(year);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign(year));
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        foreach (var unitId in new[] { "so-tu-phap", "so-noi-vu" })
        {
            using var certificate = CompactSigning.CreateSelfSignedUnitCertificate(unitId, Start(year).AddYears(-1), Start(year).AddYears(3));
            var signature = CompactSigning.SignDetached(CompactDocument.CanonicalBytes(campaign), certificate, world.Clock.GetUtcNow());
            var check = world.Get<CompactSignatureVerifier>().Verify(CompactDocument.CanonicalBytes(campaign), signature, certificate.ExportCertificatePem());
            Assert.True(check.IsValid, check.Reason);
            await world.Signatures.RecordAsync(key.BlocId, key.Year, unitId, new BinaryData(signature), check.CertificateThumbprint!, check.SignedAt!.Value);
        }

        await world.RunAsync<SealCompact, CampaignKey, CompactSeal>(key);
        var (closure, ranking) = await world.ScoreYearAsync(campaign);

        var round = VoteRules.LeadingUnitRound(campaign, ranking);
        var open = new OpenRoundRequest(key, round, world.Clock.GetUtcNow().AddDays(1));
        Assert.Equal(round.RoundKey, (await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open)).RoundKey);
        foreach (var voter in ActivityWorld.Units.Select(u => u.UnitId))
        {
            var ballot = new Ballot(round.RoundKey, Guid.NewGuid().ToString("n"), voter == "so-tu-phap" ? "cong-an-tinh" : "so-tu-phap");
            Assert.Equal(CastOutcome.Cast, await world.Votes.CastAsync(voter, ballot, VoteRules.Receipt(ballot)));
        }

        var tally = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);
        Assert.Equal("so-tu-phap", tally.WinnerId);
        var leadership = await world.RunAsync<ElectByRotation, RotationRequest, LeaderChoice>(new RotationRequest(key, null));
        var seal = await world.RunAsync<SealCompact, CampaignKey, CompactSeal>(key);
        await world.RunAsync<RecordResults, CycleDecisions, bool>(
            new CycleDecisions(key, seal, closure, ranking, new VoteOutcome(VotePurpose.LeadingUnit, tally.WinnerId, [tally]), leadership));
        if (beforeArchive is not null)
        {
            await beforeArchive();
        }

        await world.RunAsync<ArchiveYear, CampaignKey, ArchiveReceipt>(key);
    }

    private static async Task<ArchiveManifest> ReadManifestAsync(ActivityWorld world, int year)
    {
        var at = CycleDocuments.Manifest(Bloc, year);
        return DocumentJson.Deserialize<ArchiveManifest>((await world.Documents.ReadAsync(at.Container, at.Name))!.Content);
    }

    private static async Task<DocumentContent> ReadManifestRecordAsync(ActivityWorld world)
    {
        var at = CycleDocuments.Manifest(Bloc, Year);
        return (await world.Documents.ReadAsync(at.Container, at.Name))!;
    }

    /// <summary>The first archived blob of <see cref="Year"/> (in the archives or compacts container) whose name contains <paramref name="fragment"/>.</summary>
    private static async Task<BlobClient> FindBlobAsync(ActivityWorld world, string fragment)
    {
        var storage = world.Get<ThiDuaStorage>();
        var manifest = await ReadManifestAsync(world, Year);
        var artifact = fragment == "manifest.json"
            ? new ArchiveArtifact("manifest", DocumentContainers.Archives, CycleDocuments.Manifest(Bloc, Year).Name, "", 0)
            : manifest.Artifacts.First(a => a.Name.Contains(fragment, StringComparison.Ordinal));
        var container = storage.ContainerNames[DocumentContainers.All.ToList().IndexOf(artifact.Container)];
        var client = new BlobContainerClient(world.Configuration["ThiDua:Storage:ConnectionString"], container).GetBlobClient(artifact.Name);
        Assert.True((await client.ExistsAsync()).Value, $"{artifact.Name} should exist before it is tampered with.");
        return client;
    }

    private static TableClient TableOf(ActivityWorld world, string table) =>
        new(world.Configuration["ThiDua:Storage:ConnectionString"], world.Get<ThiDuaStorage>().TableNames.Single(n => n.EndsWith(table, StringComparison.Ordinal)));

    private static string Describe(ArchiveVerification verification) =>
        string.Join("\n", verification.Checks.Where(c => !c.Holds).Select(c => $"{c.Subject}: {c.Problem}"));
}
