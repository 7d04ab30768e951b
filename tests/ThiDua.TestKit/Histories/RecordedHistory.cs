using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ThiDua.TestKit.Histories;

/// <summary>
/// The histories of the workflow instances of one scenario, recorded from a real run on Azurite and kept as
/// test data (tests/ThiDua.Workflows.Tests/Histories): the replay test runs every one through today's
/// orchestrators. <see cref="WorkflowVersion"/> is the version the instances were started with.
/// </summary>
public sealed record RecordedHistory(
    string Scenario, string WorkflowVersion, string Description, DateTimeOffset RecordedAt, IReadOnlyList<RecordedInstance> Instances)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Readable files: Vietnamese and quotes in payloads stay as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The file name of a scenario's history: a new version records a new file beside the old.</summary>
    public static string FileName(string scenario, string workflowVersion) => $"{scenario}.v{workflowVersion}.json";

    public static RecordedHistory Load(string path) =>
        JsonSerializer.Deserialize<RecordedHistory>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no recorded history.");

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";
}

/// <summary>One orchestration instance: its orchestrator, the version it runs, how far it got, and its history in order.</summary>
public sealed record RecordedInstance(string InstanceId, string Name, string? Version, string RuntimeStatus, IReadOnlyList<RecordedEvent> Events);

/// <summary>
/// One history event as the Durable Task runtime stored it; the fields are those of its type
/// (DurableTask.Core's history events), the others are absent.
/// </summary>
public sealed record RecordedEvent
{
    public required string Type { get; init; }

    public int EventId { get; init; }

    public DateTime Timestamp { get; init; }

    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Input { get; init; }

    public string? Result { get; init; }

    public string? InstanceId { get; init; }

    public int? TaskScheduledId { get; init; }

    public int? TimerId { get; init; }

    public DateTime? FireAt { get; init; }

    public string? OrchestrationStatus { get; init; }

    public string? Reason { get; init; }

    public string? Details { get; init; }

    public string? FailureType { get; init; }

    public string? FailureMessage { get; init; }
}
