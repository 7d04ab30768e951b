using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ThiDua.Storage.Tests;

/// <summary>
/// A minimal Azurite launcher of its own: this project tests the storage layer alone and does not
/// reference the local host (whose dependencies clash with .NET 10 async LINQ). Starts the pinned Azurite
/// in memory on ports the OS picks, reads them from its stdout, and kills it (with its children)
/// when the tests end, also when they fail.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;

    /// <summary>Connection string of the running Azurite.</summary>
    public string ConnectionString { get; private set; } = "";

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

    public async Task InitializeAsync()
    {
        var root = FindRepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed: run `npm ci` in {root}.");
        }

        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in "--silent --inMemoryPersistence --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --blobPort 0 --queuePort 0 --tablePort 0 --skipApiVersionCheck --disableTelemetry".Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (ports.Count < 3)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"Azurite exited: {await _process.StandardError.ReadToEndAsync(timeout.Token)}");
            if (Listening().Match(line) is { Success: true } match)
            {
                ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports["Blob"]}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{ports["Queue"]}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{ports["Table"]}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "ThiDua.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (package.json next to ThiDua.Functions.sln) not found.");
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex Listening();
}

/// <summary>Every storage test class shares one Azurite and isolates itself by table and container prefix.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
