using Microsoft.Extensions.Hosting;

namespace ThiDua.LocalHost;

/// <summary>
/// Replaces the console lifetime in the hosts the local host owns: Ctrl+C and SIGTERM are
/// handled once, by whoever runs <see cref="LocalHostApp"/>, so the parts stop in order
/// (worker, then sidecar, then Azurite) instead of each reacting to the signal on its own.
/// </summary>
internal sealed class ExternallyControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
