using Microsoft.DurableTask;
using ThiDua.LocalHost;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>
/// The candidate: the whole local host (Durable Task SDK worker and client, gRPC sidecar, Azure
/// Storage provider) with the chain registered beside the shared workflows.
/// </summary>
internal sealed class LocalHostSide : IEngineSide
{
    // Host logs go to standard error and only from warnings up: standard output carries the result.
    static readonly string[] HostArgs =
    [
        "--Logging:LogLevel:Default=Warning",
        "--Logging:Console:LogToStandardErrorThreshold=Trace",
    ];

    readonly LocalHostApp _host;

    LocalHostSide(LocalHostApp host) => _host = host;

    public string Name => "local host";

    public string TaskHubName => _host.Options.TaskHubName;

    public static async Task<LocalHostSide> StartAsync(string connectionString, string taskHubName, CancellationToken cancellationToken)
    {
        var host = await LocalHostApp.CreateAsync(
            HostArgs,
            options =>
            {
                options.StorageConnectionString = connectionString;
                options.TaskHubName = taskHubName;
                options.Urls = "http://127.0.0.1:0";
                options.MaxQueuePollingInterval = EngineSettings.MaxQueuePollingInterval;
                options.WorkItemVisibilityTimeout = EngineSettings.WorkItemVisibilityTimeout;
                options.AdditionalTasks = registry => registry
                    .AddOrchestrator<BenchChainOrchestrator>()
                    .AddActivity<BenchStepActivity>();
            },
            cancellationToken);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return new LocalHostSide(host);
    }

    public Task StartAsync(string instanceId, int input, CancellationToken cancellationToken) =>
        _host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(BenchChainOrchestrator), input, new StartOrchestrationOptions(instanceId), cancellationToken);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
