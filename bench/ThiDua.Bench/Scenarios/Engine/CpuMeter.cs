using System.Diagnostics;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>CPU time used so far by this process (where both engines run) and by Azurite.</summary>
internal sealed class CpuMeter(int azuriteProcessId) : IDisposable
{
    readonly Process _self = Process.GetCurrentProcess();
    readonly Process _azurite = Process.GetProcessById(azuriteProcessId);

    public (TimeSpan Host, TimeSpan Azurite) Sample()
    {
        _self.Refresh();
        _azurite.Refresh();
        return (_self.TotalProcessorTime, _azurite.TotalProcessorTime);
    }

    public void Dispose()
    {
        _self.Dispose();
        _azurite.Dispose();
    }
}
