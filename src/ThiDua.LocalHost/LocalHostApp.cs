using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Api;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Api.Portal;
using ThiDua.Azurite;
using ThiDua.Mail;
using ThiDua.Storage;
using ThiDua.Workflows;

namespace ThiDua.LocalHost;

/// <summary>
/// The whole local host: Azurite when no storage is configured, the durable runtime (Azure
/// Storage provider behind the gRPC sidecar), the Durable Task SDK worker running the shared
/// workflows, and the HTTP API on loopback. Start it, then stop or dispose it; parts stop in
/// reverse order (runtime, API and worker, sidecar, Azurite).
/// </summary>
public sealed partial class LocalHostApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SidecarChannel _channel;
    private readonly EmbeddedMailPort _mailPort;
    private readonly StartedStorage _storage;
    private readonly ILogger _logger;
    private AzuriteLauncher? _azurite;
    private EmbeddedSmtpServer? _smtp;
    private DurableSidecar? _sidecar;
    private int _state;

    LocalHostApp(WebApplication app, LocalHostOptions options, SidecarChannel channel, EmbeddedMailPort mailPort, StartedStorage storage)
    {
        _app = app;
        Options = options;
        _channel = channel;
        _mailPort = mailPort;
        _storage = storage;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<LocalHostApp>();
    }

    /// <summary>The effective settings.</summary>
    public LocalHostOptions Options { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Client of the local task hub, the same instance HTTP handlers receive.</summary>
    public DurableTaskClient Client => _app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Addresses the HTTP API listens on, with real ports, once started.</summary>
    public IReadOnlyList<Uri> Urls { get; private set; } = [];

    /// <summary>Storage connection string in use, once started.</summary>
    public string? StorageConnectionString { get; private set; }

    /// <summary>Azurite started by this host, or null when storage was configured.</summary>
    public AzuriteLauncher? Azurite => _azurite;

    /// <summary>The embedded SMTP server, or null when ThiDua:Mail:Host names a relay.</summary>
    public EmbeddedSmtpServer? Smtp => _smtp;

    /// <summary>The local state folder: Azurite's data in "azurite", received mail in "outbox".</summary>
    public string StateDirectory => ResolveStateDirectory(Options);

    /// <summary>The local state folder of <paramref name="options"/>: ThiDua:StateDirectory, or &lt;repository&gt;/.thidua.</summary>
    public static string ResolveStateDirectory(LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.GetFullPath(options.StateDirectory ?? Path.Combine(RepositoryRoot.Locate(options.RepositoryRoot), ".thidua"));
    }

    /// <summary>
    /// Builds the host from <paramref name="args"/>, appsettings.json, environment variables
    /// (AzureWebJobsStorage, TaskHubName, ThiDua__*) and command-line switches such as --urls,
    /// then applies <paramref name="configure"/>. Nothing is started yet.
    /// </summary>
    public static Task<LocalHostApp> CreateAsync(
        string[] args,
        Action<LocalHostOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        cancellationToken.ThrowIfCancellationRequested();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(LocalHostApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
                ["Logging:LogLevel:Microsoft.DurableTask"] = "Warning",
                // Its warnings are routine for a finished cycle (events that reach a completed child are discarded).
                ["Logging:LogLevel:DurableTask.AzureStorage"] = "Error",
                ["Logging:LogLevel:DurableTask.Core"] = "Warning",
                ["Logging:LogLevel:Grpc"] = "Warning",
            },
        });

        var options = ReadOptions(builder.Configuration);
        configure?.Invoke(options);
        LocalHostOptionsValidator.ThrowIfInvalid(options);
        options.Urls ??= LocalHostOptions.DefaultUrl;

        // The address tells apart two hosts of one machine (they cannot listen on the same one), and stays the same
        // across a restart, so a restarted host takes its own partition leases back at once.
        options.WorkerId ??= string.Create(
            CultureInfo.InvariantCulture, $"{Environment.MachineName}-{options.TaskHubName}-{NonAlphanumeric().Replace(options.Urls, "-").Trim('-')}");

        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddSingleton<IHostLifetime, ExternallyControlledLifetime>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.LocalizeFrameworkProblem);
        builder.Services.AddSingleton(options);

        // The storage account is only known in StartAsync (Azurite's ports, or a storage registered on the
        // state folder): its options are built when first resolved, from the address found there.
        var configuration = builder.Configuration;
        var storage = new StartedStorage();
        builder.Services.AddSingleton(sp => WorkflowServices.StorageOptions(configuration, webJobsStorage: storage.ConnectionString));
        builder.Services.AddThiDuaWorkflows(configuration);
        AddPortalBaseUrl(builder.Services, configuration, options.Urls);
        var mailPort = new EmbeddedMailPort();
        if (options.EmbeddedMail)
        {
            AddEmbeddedMail(builder.Services, mailPort);
        }

        builder.Services.AddOptions<ThiDuaApiOptions>().Bind(configuration.GetSection(ThiDuaApiOptions.Section));
        builder.Services.AddThiDuaApi();
        builder.Services.AddThiDuaOpenApi();
        builder.Services.AddHostedService<MailQueueService>();

        // The yearly automation: the shared launch check (registered with the workflows), run periodically.
        if (options.LaunchCheckInterval > TimeSpan.Zero)
        {
            builder.Services.AddHostedService<LaunchCheckService>();
        }

        var channel = new SidecarChannel();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry =>
            {
                options.WorkflowTasks(registry);
                options.AdditionalTasks?.Invoke(registry);
            });
            worker.UseGrpc(grpc => grpc.Channel = channel.Current);
            worker.UseVersioning(WorkflowVersion.WorkerPolicy(options.WorkflowVersion));
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(grpc => grpc.Channel = channel.Current);
            client.UseDefaultVersion(options.WorkflowVersion);
            client.RegisterDirectly();
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapThiDuaApi();
        app.MapOpenApi();
        app.MapThiDuaPortal();
        return Task.FromResult(new LocalHostApp(app, options, channel, mailPort, storage));
    }

    /// <summary>Starts Azurite when needed, the durable runtime, the worker and the HTTP API.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The local host was already started.");
        }

        var loggerFactory = _app.Services.GetRequiredService<ILoggerFactory>();
        var connectionString = Options.StorageConnectionString;
        try
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                connectionString = StorageRegistration.Read(StateDirectory)?.ConnectionString;
            }

            if (connectionString is null)
            {
                var root = RepositoryRoot.Locate(Options.RepositoryRoot);
                _azurite = await AzuriteLauncher.StartAsync(
                    new AzuriteOptions
                    {
                        RepositoryRoot = root,
                        DataDirectory = Path.Combine(StateDirectory, "azurite"),
                        BlobPort = Options.AzuriteBlobPort,
                        QueuePort = Options.AzuriteQueuePort,
                        TablePort = Options.AzuriteTablePort,
                    },
                    loggerFactory.CreateLogger<AzuriteLauncher>(),
                    cancellationToken);
                connectionString = _azurite.ConnectionString;
            }

            // Services read the storage and mail settings when first resolved, which is after this point:
            // Azurite's and the embedded server's ports are only known now.
            StorageConnectionString = connectionString;
            _storage.ConnectionString = connectionString;
            if (Options.EmbeddedMail)
            {
                _smtp = await EmbeddedSmtpServer.StartAsync(
                    Path.Combine(StateDirectory, "outbox"), loggerFactory.CreateLogger<EmbeddedSmtpServer>(), cancellationToken);
                _mailPort.Value = _smtp.Port;
            }

            // Every setting is complete now: check them before storage and the runtime are touched, rather
            // than when the web app starts last (its own check then finds nothing new).
            _app.Services.GetRequiredService<IStartupValidator>().Validate();
            await _app.Services.GetRequiredService<ThiDuaStorage>().InitializeAsync(cancellationToken);
            await _app.Services.GetRequiredService<ITokenStore>().InitializeAsync(cancellationToken);
            _sidecar = await DurableSidecar.StartAsync(Options, connectionString, loggerFactory, cancellationToken);
            _channel.Current = _sidecar.Channel;
            await _app.StartAsync(cancellationToken);
        }
        catch
        {
            await ReleaseAsync();
            throw;
        }

        Urls = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Select(address => new Uri(address)).ToArray();
        if (string.IsNullOrWhiteSpace(Options.StorageConnectionString))
        {
            new LocalHostRegistration(Urls[0], Environment.ProcessId, connectionString, Options.TaskHubName).Write(StateDirectory);
        }

        _logger.LogInformation("ThiDua local host for task hub {TaskHub} (worker {WorkerId}) serving {Urls}", Options.TaskHubName, Options.WorkerId, string.Join(", ", Urls));
    }

    /// <summary>Starts, then runs until <paramref name="cancellationToken"/> fires (Ctrl+C), then stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The normal way to leave: stop below.
        }

        await StopAsync(CancellationToken.None);
    }

    /// <summary>Stops the runtime, the worker and API, the sidecar and the Azurite this host started.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        try
        {
            // The worker goes first: the sidecar only lets go of its dispatchers (and the
            // provider of its partition leases) once the worker's stream has closed.
            await _app.StopAsync(cancellationToken);
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    /// <summary>Stops what <see cref="StartAsync"/> started besides the web app, last started first.</summary>
    async Task ReleaseAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
            _sidecar = null;
        }

        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
            _smtp = null;
        }

        LocalHostRegistration.Remove(StateDirectory, Environment.ProcessId);
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    /// <summary>
    /// Links in mail lead to this host's portal: the address it actually listens on (a port 0 in --urls is
    /// only known once bound; mail goes out after start), unless ThiDua:PortalBaseUrl names a public one.
    /// A wildcard listening address is not a host to link to: it becomes localhost.
    /// </summary>
    static void AddPortalBaseUrl(IServiceCollection services, ConfigurationManager configuration, string urls)
    {
        services.AddOptions<ThiDuaOptions>().PostConfigure<IServer>((settings, server) =>
        {
            if (!string.IsNullOrWhiteSpace(configuration[$"{ThiDuaOptions.Section}:PortalBaseUrl"]))
            {
                return;
            }

            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
            var address = new UriBuilder(listening.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal));
            if (address.Host is "0.0.0.0" or "[::]" or "::")
            {
                address.Host = "localhost";
            }

            settings.PortalBaseUrl = address.Uri.GetLeftPart(UriPartial.Authority);
        });
    }

    /// <summary>
    /// With <see cref="LocalHostOptions.EmbeddedMail"/>, mail goes to the embedded server on loopback in plain
    /// SMTP, from ThiDua:Mail:From or thidua@localhost; the server's port is filled in once it runs.
    /// </summary>
    static void AddEmbeddedMail(IServiceCollection services, EmbeddedMailPort port) =>
        services.PostConfigure<MailOptions>(mail =>
        {
            mail.Host = "127.0.0.1";
            mail.Port = port.Value;
            mail.UseTls = false;
            mail.UserName = "";
            mail.Password = "";
            if (string.IsNullOrWhiteSpace(mail.From))
            {
                mail.From = "thidua@localhost";
            }
        });

    public async ValueTask DisposeAsync()
    {
        if (_state == 1)
        {
            await StopAsync(CancellationToken.None);
        }
        else if (_state == 0)
        {
            _state = 2;
        }

        await _app.DisposeAsync();
    }

    /// <summary>
    /// The settings under ThiDua bound by name, and the Functions app's top-level keys (AzureWebJobsStorage,
    /// TaskHubName) and ASP.NET Core's "urls". An empty value means the default, as for the Functions app.
    /// </summary>
    static LocalHostOptions ReadOptions(ConfigurationManager configuration)
    {
        var section = configuration.GetSection("ThiDua");
        var options = new LocalHostOptions();
        section.Bind(options);
        options.WorkerId = NullIfEmpty(options.WorkerId);
        options.StateDirectory = NullIfEmpty(options.StateDirectory);
        options.RepositoryRoot = NullIfEmpty(options.RepositoryRoot);
        options.StorageConnectionString = configuration["AzureWebJobsStorage"];
        options.Urls = NullIfEmpty(configuration["urls"]);
        options.TaskHubName = NullIfEmpty(configuration["TaskHubName"]) ?? LocalHostOptions.DefaultTaskHubName;

        options.AzuriteBlobPort = section.GetValue<int?>("Azurite:BlobPort") ?? 0;
        options.AzuriteQueuePort = section.GetValue<int?>("Azurite:QueuePort") ?? 0;
        options.AzuriteTablePort = section.GetValue<int?>("Azurite:TablePort") ?? 0;

        options.EmbeddedMail = string.IsNullOrWhiteSpace(section["Mail:Host"]);

        return options;
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The sidecar's port is only known once it runs, after the worker and client are registered.</summary>
    sealed class SidecarChannel
    {
        public Grpc.Net.Client.GrpcChannel? Current { get; set; }
    }

    /// <summary>The storage account's connection string is only known once the host starts, after the storage settings are registered.</summary>
    sealed class StartedStorage
    {
        public string? ConnectionString { get; set; }
    }

    /// <summary>The embedded SMTP server's port is only known once it runs, after the mail settings are registered.</summary>
    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    sealed class EmbeddedMailPort
    {
        public int Value { get; set; }
    }
}
