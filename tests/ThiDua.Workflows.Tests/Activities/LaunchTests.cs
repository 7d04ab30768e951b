using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Activities;

/// <summary>The launcher shared by the API and the launch activities, on Azurite.</summary>
[Collection(AzuriteTests.Name)]
public sealed class LaunchTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Launch = new(2026, 1, 10, 9, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task A_launch_stores_the_campaign_once_with_its_gate_and_compact_and_the_cycle_opens_it_for_signing()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Launcher", Launch);
        var launcher = world.Get<CampaignLauncher>();
        var template = ActivityWorld.NewCampaign();
        var order = new LaunchOrder
        {
            BlocId = ActivityWorld.BlocId,
            Year = 2026,
            Stored = false,
            LeaderUnitId = "so-noi-vu",
            DeputyUnitId = "cuc-thads",
            Commitments = template.Commitments,
            Criteria = template.Criteria,
        };

        Assert.Equal(LaunchRefusal.NoBloc, (await launcher.LaunchAsync(order with { BlocId = "khong-co" })).Refused);
        Assert.Equal(LaunchRefusal.LeaderRequired, (await launcher.LaunchAsync(order with { LeaderUnitId = null })).Refused);

        var first = (await launcher.LaunchAsync(order)).Launched!;
        Assert.True(first.Inserted);
        Assert.Equal(CompactDocument.Sha256(first.Campaign), first.CompactSha256);
        Assert.True(await world.SubmissionWindow.IsOpenAsync(order.BlocId, order.Year));
        Assert.NotNull(await world.Documents.GetRecordAsync(DocumentContainers.Compacts, CycleDocuments.CompactHtml(order.BlocId, order.Year).Name));

        // A retry of the same launch is accepted and changes nothing; other content is refused.
        var stored = order with { Stored = true, FixedLeadership = new LeaderChoice("so-noi-vu", "cuc-thads") };
        var retry = (await launcher.LaunchAsync(stored)).Launched!;
        Assert.False(retry.Inserted);
        Assert.Equal(first.CompactSha256, retry.CompactSha256);
        Assert.Equal(LaunchRefusal.AlreadyLaunched, (await launcher.LaunchAsync(stored with { Commitments = ["Khác."] })).Refused);
        Assert.Equal(LaunchRefusal.LeaderMismatch, (await launcher.LaunchAsync(stored with { LeaderUnitId = "cong-an-tinh" })).Refused);

        var loaded = await world.RunAsync<LoadCampaign, CampaignKey, Campaign?>(new CampaignKey(order.BlocId, order.Year));
        Assert.Equal(first.CompactSha256, CompactDocument.Sha256(loaded!));
        Assert.Equal(CampaignPhase.Signing, (await world.Campaigns.GetStateAsync(order.BlocId, order.Year))!.Phase);
    }

    [Fact]
    public async Task Next_years_leadership_is_the_previous_years_result_until_its_plan_is_stored()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Planned", Launch);
        var launcher = world.Get<CampaignLauncher>();
        Assert.Null(await launcher.PlannedLeadershipAsync(ActivityWorld.BlocId, 2027));

        await world.Results.SaveYearResultAsync(new YearResult
        {
            BlocId = ActivityWorld.BlocId,
            Year = 2026,
            Proposals = [],
            NextLeadership = new LeaderChoice("cuc-thads", "bo-chqs-tinh"),
            DecidedAt = Launch,
        });
        Assert.Equal(new LeaderChoice("cuc-thads", "bo-chqs-tinh"), await launcher.PlannedLeadershipAsync(ActivityWorld.BlocId, 2027));

        await world.Get<LeadershipPlans>().SaveAsync(new LeadershipPlan(ActivityWorld.BlocId, 2027, "cuc-thads", null, 2026));
        Assert.Equal(new LeaderChoice("cuc-thads", null), await launcher.PlannedLeadershipAsync(ActivityWorld.BlocId, 2027));
    }
}
