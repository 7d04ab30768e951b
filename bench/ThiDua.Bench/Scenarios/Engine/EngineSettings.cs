namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>Provider settings both engines get, so that only the engine differs.</summary>
internal static class EngineSettings
{
    /// <summary>The local host's default; the provider's own default (30 s) would measure idle back-off.</summary>
    public static readonly TimeSpan MaxQueuePollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>The local host's default visibility timeout (the sidecar never renews locks).</summary>
    public static readonly TimeSpan WorkItemVisibilityTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The provider's default partition count, stated so both sides visibly use the same.</summary>
    public const int PartitionCount = 4;
}
