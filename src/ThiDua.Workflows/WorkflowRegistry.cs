using Microsoft.DurableTask;
using ThiDua.Workflows.Diagnostics;

namespace ThiDua.Workflows;

/// <summary>The one list of orchestrators and activities, used by every host and by tests.</summary>
public static class WorkflowRegistry
{
    public static DurableTaskRegistry AddThiDuaWorkflows(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<ProbeOrchestrator>();
        registry.AddOrchestrator<ProbeChildOrchestrator>();
        registry.AddActivity<ProbeActivity>();
        return registry;
    }
}
