using System.CommandLine;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Archive;
using ThiDua.Cli;
using ThiDua.Cli.Commands;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Automation;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// A compressed year run by the local host on Azurite, then the yearly check purges its orchestration history,
/// and `thidua verify` (invoked in process against the host's API) exits 0 on the untouched archive and
/// non-zero, naming the blob, once one byte of it is changed. `thidua documents` downloads the year's documents.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class VerifyCommandTests(AzuriteFixture azurite)
{
    private const string BlocId = "noi-chinh";

    [Fact]
    public async Task The_history_is_purged_after_the_archive_the_documents_download_and_verify_exits_zero_until_a_byte_is_changed()
    {
        var scope = azurite.CreateScope(nameof(VerifyCommandTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "verify-test-worker");
        var texts = Texts.Resolve(["--lang", "en"], null);
        var key = await RunYearAsync(host, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(CycleIds.Cycle(key), timeout.Token))?.RuntimeStatus);

        // The yearly check (the hosted service's and the Functions timer's) purges the archived year's history.
        var outcomes = await host.Services.GetRequiredService<CycleLaunchCheck>().RunAsync(host.Client, timeout.Token);

        Assert.Empty(outcomes);
        foreach (var instanceId in ArchivedHistoryPurge.InstanceIds(key))
        {
            Assert.Null(await host.Client.GetInstanceAsync(instanceId, timeout.Token));
        }

        var token = (await host.Services.GetRequiredService<ITokenStore>().IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "verify test", timeout.Token)).Token;
        // Weeks after the archive the council accepts the flag and returns nothing else; the unit that did not sign is not proposed.
        var year = key.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (listed, listJson) = await RunAsync(ProposalCommands.Proposals(texts), ["proposals", year, "--json"], host.Urls[0], token);
        Assert.Equal(0, listed);
        var list = JsonSerializer.Deserialize<ThiDua.Api.Endpoints.ProposalList>(listJson, ApiJson.Options)!;
        Assert.Equal(
            [("so-tu-phap", "co-thi-dua-tinh", ProposalStatus.Proposed), ("cong-an-tinh", "bang-khen-ubnd-tinh", ProposalStatus.Proposed)],
            list.Proposals.Select(p => (p.UnitId, p.Level, p.Status)));
        var (accepted, _) = await RunAsync(ProposalCommands.Proposals(texts), ["proposals", year, "accept", BlocId, "so-tu-phap", "--level", "co-thi-dua-tinh"], host.Urls[0], token);
        Assert.Equal(0, accepted);
        var refused = await Assert.ThrowsAsync<ThiDua.Cli.Client.ApiProblemException>(
            () => RunAsync(ProposalCommands.Proposals(texts), ["proposals", year, "return", BlocId, "so-tu-phap", "--level", "co-thi-dua-tinh", "--reason", "Sai"], host.Urls[0], token));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.Status);

        var (code, verified) = await VerifyAsync(host.Urls[0], token, key.Year, texts);
        Assert.Equal(0, code);
        var decision = Assert.Single(JsonSerializer.Deserialize<ArchiveVerification>(verified, ApiJson.Options)!.Checks, c => c.Subject.StartsWith("decision:", StringComparison.Ordinal));
        Assert.Equal("decision:co-thi-dua-tinh/so-tu-phap", decision.Subject);
        Assert.True(decision.Holds);

        // The year's documents as PDF into a folder of their own: each opens and names the bloc and its units.
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "van-ban");
        var (downloaded, summaryJson) = await RunAsync(DocumentsCommand.Create(texts), ["documents", BlocId, year, "--format", "pdf", "--output", output, "--json"], host.Urls[0], token);
        Assert.Equal(0, downloaded);
        var summary = JsonSerializer.Deserialize<DocumentsSummary>(summaryJson, ApiJson.Options)!;
        Assert.Empty(summary.Pending);
        Assert.Empty(summary.Failed);
        Assert.Equal(
            ["giao-uoc-thi-dua", "bang-tong-hop-ket-qua-cham-diem", "bien-ban-kiem-phieu-don-vi-dan-dau-vong-1", "to-trinh-de-nghi-khen-thuong"],
            summary.Written.Select(w => w.Name));
        Assert.Equal(
            summary.Written.Select(w => Path.Combine(output, $"{BlocId}-{year}-{w.Name}.pdf")).Order(StringComparer.Ordinal),
            Directory.GetFiles(output).Order(StringComparer.Ordinal));
        foreach (var written in summary.Written)
        {
            var pdf = await File.ReadAllBytesAsync(written.Path, timeout.Token);
            Assert.Equal(written.Size, pdf.LongLength);
            var text = DocumentText.OfPdf(pdf);
            Assert.Contains("NỘI CHÍNH", text.ToUpperInvariant(), StringComparison.Ordinal);
            Assert.Contains("so-tu-phap", text, StringComparison.Ordinal);
        }

        Assert.All(["so-tu-phap", "cong-an-tinh", "so-noi-vu"], unit => Assert.Contains(unit, DocumentText.OfPdf(File.ReadAllBytes(summary.Written[1].Path)), StringComparison.Ordinal));

        var storage = host.Services.GetRequiredService<ThiDuaStorage>();
        var container = storage.ContainerNames[DocumentContainers.All.ToList().IndexOf(DocumentContainers.Archives)];
        var ranking = new BlobContainerClient(scope.ConnectionString, container).GetBlobClient(CycleDocuments.ArchivedRecord(BlocId, key.Year, "ranking.json").Name);
        var bytes = (await ranking.DownloadContentAsync(timeout.Token)).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0x01;
        await ranking.UploadAsync(new BinaryData(bytes), overwrite: true, timeout.Token);

        var (tampered, json) = await VerifyAsync(host.Urls[0], token, key.Year, texts);

        Assert.Equal(VerifyCommand.TamperedExitCode, tampered);
        var verification = JsonSerializer.Deserialize<ArchiveVerification>(json, ApiJson.Options)!;
        Assert.False(verification.Holds);
        var failed = verification.Checks.First(c => !c.Holds);
        Assert.Equal($"artifact:archives/{ranking.Name}", failed.Subject);
        Assert.Contains("(the content was changed)", failed.Problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// This year's cycle of a three-unit bloc on the host's durable runtime, compressed to seconds: two units sign,
    /// three submit, everyone votes; returns once the cycle (and so the archive) is finished.
    /// </summary>
    private static async Task<CampaignKey> RunYearAsync(LocalHostApp host, CancellationToken cancellationToken)
    {
        string[] units = ["so-tu-phap", "cong-an-tinh", "so-noi-vu"];
        var blocs = host.Services.GetRequiredService<IBlocStore>();
        await blocs.CreateBlocAsync(new Bloc { BlocId = BlocId, Name = "Nội chính", MemberUnitIds = units, RotationOrder = units }, cancellationToken);
        foreach (var unitId in units)
        {
            await blocs.CreateUnitAsync(new MemberUnit { UnitId = unitId, BlocId = BlocId, Name = unitId, Contacts = [new Contact("Văn thư", $"van-thu@{unitId}.example.vn", "Văn thư")] }, cancellationToken);
        }

        var start = DateTimeOffset.UtcNow;
        var campaign = new Campaign
        {
            BlocId = BlocId,
            BlocName = "Nội chính",
            Year = VietnamTime.DateOf(start).Year,
            LeaderUnitId = "so-noi-vu",
            Members = units.Select(u => new CampaignMember(u, u)).ToList(),
            Criteria = new CriteriaTable { Scale = 100, Criteria = [new Criterion { Id = "1-1", Title = "Hoàn thành chỉ tiêu", MaxPoints = 100 }] },
            Schedule = CampaignSchedule.Compressed(start, CycleHosts.ShortYear),
            Rules = new BlocRules { Voting = new VotingRules { MaxRunoffs = 0 } },
        };
        Assert.Empty(campaign.Validate());
        var campaigns = host.Services.GetRequiredService<ICampaignStore>();
        Assert.Equal(InsertOnceOutcome.Inserted, await campaigns.InsertAsync(campaign, start, cancellationToken));
        var key = new CampaignKey(BlocId, campaign.Year);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CycleOrchestrator), new CycleInput(BlocId, key.Year, start.AddSeconds(1)), new StartOrchestrationOptions(CycleIds.Cycle(key)), cancellationToken);

        var window = host.Services.GetRequiredService<ISubmissionWindow>();
        var sheets = host.Services.GetRequiredService<IScoreSheets>();
        while (!await window.IsOpenAsync(BlocId, key.Year, cancellationToken))
        {
            await Task.Delay(200, cancellationToken);
        }

        var signatures = host.Services.GetRequiredService<ISignatureStore>();
        foreach (var unitId in units.Take(2))
        {
            using var certificate = CompactSigning.CreateSelfSignedUnitCertificate(unitId, start.AddDays(-1), start.AddYears(1));
            var signature = CompactSigning.SignDetached(CompactDocument.CanonicalBytes(campaign), certificate, DateTimeOffset.UtcNow);
            await signatures.RecordAsync(BlocId, key.Year, unitId, new BinaryData(signature), certificate.Thumbprint, DateTimeOffset.UtcNow, cancellationToken);
        }

        var points = 90;
        foreach (var unitId in units)
        {
            var submission = new ScoreSubmission { BlocId = BlocId, Year = key.Year, UnitId = unitId, ClientRequestId = "r-" + unitId, Lines = [new ScoreLine("1-1", points -= 5)] };
            await sheets.SubmitAsync(ScoreRules.CreateSheet(submission, campaign, 1, DateTimeOffset.UtcNow), cancellationToken);
        }

        var votes = host.Services.GetRequiredService<IVoteStore>();
        var round = new VoteRound { BlocId = BlocId, Year = key.Year, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = [], EligibleVoters = units.Length };
        while (await votes.GetRoundAsync(round.RoundKey, cancellationToken) is null)
        {
            await Task.Delay(200, cancellationToken);
        }

        foreach (var voter in units)
        {
            var ballot = new Ballot(round.RoundKey, Guid.NewGuid().ToString("n"), "so-tu-phap");
            Assert.Equal(CastOutcome.Cast, await votes.CastAsync(voter, ballot, VoteRules.Receipt(ballot), cancellationToken));
        }

        await host.Client.RaiseEventAsync(CycleIds.Vote(key, VotePurpose.LeadingUnit), CycleEvents.BallotCast, "all", cancellationToken);
        await host.Client.WaitForInstanceCompletionAsync(CycleIds.Cycle(key), cancellationToken);
        return key;
    }

    private static Task<(int Code, string Json)> VerifyAsync(Uri url, string token, int year, Texts texts) =>
        RunAsync(VerifyCommand.Create(texts), ["verify", BlocId, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"], url, token);

    private static async Task<(int Code, string Json)> RunAsync(Command command, string[] args, Uri url, string token)
    {
        var root = new RootCommand { command };
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            var code = await root.Parse([.. args, "--url", url.ToString(), "--token", token])
                .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }
}
