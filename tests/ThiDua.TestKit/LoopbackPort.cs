using System.Net;
using System.Net.Sockets;

namespace ThiDua.TestKit;

public static class LoopbackPort
{
    /// <summary>A loopback port that was free a moment ago (another process may take it since).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
