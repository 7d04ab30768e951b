using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ThiDua.Workflows.Automation;

namespace ThiDua.LocalHost;

/// <summary>
/// The local host's side of the yearly automation: runs <see cref="CycleLaunchCheck"/> at start and
/// then every <see cref="LocalHostOptions.LaunchCheckInterval"/>, as the Functions timer does in Azure.
/// A failed check is logged and retried at the next interval; it never stops the host.
/// </summary>
internal sealed class LaunchCheckService(
    CycleLaunchCheck check, DurableTaskClient client, LocalHostOptions options, ILogger<LaunchCheckService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LaunchCheckInterval);
        do
        {
            try
            {
                foreach (var outcome in await check.RunAsync(client, stoppingToken))
                {
                    if (outcome.Started)
                    {
                        logger.LogInformation("Started the {Year} cycle of bloc {BlocId} ({InstanceId})", outcome.Year, outcome.BlocId, outcome.InstanceId);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The launch check failed; it runs again in {Interval}", options.LaunchCheckInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
