using System.Diagnostics;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>CPU time used so far by this process (where both engines run) and by Azurite.</summary>
internal sealed class CpuMeter(int azuriteProcessId) : IDisposable
{
    readonly Process self = Process.GetCurrentProcess();
    readonly Process azurite = Process.GetProcessById(azuriteProcessId);

    public (TimeSpan Host, TimeSpan Azurite) Sample()
    {
        this.self.Refresh();
        this.azurite.Refresh();
        return (this.self.TotalProcessorTime, this.azurite.TotalProcessorTime);
    }

    public void Dispose()
    {
        this.self.Dispose();
        this.azurite.Dispose();
    }
}
