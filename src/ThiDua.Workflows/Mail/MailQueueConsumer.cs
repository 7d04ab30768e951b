using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Storage;

namespace ThiDua.Workflows.Mail;

/// <summary>
/// The one consumer of <see cref="MailQueueClient"/>: the Functions queue trigger calls <see cref="HandleAsync"/>
/// (the runtime deletes, retries and moves to the poison queue), the local host's
/// <see cref="MailQueueService"/> calls <see cref="DrainAsync"/>, which does the same itself.
/// </summary>
public sealed class MailQueueConsumer(ConfirmationMailer confirmations, IOptions<MailQueueOptions> options, ILogger<MailQueueConsumer> logger)
{
    private readonly MailQueueOptions _options = options.Value;

    /// <summary>
    /// Handles one message body on its <paramref name="attempt"/>-th delivery. Throws when it failed (a
    /// malformed body with <see cref="FormatException"/>), after logging an error when this was the last attempt.
    /// </summary>
    public async Task HandleAsync(string body, long attempt, CancellationToken cancellationToken = default)
    {
        try
        {
            var request = MailQueueClient.Parse(body) ?? throw new FormatException("The mail queue message is not a confirmation request.");
            var delivery = await confirmations.SendAsync(request, cancellationToken);
            logger.LogInformation("Confirmation of {UnitId} v{Version} in {BlocId}/{Year}: {Delivery}", request.UnitId, request.Version, request.BlocId, request.Year, delivery?.ToString() ?? "no recipient");
        }
        catch (Exception e) when (e is not OperationCanceledException && (attempt >= _options.MaxAttempts || e is FormatException))
        {
            logger.LogError(e, "Mail queue message failed on attempt {Attempt} of {MaxAttempts}; it is moved to {PoisonQueue}: {Body}", attempt, _options.MaxAttempts, MailQueueClient.PoisonName, body);
            throw;
        }
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
