using System.Text.Json;
using Azure.Data.Tables;
using ThiDua.Azurite;

namespace ThiDua.TestKit.Histories;

/// <summary>
/// Records the histories of a scenario's workflow instances from the task hub's tables on Azurite (the Durable
/// Task Azure Storage provider's Instances and History tables), when <see cref="Variable"/> is 1: the tests that
/// run the scenarios call <see cref="RecordAsync"/>, which does nothing in a normal run.
/// </summary>
public static class HistoryRecorder
{
    public const string Variable = "THIDUA_RECORD_HISTORIES";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Where recorded histories are kept, in the repository (the replay test's data).</summary>
    public static string Folder => Path.Combine(RepositoryRoot.Locate(), "tests", "ThiDua.Workflows.Tests", "Histories");

    /// <summary>
    /// Writes the instances of <paramref name="scope"/>'s task hub whose id <paramref name="include"/> accepts as the
    /// scenario's history of their workflow version. A history is added, never edited: an existing file is left as it is.
    /// </summary>
    public static async Task RecordAsync(StorageScope scope, string scenario, string description, Func<string, bool> include, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!Enabled)
        {
            return;
        }

        var instances = await ReadAsync(scope.ConnectionString, scope.TaskHubName, include, ct);
        if (instances.Count == 0)
        {
            throw new InvalidOperationException($"Scenario {scenario}: no workflow instance to record.");
        }

        var versions = instances.Select(i => i.Version ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (versions is not [{ Length: > 0 } version])
        {
            throw new InvalidOperationException($"Scenario {scenario}: its instances run versions [{string.Join(", ", versions)}], not one workflow version.");
        }

        var path = Path.Combine(Folder, RecordedHistory.FileName(scenario, version));
        if (File.Exists(path))
        {
            // Added, never edited: what running cycles of this version look like was recorded once.
            return;
        }

        Directory.CreateDirectory(Folder);
        var history = new RecordedHistory(scenario, version, description, DateTimeOffset.UtcNow, instances);
        await File.WriteAllTextAsync(path, history.ToJson(), ct);
    }

    /// <summary>
    /// The current execution of each accepted instance and of the children they started, its events in the order
    /// they were stored.
    /// </summary>
    public static async Task<IReadOnlyList<RecordedInstance>> ReadAsync(string connectionString, string taskHub, Func<string, bool> include, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(include);
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in new TableClient(connectionString, taskHub + "Instances").QueryAsync<TableEntity>(cancellationToken: ct))
        {
            rows[row.PartitionKey] = row;
        }

        var historyTable = new TableClient(connectionString, taskHub + "History");
        var pending = new Queue<string>(rows.Keys.Where(include));
        var instances = new Dictionary<string, RecordedInstance>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var instanceId))
        {
            if (instances.ContainsKey(instanceId) || !rows.TryGetValue(instanceId, out var row))
            {
                continue;
            }

            var executionId = row.GetString("ExecutionId");
            var events = new List<(string RowKey, RecordedEvent Event)>();
            await foreach (var e in historyTable.QueryAsync<TableEntity>(h => h.PartitionKey == instanceId, cancellationToken: ct))
            {
                if (e.GetString("EventType") is not null && e.GetString("ExecutionId") == executionId)
                {
                    events.Add((e.RowKey, ToEvent(e)));
                }
            }

            var ordered = events.OrderBy(e => e.RowKey, StringComparer.Ordinal).Select(e => e.Event).ToList();
            instances[instanceId] = new RecordedInstance(instanceId, row.GetString("Name"), row.GetString("Version"), row.GetString("RuntimeStatus"), ordered);
            foreach (var child in ordered.Where(e => e.Type == "SubOrchestrationInstanceCreated" && e.InstanceId is not null))
            {
                pending.Enqueue(child.InstanceId!);
            }
        }

        return instances.Values.OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
    }

    private static RecordedEvent ToEvent(TableEntity row)
    {
        foreach (var key in row.Keys.Where(k => k.EndsWith("BlobName", StringComparison.Ordinal)))
        {
            if (!string.IsNullOrEmpty(row.GetString(key)))
            {
                throw new NotSupportedException($"{row.PartitionKey} {row.RowKey}: {key} is kept as a large message; a recorded history holds small payloads only.");
            }
        }

        string? failureType = null;
        string? failureMessage = null;
        if (row.GetString("FailureDetails") is { Length: > 0 } failure)
        {
            using var json = JsonDocument.Parse(failure);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                failureType = json.RootElement.TryGetProperty("ErrorType", out var type) ? type.GetString() : null;
                failureMessage = json.RootElement.TryGetProperty("ErrorMessage", out var message) ? message.GetString() : null;
            }
        }

        return new RecordedEvent
        {
            Type = row.GetString("EventType"),
            EventId = row.GetInt32("EventId") ?? -1,
            Timestamp = Utc(row.GetDateTime("_Timestamp")) ?? default,
            Name = row.GetString("Name"),
            Version = row.GetString("Version"),
            Input = row.GetString("Input"),
            Result = row.GetString("Result"),
            InstanceId = row.GetString("InstanceId"),
            TaskScheduledId = row.GetInt32("TaskScheduledId"),
            TimerId = row.GetInt32("TimerId"),
            FireAt = Utc(row.GetDateTime("FireAt")),
            OrchestrationStatus = row.GetString("OrchestrationStatus"),
            Reason = row.GetString("Reason"),
            Details = row.GetString("Details"),
            FailureType = failureType,
            FailureMessage = failureMessage,
        };
    }

    private static DateTime? Utc(DateTime? value) =>
        value is { } v ? DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc) : null;

    /// <summary>Instance ids of one bloc's cycle and its children (they all start with the cycle's id).</summary>
    public static Func<string, bool> CycleOf(string cycleInstanceId) =>
        id => id.StartsWith(cycleInstanceId, StringComparison.Ordinal);
}
