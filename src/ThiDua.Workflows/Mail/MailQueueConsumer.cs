using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Storage;

namespace ThiDua.Workflows.Mail;

/// <summary>
/// The one consumer of <see cref="MailQueueClient"/>: the Functions queue trigger calls <see cref="HandleAsync"/>
/// (the runtime deletes, retries and moves to the poison queue), the local host's
/// <c>MailQueueService</c> calls <see cref="DrainAsync"/>, which does the same itself. Both call
/// <see cref="SweepAsync"/> on a timer, for confirmations whose queue message was lost.
/// </summary>
public sealed class MailQueueConsumer(ConfirmationMailer confirmations, IConfirmationOutbox outbox, IOptions<MailQueueOptions> options, ILogger<MailQueueConsumer> logger)
{
    private readonly MailQueueOptions _options = options.Value;

    /// <summary>
    /// Handles one message body on its <paramref name="attempt"/>-th delivery: sends the confirmations
    /// pending in its campaign. Throws when it failed or some mail was not taken (a malformed body with
    /// <see cref="FormatException"/>), after logging an error when this was the last attempt.
    /// </summary>
    public async Task HandleAsync(string body, long attempt, CancellationToken cancellationToken = default)
    {
        try
        {
            var request = MailQueueClient.Parse(body) ?? throw new FormatException("The mail queue message is not a confirmation request.");
            var batch = await SendAsync(request.BlocId, request.Year, cancellationToken);
            if (batch.Failed > 0)
            {
                throw new IOException($"{batch.Failed} confirmation(s) of {request.BlocId}/{request.Year} were not taken by the mail server.");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && (attempt >= _options.MaxAttempts || e is FormatException))
        {
            logger.LogError(e, "Mail queue message failed on attempt {Attempt} of {MaxAttempts}; it is moved to {PoisonQueue}: {Body}", attempt, _options.MaxAttempts, MailQueueClient.PoisonName, body);
            throw;
        }
    }

    /// <summary>
    /// Sends the confirmations left pending by a lost or failed queue message (a host stopped between a
    /// submission and its request, a queue outage): every campaign with one, each on its own. Returns how
    /// many were sent.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var (blocId, year) in await outbox.ListCampaignsWithPendingAsync(cancellationToken))
        {
            try
            {
                sent += (await SendAsync(blocId, year, cancellationToken)).Sent;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending the pending confirmations of {BlocId}/{Year} failed; tried again at the next sweep", blocId, year);
            }
        }

        return sent;
    }

    private async Task<ConfirmationBatch> SendAsync(string blocId, int year, CancellationToken cancellationToken)
    {
        var batch = await confirmations.SendPendingAsync(blocId, year, cancellationToken);
        if (batch != new ConfirmationBatch(0, 0, 0))
        {
            logger.LogInformation("Confirmations of {BlocId}/{Year}: {Sent} sent, {Failed} failed, {NoRecipient} without recipient", blocId, year, batch.Sent, batch.Failed, batch.NoRecipient);
        }

        return batch;
    }

    /// <summary>
    /// Takes the waiting messages and handles them together, as the Functions queue trigger handles a
    /// batch (one at a time, a burst of submissions waited on storage round trips rather than CPU):
    /// each is deleted when done; left to reappear after <see cref="MailQueueOptions.RetryDelay"/> when it
    /// failed; moved to the poison queue when it failed its last attempt or is malformed. Returns how
    /// many messages were taken.
    /// </summary>
    public async Task<int> DrainAsync(MailQueueClient queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var messages = await queue.ReceiveAsync(16, _options.RetryDelay, cancellationToken);
        await Task.WhenAll(messages.Select(async message =>
        {
            try
            {
                await HandleAsync(message.Body.ToString(), message.DequeueCount, cancellationToken);
                await queue.DeleteAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is FormatException || (e is not OperationCanceledException && message.DequeueCount >= _options.MaxAttempts))
            {
                await queue.MoveToPoisonAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Mail queue message {MessageId} failed on attempt {Attempt} of {MaxAttempts}; retried in {RetryDelay}", message.MessageId, message.DequeueCount, _options.MaxAttempts, _options.RetryDelay);
            }
        }));

        return messages.Count;
    }
}
