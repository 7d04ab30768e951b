using System.Globalization;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>
/// The baseline: the Durable Task Framework's own TaskHubWorker and TaskHubClient on the same
/// Azure Storage provider, with the settings the local host gives its provider.
/// </summary>
internal sealed class TaskHubWorkerSide : IEngineSide
{
    readonly TaskHubWorker _worker;
    readonly TaskHubClient _client;

    TaskHubWorkerSide(string taskHubName, TaskHubWorker worker, TaskHubClient client)
    {
        this.TaskHubName = taskHubName;
        _worker = worker;
        _client = client;
    }

    public string Name => "TaskHubWorker";

    public string TaskHubName { get; }

    public static async Task<TaskHubWorkerSide> StartAsync(
        string connectionString, string taskHubName, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var service = new AzureStorageOrchestrationService(Settings(connectionString, taskHubName, loggerFactory));
        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        var worker = new TaskHubWorker(service, loggerFactory);
        worker.AddTaskOrchestrations(typeof(CoreChainOrchestration));
        worker.AddTaskActivities(typeof(CoreStepActivity));
        await worker.StartAsync().WaitAsync(cancellationToken);
        return new TaskHubWorkerSide(taskHubName, worker, new TaskHubClient(service, loggerFactory: loggerFactory));
    }

    /// <summary>What the local host's sidecar sets (see DurableSidecar), plus the partition count both use.</summary>
    internal static AzureStorageOrchestrationServiceSettings Settings(string connectionString, string taskHubName, ILoggerFactory loggerFactory) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
        TaskHubName = taskHubName,
        WorkerId = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{taskHubName}"),
        MaxQueuePollingInterval = EngineSettings.MaxQueuePollingInterval,
        ControlQueueVisibilityTimeout = EngineSettings.WorkItemVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = EngineSettings.WorkItemVisibilityTimeout,
        PartitionCount = EngineSettings.PartitionCount,
        PartitionTableOperationTimeout = EngineSettings.PartitionTableTimeout,
        LoggerFactory = loggerFactory,
    };

    public Task StartAsync(string instanceId, int input, CancellationToken cancellationToken) =>
        _client.CreateOrchestrationInstanceAsync(typeof(CoreChainOrchestration), instanceId, input).WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _worker.StopAsync(isForced: false);
}
