using ThiDua.LocalHost;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>
/// Provider settings both engines get, so that only the engine differs: the local host's
/// defaults, which the baseline's provider copies.
/// </summary>
internal static class EngineSettings
{
    static readonly LocalHostOptions Defaults = new();

    public static TimeSpan MaxQueuePollingInterval => Defaults.MaxQueuePollingInterval;

    public static TimeSpan WorkItemVisibilityTimeout => Defaults.WorkItemVisibilityTimeout;

    public static int PartitionCount => Defaults.PartitionCount;

    public static TimeSpan PartitionTableTimeout => Defaults.PartitionTableTimeout;
}
