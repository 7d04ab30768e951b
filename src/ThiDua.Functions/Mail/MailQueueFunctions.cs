using Microsoft.Azure.Functions.Worker;
using ThiDua.Functions.Adapters;
using ThiDua.Storage;
using ThiDua.Workflows.Mail;

namespace ThiDua.Functions.Mail;

/// <summary>
/// The mail queue in Azure: the shared consumer per message. The runtime deletes a handled message,
/// makes a failed one visible again after host.json's queues.visibilityTimeout, and moves it to
/// <see cref="MailQueueClient.PoisonName"/> after queues.maxDequeueCount attempts. A timer sweeps up
/// confirmations left without a message.
/// </summary>
public sealed class MailQueueFunctions(IServiceProvider services) : FunctionAdapter(services)
{
    [Function("SendQueuedMail")]
    public Task SendQueuedMail(
        [QueueTrigger(MailQueueClient.Name)] string message,
        long dequeueCount,
        CancellationToken cancellationToken)
        => Create<MailQueueConsumer>().HandleAsync(message, dequeueCount, cancellationToken);

    /// <summary>Confirmations whose queue message was lost (a worker stopped between a submission and its request).</summary>
    [Function("SweepConfirmations")]
    public Task SweepConfirmations([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
        => Create<MailQueueConsumer>().SweepAsync(cancellationToken);
}
