using System.Text.Json.Nodes;
using ThiDua.Workflows;

namespace ThiDua.Functions.Tests;

/// <summary>The Functions app runs the workflow version of this build, under the policy the local host uses.</summary>
public sealed class WorkflowVersionTests
{
    [Fact]
    public void Host_json_starts_and_matches_orchestrations_on_this_builds_workflow_version()
    {
        var durable = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!["extensions"]!["durableTask"]!;
        var policy = WorkflowVersion.WorkerPolicy();

        Assert.Equal(WorkflowVersion.Current, (string?)durable["defaultVersion"]);
        Assert.Equal(policy.MatchStrategy.ToString(), (string?)durable["versionMatchStrategy"]);
        Assert.Equal(policy.FailureStrategy.ToString(), (string?)durable["versionFailureStrategy"]);
    }
}
