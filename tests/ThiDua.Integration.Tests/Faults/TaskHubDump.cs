using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace ThiDua.Integration.Tests.Faults;

/// <summary>The instances and histories of a task hub as text, for the output of a failed fault test.</summary>
internal static class TaskHubDump
{
    public static async Task<string> DescribeAsync(StorageScope scope, CancellationToken ct)
    {
        var text = new StringBuilder();
        var instances = new TableClient(scope.ConnectionString, scope.TaskHubName + "Instances");
        await foreach (var row in instances.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"instance {row.PartitionKey}: {row.GetString("RuntimeStatus")} {row.GetString("CustomStatus")}");
        }

        var history = new TableClient(scope.ConnectionString, scope.TaskHubName + "History");
        await foreach (var row in history.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {row.PartitionKey} {row.RowKey} {row.GetString("EventType")} {row.GetString("Name")} {row.GetDateTimeOffset("Timestamp"):HH:mm:ss.fff} {row.GetDateTime("_Timestamp"):HH:mm:ss.fff} {row.GetDateTime("FireAt"):HH:mm:ss.fff}");
        }

        return text.ToString();
    }
}
