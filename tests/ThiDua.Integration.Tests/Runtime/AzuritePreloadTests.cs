using System.Diagnostics;
using System.Text.Json;
using ThiDua.Azurite;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>
/// The preload narrows a table query to one partition only when its filter requires that
/// partition: a wrong answer here would silently drop entities from every query on Azurite.
/// </summary>
public sealed class AzuritePreloadTests
{
    [Fact]
    public async Task Only_a_filter_that_requires_one_partition_is_narrowed_to_it()
    {
        var cases = new (string Filter, string? Partition)[]
        {
            ("PartitionKey eq 'a'", "a"),
            ("PartitionKey eq 'o''Brien'", "o'Brien"),
            ("(PartitionKey eq 'x') and (RowKey ge 'a')", "x"),
            ("PartitionKey eq 'h1' and (RowKey eq 'sentinel' or ExecutionId eq 'e1')", "h1"),
            ("((PartitionKey eq 'a' and RowKey ge 'b')) and RowKey lt 'c'", "a"),
            ("RowKey eq 'PartitionKey eq ''z''' and PartitionKey eq 'q'", "q"),
            ("Name eq 'or' and PartitionKey eq 'k'", "k"),
            ("PartitionKey eq 'x' or RowKey eq 'y'", null),
            ("(PartitionKey eq 'a' or RowKey ge 'b') and RowKey lt 'c'", null),
            ("not (PartitionKey eq 'x')", null),
            ("MyPartitionKey eq 'x'", null),
            ("PartitionKey ge 'x'", null),
            ("PartitionKey eq \"x\"", null),
            ("PartitionKey eq 'unterminated", null),
            ("(PartitionKey eq 'a')) and ((Name eq 'b'", null),
        };
        var script = Path.Combine(AppContext.BaseDirectory, "AzuritePreload.js");
        await File.WriteAllTextAsync(script, AzuriteLauncher.ReadPreloadScript());
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(
            $"const f = require({JsonSerializer.Serialize(script)}).requiredPartition;" +
            $"const cases = {JsonSerializer.Serialize(cases.Select(c => c.Filter))};" +
            "console.log('RESULT ' + JSON.stringify(cases.map(c => f(c) ?? null)));");
        using var node = Process.Start(start)!;
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();

        var line = output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        var partitions = JsonSerializer.Deserialize<string?[]>(line["RESULT ".Length..])!;
        Assert.Equal(cases.Select(c => c.Partition), partitions);
    }
}
