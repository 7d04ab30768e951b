using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Storage;
using ThiDua.Workflows.Mail;

namespace ThiDua.LocalHost;

/// <summary>
/// Polls <see cref="MailQueueClient"/> where no Functions queue trigger runs (the local host): the same
/// consumer, the same retries and poison queue, and a sweep for confirmations left without a message
/// (at start, then every <see cref="MailQueueOptions.SweepInterval"/>). A storage outage is logged and polled through.
/// </summary>
public sealed class MailQueueService(MailQueueClient queue, MailQueueConsumer consumer, IOptions<MailQueueOptions> options, ILogger<MailQueueService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        var sweep = options.Value.SweepInterval;
        var swept = DateTimeOffset.MinValue;
        var initialized = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            try
            {
                if (!initialized)
                {
                    await queue.InitializeAsync(stoppingToken);
                    initialized = true;
                }

                taken = await consumer.DrainAsync(queue, stoppingToken);
                if (DateTimeOffset.UtcNow - swept >= sweep)
                {
                    swept = DateTimeOffset.UtcNow;
                    await consumer.SweepAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Polling the mail queue failed; polling again in {Interval}", interval);
            }

            if (taken == 0)
            {
                await Task.Delay(interval, stoppingToken);
            }
        }
    }
}
