using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ThiDua.LocalHost;

/// <summary>
/// The Durable Task gRPC sidecar over the Azure Storage provider, listening on a free loopback
/// port with HTTP/2 only. The SDK worker and client talk to it through <see cref="Channel"/>.
/// </summary>
internal sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SidecarCompatibleOrchestrationService _service;
    private readonly TimeSpan _shutdownTimeout;
    private readonly ILogger _logger;
    private bool _stopped;

    DurableSidecar(WebApplication app, SidecarCompatibleOrchestrationService service, Uri address, TimeSpan shutdownTimeout, ILogger logger)
    {
        _app = app;
        _service = service;
        _shutdownTimeout = shutdownTimeout;
        _logger = logger;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public static async Task<DurableSidecar> StartAsync(
        LocalHostOptions options, string connectionString, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            TaskHubName = options.TaskHubName,
            WorkerId = options.WorkerId ?? Environment.MachineName,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            PartitionCount = options.PartitionCount,
            ControlQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            PartitionTableOperationTimeout = options.PartitionTableTimeout,
            LoggerFactory = loggerFactory,
        };
        if (options.PartitionLeaseInterval is { } lease)
        {
            // Renewing and looking for partitions to take go together: a third of the lease leaves two
            // missed renewals before the claim lapses.
            settings.LeaseInterval = lease;
            settings.LeaseRenewInterval = lease / 3;
            settings.LeaseAcquireInterval = lease / 3;
        }

        var provider = new AzureStorageOrchestrationService(settings);
        await provider.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        var service = new SidecarCompatibleOrchestrationService(provider);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DurableSidecar).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, ExternallyControlledLifetime>();
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<StorageUnavailableInterceptor>());
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var logger = loggerFactory.CreateLogger<DurableSidecar>();
        logger.LogInformation("Durable Task sidecar for task hub {TaskHub} listening at {Address}", options.TaskHubName, address);
        return new DurableSidecar(app, service, new Uri(address), options.ShutdownTimeout, logger);
    }

    /// <summary>
    /// Stops the dispatchers and waits until the provider has released its partition leases.
    /// The sidecar does this on its own application-stopping signal without awaiting it, hence
    /// the wait on the decorator.
    /// </summary>
    public async Task StopDispatchingAsync()
    {
        _app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        if (!_service.Started)
        {
            return;
        }

        try
        {
            await _service.Stopped.WaitAsync(_shutdownTimeout);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The durable runtime did not stop within {Timeout}; unfinished work resumes on the next start.", _shutdownTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await StopDispatchingAsync();
        Channel.Dispose();
        using var timeout = new CancellationTokenSource(_shutdownTimeout);
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
