using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Extensions.Logging;

namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>
/// Reads a task hub's instance table the same way for both engines, through a provider client
/// that is never started. Completion times come from that table (written when each instance
/// completed), so how often the observer polls does not change the figures.
/// </summary>
internal sealed class InstanceObserver : IDisposable
{
    readonly AzureStorageOrchestrationService _provider;

    public InstanceObserver(string connectionString, string taskHubName, ILoggerFactory loggerFactory)
    {
        _provider = new AzureStorageOrchestrationService(TaskHubWorkerSide.Settings(connectionString, taskHubName, loggerFactory));
    }

    public async Task<IReadOnlyList<OrchestrationState>> QueryAsync(string instanceIdPrefix, bool withOutputs, CancellationToken cancellationToken)
    {
        var states = new List<OrchestrationState>();
        string? continuation = null;
        do
        {
            var page = await _provider.GetOrchestrationWithQueryAsync(
                new OrchestrationQuery
                {
                    InstanceIdPrefix = instanceIdPrefix,
                    FetchInputsAndOutputs = withOutputs,
                    PageSize = 1000,
                    ContinuationToken = continuation,
                },
                cancellationToken);
            states.AddRange(page.OrchestrationState);
            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));
        return states;
    }

    public void Dispose() => _provider.Dispose();
}
