using ThiDua.LocalHost;

namespace ThiDua.Storage.Tests;

/// <summary>One in-memory Azurite on free loopback ports (the local host's launcher), shared by every storage test class.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    /// <summary>Connection string of the running Azurite.</summary>
    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A storage with tables and containers of its own (by prefix), created.</summary>
    public async Task<ThiDuaStorage> CreateStorageAsync(string prefix)
    {
        var storage = new ThiDuaStorage(new ThiDuaStorageOptions
        {
            ConnectionString = ConnectionString,
            TablePrefix = prefix,
            ContainerPrefix = prefix.ToLowerInvariant(),
        });
        await storage.InitializeAsync();
        return storage;
    }

    public async Task InitializeAsync() => _azurite = await AzuriteLauncher.StartAsync(new AzuriteOptions { DataDirectory = null });

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>Every storage test class shares one Azurite and isolates itself by table and container prefix.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
