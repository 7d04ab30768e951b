using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
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

    [Fact]
    public async Task Every_request_is_counted_by_service_resource_and_kind_and_a_batch_by_its_table_and_operations()
    {
        await using var azurite = await AzuriteLauncher.StartAsync();
        using var http = new HttpClient();
        var before = await AzuriteRequestCounts.ReadAsync(azurite, http, CancellationToken.None);

        var container = new BlobContainerClient(azurite.ConnectionString, "counted");
        await container.CreateAsync();
        await container.UploadBlobAsync("a/b.txt", BinaryData.FromString("x"));
        var queue = new QueueClient(azurite.ConnectionString, "countedqueue");
        await queue.CreateAsync();
        await queue.SendMessageAsync("m");
        await queue.ReceiveMessagesAsync(maxMessages: 1);
        await queue.ReceiveMessagesAsync(maxMessages: 1);
        var table = new TableClient(azurite.ConnectionString, "Counted");
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "single"));
        await table.SubmitTransactionAsync(Enumerable.Range(0, 3).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "r" + i))));
        var after = await AzuriteRequestCounts.ReadAsync(azurite, http, CancellationToken.None);

        // Reading the counts is not itself a request counted.
        Assert.Equal(after.Sum(c => c.Requests), (await AzuriteRequestCounts.ReadAsync(azurite, http, CancellationToken.None)).Sum(c => c.Requests));
        Assert.Empty(before);
        long Count(StorageService service, string method, string path) =>
            after.Where(c => c.Service == service && c.Method == method && c.Path == path).Sum(c => c.Requests);
        Assert.Equal(1, Count(StorageService.Blob, "PUT", "counted"));
        Assert.Equal(1, Count(StorageService.Blob, "PUT", "counted/*/*"));
        Assert.Equal(1, Count(StorageService.Queue, "POST", "countedqueue/messages"));
        Assert.Equal(2, Count(StorageService.Queue, "GET", "countedqueue/messages"));
        Assert.Equal(1, Count(StorageService.Table, "POST", "Counted"));
        var batch = Assert.Single(after, c => c.Path == "$batch");
        Assert.Equal(("Counted", 1L, 3L), (batch.Resource, batch.Requests, batch.Operations));
        Assert.All(after.Where(c => c.Service != StorageService.Table || c.Path != "Tables"), c => Assert.Contains(c.Resource, new[] { "counted", "countedqueue", "Counted" }));
    }
}
