using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Archive;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Automation;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Activities;

/// <summary>
/// The whole cycle with the real activities, registered as the hosts register them, with Azurite and a
/// loopback SMTP server: the year compressed to seconds, offline on the virtual clock, and once in real
/// time on the in-memory durable host.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class CycleWithActivitiesTests(AzuriteFixture azurite)
{
    private static readonly string[] Signers = ["so-tu-phap", "cong-an-tinh", "so-noi-vu"];

    [Fact]
    public async Task A_compressed_year_runs_offline_on_storage_and_mail_from_launch_to_archive()
    {
        var start = DateTimeOffset.UtcNow;
        await using var world = await ActivityWorld.CreateAsync(azurite, "CycleOffline", start);
        await using var host = OfflineOrchestration.Create(
            registry => registry.AddThiDuaWorkflows(), world.Clock, services => services.AddThiDuaWorkflows(world.Configuration));
        var campaign = CompressedYear(start);
        Assert.Equal(InsertOnceOutcome.Inserted, await world.Campaigns.InsertAsync(campaign, start));
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var instanceId = await host.StartAsync(nameof(CycleOrchestrator), new CycleInput(key.BlocId, key.Year, start.AddSeconds(1)), CycleIds.Cycle(key));

        // Units act as API clients would: three sign, three submit, everyone votes when the round opens.
        Assert.True(await world.SubmissionWindow.IsOpenAsync(key.BlocId, key.Year));
        await SignAndSubmitAsync(world, campaign, start, signedAt: world.Clock.GetUtcNow());
        var round = LeadingUnitRound(key);
        await host.RunUntilAsync(async () => await world.Votes.GetRoundAsync(round.RoundKey) is not null);
        await VoteAsync(world, round);
        await host.RaiseEventAsync(CycleIds.Vote(key, VotePurpose.LeadingUnit), CycleEvents.BallotCast, "all");
        var result = await host.RunToCompletionAsync<CycleResult>(instanceId);

        await AssertYearAsync(world, key, result);
        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(key.BlocId, key.Year);
        Assert.True(verification.Holds, string.Join("\n", verification.Checks.Where(c => !c.Holds).Select(c => c.Problem)));
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task A_compressed_year_runs_in_real_time_on_the_in_memory_host_and_its_history_is_purged_once_archived()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Cycle", DateTimeOffset.UtcNow);
        await using var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddThiDuaWorkflows(),
            new DurableTaskTestHostOptions { ConfigureServices = services => services.AddThiDuaWorkflows(world.Configuration) });

        // The year starts once everything is up, so that setup time on a loaded machine eats no deadline.
        var start = DateTimeOffset.UtcNow;
        var campaign = CompressedYear(start);
        Assert.Equal(InsertOnceOutcome.Inserted, await world.Campaigns.InsertAsync(campaign, start));
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CycleOrchestrator), new CycleInput(key.BlocId, key.Year, start.AddSeconds(1)), new StartOrchestrationOptions(CycleIds.Cycle(key)) { Version = WorkflowVersion.Current });

        // Units act as API clients would: three sign, three submit, everyone votes when the round opens.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await WaitUntilAsync(async () => await world.SubmissionWindow.IsOpenAsync(key.BlocId, key.Year), timeout.Token);
        await SignAndSubmitAsync(world, campaign, start, signedAt: DateTimeOffset.UtcNow);
        var round = LeadingUnitRound(key);
        await WaitUntilAsync(async () => await world.Votes.GetRoundAsync(round.RoundKey) is not null, timeout.Token);
        await VoteAsync(world, round);
        await host.Client.RaiseEventAsync(CycleIds.Vote(key, VotePurpose.LeadingUnit), CycleEvents.BallotCast, "all", timeout.Token);
        var completed = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        await AssertYearAsync(world, key, completed.ReadOutputAs<CycleResult>()!);

        // The archive is the record now: the history of the cycle and its children is purged, once, and the archive still verifies.
        Assert.NotNull(await host.Client.GetInstanceAsync(CycleIds.Scoring(key)));
        // At least the cycle, its signing, its scoring and its vote (version 2 decides and archives in the cycle itself).
        Assert.True(await ArchivedHistoryPurge.PurgeAsync(host.Client, world.Campaigns, key.BlocId) >= 4);
        foreach (var id in ArchivedHistoryPurge.InstanceIds(key))
        {
            Assert.Null(await host.Client.GetInstanceAsync(id));
        }

        Assert.Equal(0, await ArchivedHistoryPurge.PurgeAsync(host.Client, world.Campaigns, key.BlocId));
        var verification = await world.Get<ArchiveVerifier>().VerifyAsync(key.BlocId, key.Year);
        Assert.True(verification.Holds, string.Join("\n", verification.Checks.Where(c => !c.Holds).Select(c => c.Problem)));
    }

    private static Campaign CompressedYear(DateTimeOffset start)
    {
        var campaign = ActivityWorld.NewCampaign() with
        {
            // Wide margins around each reminder: on a loaded machine a phase may start seconds late, and a
            // reminder already due when scoring starts is skipped on purpose.
            Schedule = CampaignSchedule.Compressed(start, new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(2),
                Scoring = TimeSpan.FromSeconds(12),
                Review = TimeSpan.FromSeconds(1),
                Voting = TimeSpan.FromSeconds(5),
                VoteRound = TimeSpan.FromSeconds(5),
                LeaderElection = TimeSpan.FromSeconds(1),
                Archive = TimeSpan.FromSeconds(1),
            }),
            Rules = new BlocRules
            {
                ReminderOffsets = [TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)],
                Voting = new VotingRules { MaxRunoffs = 0 },
            },
        };
        Assert.Empty(campaign.Validate());
        return campaign;
    }

    private static async Task SignAndSubmitAsync(ActivityWorld world, Campaign campaign, DateTimeOffset start, DateTimeOffset signedAt)
    {
        foreach (var unitId in Signers)
        {
            using var certificate = CompactSigning.CreateSelfSignedUnitCertificate(unitId, start.AddDays(-1), start.AddYears(1));
            var signature = CompactSigning.SignDetached(CompactDocument.CanonicalBytes(campaign), certificate, DateTimeOffset.UtcNow);
            await world.Signatures.RecordAsync(campaign.BlocId, campaign.Year, unitId, new BinaryData(signature), certificate.Thumbprint, signedAt);
        }

        await world.SubmitAsync(campaign, "so-tu-phap", 58, 38, "r-1");
        await world.SubmitAsync(campaign, "cong-an-tinh", 55, 35, "r-2");
        await world.SubmitAsync(campaign, "so-noi-vu", 45, 35, "r-3");
    }

    private static VoteRound LeadingUnitRound(CampaignKey key) =>
        new() { BlocId = key.BlocId, Year = key.Year, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = [], EligibleVoters = 5 };

    private static async Task VoteAsync(ActivityWorld world, VoteRound round)
    {
        foreach (var voter in ActivityWorld.Units.Select(u => u.UnitId))
        {
            var ballot = new Ballot(round.RoundKey, Guid.NewGuid().ToString("n"), voter == "cuc-thads" ? null : "so-tu-phap");
            Assert.Equal(CastOutcome.Cast, await world.Votes.CastAsync(voter, ballot, VoteRules.Receipt(ballot)));
        }
    }

    private static async Task AssertYearAsync(ActivityWorld world, CampaignKey key, CycleResult result)
    {
        Assert.Equal(["bo-chqs-tinh", "cuc-thads"], result.MissingSigners);
        Assert.Equal(["bo-chqs-tinh", "cuc-thads"], result.NeverSubmitted);
        Assert.Equal(["so-tu-phap", "cong-an-tinh", "so-noi-vu", "bo-chqs-tinh", "cuc-thads"], result.Ranking!.Entries.Select(e => e.UnitId));
        Assert.Equal("so-tu-phap", result.LeadingUnitId);
        Assert.Equal("cuc-thads", result.NextLeaderUnitId);
        Assert.Equal("bo-chqs-tinh", result.NextDeputyUnitId);
        Assert.Equal(CampaignPhase.Archived, (await world.Campaigns.GetStateAsync(key.BlocId, key.Year))!.Phase);
        var manifest = await world.Documents.ReadAsync(DocumentContainers.Archives, CycleDocuments.Manifest(key.BlocId, key.Year).Name);
        Assert.Equal(result.Archive!.ManifestSha256, manifest!.ActualSha256);
        Assert.Equal("cuc-thads", (await world.Get<LeadershipPlans>().GetAsync(key.BlocId, key.Year + 1))!.LeaderUnitId);

        // The two units that never submitted got the three reminders each; the leader got the closing notice;
        // every member was invited once to the one round of the leading-unit vote, which decided.
        var messages = world.Mail.Messages.Select(m => (To: m.To.Mailboxes.Single().Address, Subject: m.Subject ?? "")).ToList();
        Assert.Equal(12, messages.Count);
        var reminders = messages.Where(m => m.Subject.StartsWith("Nhắc nộp", StringComparison.Ordinal)).Select(m => m.To).ToList();
        Assert.Equal(3, reminders.Count(to => to == "van-thu@bo-chqs-tinh.example.vn"));
        Assert.Equal(3, reminders.Count(to => to == "van-thu@cuc-thads.example.vn"));
        Assert.Single(messages, m => m.To == "van-thu@so-noi-vu.example.vn" && m.Subject.StartsWith("Kết thúc nhận bảng tự chấm điểm", StringComparison.Ordinal));
        var invitations = messages.Where(m => m.Subject.StartsWith("Bỏ phiếu kín: Bình xét, suy tôn đơn vị dẫn đầu khối – vòng 1, hạn", StringComparison.Ordinal));
        Assert.Equal(ActivityWorld.Units.Select(u => $"van-thu@{u.UnitId}.example.vn").Order(StringComparer.Ordinal), invitations.Select(m => m.To).Order(StringComparer.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(100, cancellationToken);
        }
    }
}
