using ThiDua.TestKit.Histories;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>A test that only records a history (HistoryRecorder): skipped unless recording is asked for.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordingFactAttribute : FactAttribute
{
    public RecordingFactAttribute()
    {
        if (!HistoryRecorder.Enabled)
        {
            Skip = $"Records a workflow history; runs with {HistoryRecorder.Variable}=1.";
        }
    }
}
