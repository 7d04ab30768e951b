using Microsoft.DurableTask;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Tests.Replay;

/// <summary>
/// The replayer itself: an orchestrator whose steps were changed without a version check is reported at the step
/// that differs, and the same change behind a version check replays the old history cleanly.
/// </summary>
public sealed class HistoryReplayerTests
{
    private static readonly RecordedInstance Archive = RecordedHistory.Load(Path.Combine(AppContext.BaseDirectory, "Histories", "conference-year.v1.json"))
        .Instances.Single(i => i.Name == nameof(ArchiveOrchestrator));

    [Fact]
    public void The_recorded_archive_replays_on_the_archive_orchestrator()
    {
        using var replayer = new HistoryReplayer(r => r.AddOrchestrator<ArchiveOrchestrator>());

        Assert.Null(replayer.Replay(Archive));
    }

    [Fact]
    public void An_extra_activity_is_reported_at_the_step_it_takes_instead_of_the_recorded_one()
    {
        using var replayer = new HistoryReplayer(r => r.AddOrchestrator(nameof(ArchiveOrchestrator), () => new ArchiveWithNotice(versionChecked: false)));

        var divergence = replayer.Replay(Archive);

        Assert.NotNull(divergence);
        Assert.Equal((1, "activity RecordResults", "activity NotifyArchiving"), (divergence.Step, divergence.Recorded, divergence.Now));
        Assert.Contains("ArchiveOrchestrator", divergence.ToString(), StringComparison.Ordinal);
        Assert.Contains("at step 1", divergence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_in_another_order_are_reported_where_the_order_first_differs()
    {
        using var replayer = new HistoryReplayer(r => r.AddOrchestrator(nameof(ArchiveOrchestrator), () => new ArchiveReordered()));

        var divergence = replayer.Replay(Archive);

        Assert.NotNull(divergence);
        Assert.StartsWith("a timer until", divergence.Recorded, StringComparison.Ordinal);
        Assert.Equal("activity ArchiveYear", divergence.Now);
        Assert.Equal("the result of step 1", divergence.WokenBy);
    }

    [Fact]
    public void A_missing_step_is_reported()
    {
        using var replayer = new HistoryReplayer(r => r.AddOrchestrator(nameof(ArchiveOrchestrator), () => new ArchiveWithoutPlanning()));

        var divergence = replayer.Replay(Archive);

        Assert.NotNull(divergence);
        Assert.Equal(("activity PlanNextYear", "completion (Completed)"), (divergence.Recorded, divergence.Now));
    }

    [Fact]
    public void The_same_change_behind_a_version_check_replays_the_recorded_history()
    {
        using var replayer = new HistoryReplayer(r => r.AddOrchestrator(nameof(ArchiveOrchestrator), () => new ArchiveWithNotice(versionChecked: true)));

        Assert.Null(replayer.Replay(Archive));
    }

    /// <summary>The archive with a notice sent first: for instances of version 2 on, or for every instance.</summary>
    private sealed class ArchiveWithNotice(bool versionChecked) : TaskOrchestrator<ArchiveInput, ArchiveReceipt>
    {
        public override async Task<ArchiveReceipt> RunAsync(TaskOrchestrationContext context, ArchiveInput input)
        {
            if (!versionChecked || context.CompareVersionTo("2") >= 0)
            {
                await context.CallActivityAsync("NotifyArchiving", input.Decisions.Campaign);
            }

            await context.CallActivityAsync(CycleActivities.RecordResults, input.Decisions);
            await context.CreateTimer(input.ArchiveAt.UtcDateTime, CancellationToken.None);
            var receipt = await context.CallActivityAsync<ArchiveReceipt>(CycleActivities.ArchiveYear, input.Decisions.Campaign);
            await context.CallActivityAsync(CycleActivities.PlanNextYear, new NextYearPlan(input.Decisions.Campaign, input.Decisions.NextLeadership));
            return receipt;
        }
    }

    /// <summary>The archive made before its date instead of at it.</summary>
    private sealed class ArchiveReordered : TaskOrchestrator<ArchiveInput, ArchiveReceipt>
    {
        public override async Task<ArchiveReceipt> RunAsync(TaskOrchestrationContext context, ArchiveInput input)
        {
            await context.CallActivityAsync(CycleActivities.RecordResults, input.Decisions);
            var receipt = await context.CallActivityAsync<ArchiveReceipt>(CycleActivities.ArchiveYear, input.Decisions.Campaign);
            await context.CreateTimer(input.ArchiveAt.UtcDateTime, CancellationToken.None);
            await context.CallActivityAsync(CycleActivities.PlanNextYear, new NextYearPlan(input.Decisions.Campaign, input.Decisions.NextLeadership));
            return receipt;
        }
    }

    /// <summary>The archive that no longer plans the next year.</summary>
    private sealed class ArchiveWithoutPlanning : TaskOrchestrator<ArchiveInput, ArchiveReceipt>
    {
        public override async Task<ArchiveReceipt> RunAsync(TaskOrchestrationContext context, ArchiveInput input)
        {
            await context.CallActivityAsync(CycleActivities.RecordResults, input.Decisions);
            await context.CreateTimer(input.ArchiveAt.UtcDateTime, CancellationToken.None);
            return await context.CallActivityAsync<ArchiveReceipt>(CycleActivities.ArchiveYear, input.Decisions.Campaign);
        }
    }
}
