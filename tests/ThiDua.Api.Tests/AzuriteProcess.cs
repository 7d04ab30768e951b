using ThiDua.LocalHost;

namespace ThiDua.Api.Tests;

/// <summary>
/// One in-memory Azurite on free loopback ports (the shared launcher of the local host).
/// </summary>
public sealed class AzuriteProcess : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    /// <summary>Connection string of the running Azurite.</summary>
    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteLauncher.StartAsync(new AzuriteOptions { DataDirectory = null });

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
