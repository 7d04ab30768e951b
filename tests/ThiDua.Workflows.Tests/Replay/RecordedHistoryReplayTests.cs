using Microsoft.DurableTask;
using Microsoft.DurableTask.Abstractions;
using ThiDua.TestKit.Histories;

namespace ThiDua.Workflows.Tests.Replay;

/// <summary>
/// Every recorded history (tests/ThiDua.Workflows.Tests/Histories) replays on today's orchestrators step for step:
/// what a deployment does to every running cycle of every province. A failure names the instance and the step
/// where the code now goes another way.
/// </summary>
public sealed class RecordedHistoryReplayTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Histories");

    public static TheoryData<string, string> Instances()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Files())
        {
            foreach (var instance in RecordedHistory.Load(file).Instances)
            {
                data.Add(Path.GetFileName(file), instance.InstanceId);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void A_recorded_instance_replays_on_todays_orchestrators(string file, string instanceId)
    {
        var instance = RecordedHistory.Load(Path.Combine(Folder, file)).Instances.Single(i => i.InstanceId == instanceId);
        using var replayer = new HistoryReplayer(r => r.AddThiDuaOrchestrators());

        var divergence = replayer.Replay(instance);

        Assert.True(divergence is null, $"{file}: {divergence}");
    }

    [Fact]
    public void Every_orchestrator_has_a_recorded_history()
    {
        var recorded = Files().SelectMany(f => RecordedHistory.Load(f).Instances).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var orchestrators = typeof(WorkflowRegistry).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ITaskOrchestrator).IsAssignableFrom(t))
            .Select(t => t.Name);

        var unrecorded = orchestrators.Where(o => !recorded.Contains(o)).ToList();
        Assert.True(unrecorded.Count == 0, $"No recorded history runs {string.Join(", ", unrecorded)}: record one (README, \"Upgrading a running province\").");
    }

    [Fact]
    public void Each_history_was_recorded_under_a_workflow_version_and_holds_only_instances_of_it()
    {
        Assert.NotEmpty(Files());
        foreach (var file in Files())
        {
            var history = RecordedHistory.Load(file);
            Assert.Equal(RecordedHistory.FileName(history.Scenario, history.WorkflowVersion), Path.GetFileName(file));
            Assert.All(history.Instances, i => Assert.Equal(history.WorkflowVersion, i.Version));
            Assert.True(
                TaskOrchestrationVersioningUtils.CompareVersions(history.WorkflowVersion, WorkflowVersion.Current) <= 0,
                $"{file} was recorded under version {history.WorkflowVersion}, newer than this build's {WorkflowVersion.Current}.");
        }
    }

    private static IEnumerable<string> Files() =>
        Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal) : [];
}
