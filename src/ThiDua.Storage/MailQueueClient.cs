using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ThiDua.Domain;

namespace ThiDua.Storage;

/// <summary>
/// Confirmation emails are owed in a campaign: the consumer sends every one owed there (each
/// submission's own transaction made it owed, <see cref="IConfirmationOutbox"/>). Ids only: a queue message stays small and carries
/// nothing a reader of the queue should not see, and one message covers a whole burst of submissions.
/// </summary>
/// <param name="BlocId">The bloc.</param>
/// <param name="Year">The campaign year.</param>
public sealed record ConfirmationRequest(string BlocId, int Year);

/// <summary>
/// The Azure Storage queue of outgoing mail work (<see cref="Name"/>) and its poison queue
/// (<see cref="PoisonName"/>, the name the Functions queue trigger moves failed messages to). Messages are
/// base64 JSON, the encoding the Functions queue trigger expects by default.
/// </summary>
public sealed class MailQueueClient
{
    /// <summary>The queue the API writes and the consumers (Functions trigger, local host service) read.</summary>
    public const string Name = "thidua-mail";

    /// <summary>Where a message goes after its last failed attempt.</summary>
    public const string PoisonName = Name + "-poison";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly Dictionary<ConfirmationRequest, DateTimeOffset> _scheduled = [];

    /// <summary>
    /// Uses the queue service of <paramref name="options"/>: its client (built with
    /// <see cref="QueueMessageEncoding.Base64"/>), or its connection string.
    /// </summary>
    public MailQueueClient(ThiDuaStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = options.GetQueueServiceClient();
        _queue = service.GetQueueClient(Name);
        _poison = service.GetQueueClient(PoisonName);
    }

    /// <summary>Creates both queues if needed; idempotent.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Makes sure a confirmation request for the campaign becomes visible no earlier than now, so that its
    /// consumer sees what was committed before this call: a request already queued to become visible
    /// later covers it; otherwise one is queued to become visible <paramref name="spacing"/> after the
    /// previous one, or at once. A burst of submissions thus costs one message per <paramref name="spacing"/>
    /// and campaign rather than one each. A failed send is forgotten, so the next call queues again.
    /// </summary>
    public async Task ScheduleAsync(ConfirmationRequest request, TimeSpan spacing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset visibleAt;
        lock (_scheduled)
        {
            if (_scheduled.TryGetValue(request, out var previous) && previous >= now)
            {
                return;
            }

            // The service counts a message's initial invisibility in whole seconds: round up, never down.
            var delay = previous + spacing > now ? TimeSpan.FromSeconds(Math.Ceiling((previous + spacing - now).TotalSeconds)) : TimeSpan.Zero;
            visibleAt = now + delay;
            _scheduled[request] = visibleAt;
        }

        try
        {
            await _queue.SendMessageAsync(Serialize(request), visibleAt > now ? visibleAt - now : null, cancellationToken: cancellationToken);
        }
        catch
        {
            lock (_scheduled)
            {
                if (_scheduled.TryGetValue(request, out var scheduled) && scheduled == visibleAt)
                {
                    _scheduled.Remove(request);
                }
            }

            throw;
        }
    }

    /// <summary>Takes up to <paramref name="max"/> messages, each hidden for <paramref name="visibility"/> (then delivered again unless deleted).</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken = default) =>
        (await _queue.ReceiveMessagesAsync(max, visibility, cancellationToken)).Value;

    /// <summary>Removes a handled message.</summary>
    public async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    /// <summary>Copies a message to the poison queue, then removes it: a crash between the two leaves a copy in each, never none.</summary>
    public async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await DeleteAsync(message, cancellationToken);
    }

    /// <summary>Messages waiting in the poison queue, without taking them.</summary>
    public async Task<IReadOnlyList<string>> PeekPoisonAsync(CancellationToken cancellationToken = default) =>
        (await _poison.PeekMessagesAsync(32, cancellationToken)).Value.Select(m => m.Body.ToString()).ToList();

    /// <summary>The JSON of a request, as the queue carries it.</summary>
    public static string Serialize(ConfirmationRequest request) => JsonSerializer.Serialize(request, Json);

    /// <summary>Reads a message body; null when it is not a well-formed request with valid ids.</summary>
    public static ConfirmationRequest? Parse(string? body)
    {
        try
        {
            var request = string.IsNullOrEmpty(body) ? null : JsonSerializer.Deserialize<ConfirmationRequest>(body, Json);
            return request is not null && Identifier.IsValid(request.BlocId) && request.Year is >= 2000 and <= 9999
                ? request
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
