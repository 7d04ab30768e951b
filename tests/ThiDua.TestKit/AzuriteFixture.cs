using System.Globalization;
using System.Security.Cryptography;
using ThiDua.Azurite;
using ThiDua.Storage;

namespace ThiDua.TestKit;

/// <summary>
/// One in-memory Azurite on free loopback ports (the launcher the local host uses), shared by the test
/// classes of a collection: they keep apart by table and container prefix (<see cref="CreateStorageAsync"/>)
/// or by task hub and prefix (<see cref="CreateScope"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    public AzuriteLauncher Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>Connection string of the running Azurite.</summary>
    public string ConnectionString => Azurite.ConnectionString;

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

    /// <summary>
    /// A task hub and a table/container prefix that no other test class uses: Azure Storage
    /// task hub names take 3-45 letters and digits; the prefix fits table names (letters and
    /// digits) and container names (lowercase) alike.
    /// </summary>
    public StorageScope CreateScope(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var letters = new string(owner.Where(char.IsAsciiLetterOrDigit).Take(24).ToArray());
        return new StorageScope(
            ConnectionString,
            TaskHubName: string.Create(CultureInfo.InvariantCulture, $"T{letters}{suffix}"),
            Prefix: "t" + suffix);
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

/// <summary>Storage a test class may use without meeting another's data.</summary>
public sealed record StorageScope(string ConnectionString, string TaskHubName, string Prefix)
{
    /// <summary>
    /// The environment of a <c>thidua host</c> process on this scope: its storage, task hub and prefixes,
    /// a stable worker id, a state folder of its own, no yearly launch check, warnings only.
    /// </summary>
    public Dictionary<string, string> HostEnvironment(string workerId, string stateDirectory) => new()
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["TaskHubName"] = TaskHubName,
        ["ThiDua__WorkerId"] = workerId,
        ["ThiDua__Storage__TablePrefix"] = Prefix,
        ["ThiDua__Storage__ContainerPrefix"] = Prefix,
        ["ThiDua__StateDirectory"] = stateDirectory,
        ["ThiDua__LaunchCheckInterval"] = "00:00:00",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
