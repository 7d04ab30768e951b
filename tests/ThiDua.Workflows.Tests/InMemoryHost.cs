using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace ThiDua.Workflows.Tests;

/// <summary>
/// Starts the in-memory Durable Task host on a free loopback port. Left alone it picks a random
/// port in a fixed range, which collides when test projects run in parallel.
/// </summary>
internal static class InMemoryHost
{
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registry)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, new DurableTaskTestHostOptions { Port = FreeLoopbackPort() });
            }
            catch (IOException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; probe again.
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
