using System.Globalization;
using System.Security.Cryptography;
using ThiDua.LocalHost;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>
/// One in-memory Azurite on free loopback ports for the whole test run. Test classes share it
/// and stay apart through <see cref="CreateScope"/>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    AzuriteLauncher? azurite;

    public string ConnectionString => this.Azurite.ConnectionString;

    public AzuriteLauncher Azurite => this.azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync()
    {
        this.azurite = await AzuriteLauncher.StartAsync(new AzuriteOptions { DataDirectory = null });
    }

    public async Task DisposeAsync()
    {
        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }
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
            this.ConnectionString,
            TaskHubName: string.Create(CultureInfo.InvariantCulture, $"T{letters}{suffix}"),
            Prefix: "t" + suffix);
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
        ["AzureWebJobsStorage"] = this.ConnectionString,
        ["TaskHubName"] = this.TaskHubName,
        ["ThiDua__WorkerId"] = workerId,
        ["ThiDua__Storage__TablePrefix"] = this.Prefix,
        ["ThiDua__Storage__ContainerPrefix"] = this.Prefix,
        ["ThiDua__StateDirectory"] = stateDirectory,
        ["ThiDua__LaunchCheckInterval"] = "00:00:00",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}

[CollectionDefinition(Name)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// The tests that kill or replace hosts along a compressed year: they spend minutes waiting for its
/// deadlines with the processor mostly idle, so they run beside <see cref="AzuriteTestGroup"/> (one
/// after the other, on an Azurite of their own) instead of after it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RestartTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Restarts";
}
