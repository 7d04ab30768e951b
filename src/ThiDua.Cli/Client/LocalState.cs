using Microsoft.Extensions.Configuration;
using ThiDua.Azurite;
using ThiDua.LocalHost;
using ThiDua.Storage;
using ThiDua.Workflows;

namespace ThiDua.Cli.Client;

/// <summary>
/// The local state folder (ThiDua__StateDirectory, default &lt;repository&gt;/.thidua): Azurite's data,
/// the embedded SMTP server's outbox, and the demo's simulated units with their private keys.
/// </summary>
public sealed class LocalState
{
    LocalState(string directory, IConfiguration configuration)
    {
        Directory = directory;
        Configuration = configuration;
    }

    public string Directory { get; }

    /// <summary>Environment configuration (ThiDua__*, AzureWebJobsStorage, TaskHubName), as the host reads it.</summary>
    public IConfiguration Configuration { get; }

    public string OutboxDirectory => Path.Combine(Directory, "outbox");

    /// <summary>Simulated units of the demo: each unit's certificate and private key, never sent to the server.</summary>
    public string UnitsDirectory => Path.Combine(Directory, "units");

    /// <summary>A state folder chosen by the caller (tests), with the environment's other settings.</summary>
    public static LocalState At(string directory) =>
        new(Path.GetFullPath(directory), new ConfigurationBuilder().AddEnvironmentVariables().Build());

    public static LocalState Resolve()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var directory = LocalHostApp.ResolveStateDirectory(new LocalHostOptions
        {
            StateDirectory = NullIfEmpty(configuration["ThiDua:StateDirectory"]),
            RepositoryRoot = NullIfEmpty(configuration["ThiDua:RepositoryRoot"]),
        });
        return new LocalState(directory, configuration);
    }

    /// <summary>
    /// Storage of the local state for admin work (tokens): the configured account, otherwise the storage
    /// of a host or a <c>thidua storage</c> running on the state folder, otherwise an Azurite started
    /// here on the state folder's data.
    /// </summary>
    public async Task<LocalStorage> OpenStorageAsync(CancellationToken cancellationToken)
    {
        var configured = NullIfEmpty(Configuration["AzureWebJobsStorage"]);
        var running = LocalHostRegistration.Read(Directory);
        AzuriteLauncher? azurite = null;
        var connectionString = configured ?? running?.StorageConnectionString ?? StorageRegistration.Read(Directory)?.ConnectionString;
        if (connectionString is null)
        {
            azurite = await AzuriteLauncher.StartAsync(
                new AzuriteOptions
                {
                    RepositoryRoot = NullIfEmpty(Configuration["ThiDua:RepositoryRoot"]),
                    DataDirectory = Path.Combine(Directory, "azurite"),
                },
                cancellationToken: cancellationToken);
            connectionString = azurite.ConnectionString;
        }

        var overrides = new ConfigurationBuilder()
            .AddConfiguration(Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString })
            .Build();
        return new LocalStorage(WorkflowServices.StorageOptions(overrides), azurite);
    }

    /// <summary>
    /// The local host on the state folder, on a free port (a 'thidua host' elsewhere is not disturbed),
    /// with the embedded mail server whatever ThiDua:Mail:Host says (the demo's addresses are fictitious),
    /// no yearly automation (the demo and short-lived hosts drive nothing by date), and logs on stderr at warning level.
    /// </summary>
    public async Task<LocalHostApp> StartHostAsync(CancellationToken cancellationToken)
    {
        var host = await LocalHostApp.CreateAsync(
            ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:ThiDua=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"],
            options =>
            {
                options.StateDirectory = Directory;
                options.Urls = "http://127.0.0.1:0";
                options.LaunchCheckInterval = TimeSpan.Zero;
                options.EmbeddedMail = true;
            },
            cancellationToken);
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Storage options for admin work, and the Azurite started for it (stopped on dispose).</summary>
public sealed class LocalStorage(ThiDuaStorageOptions options, AzuriteLauncher? azurite) : IAsyncDisposable
{
    public ThiDuaStorageOptions Options { get; } = options;

    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
