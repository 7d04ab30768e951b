using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>Keys of outgoing messages: ':'-separated <see cref="Identifier"/> parts, one message per key and campaign.</summary>
public static class MessageKeys
{
    /// <summary>The first part of every reminder's key: what tells reminders apart from the cycle's other mail.</summary>
    public const string ReminderKind = "reminder";

    /// <summary>The reminder sent to <paramref name="unitId"/> <paramref name="offset"/> before the scoring deadline.</summary>
    public static string Reminder(string unitId, TimeSpan offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{ReminderKind}:{Keys.Id(unitId, nameof(unitId))}:{(long)offset.TotalSeconds}s");

    /// <summary>The confirmation of the submission <paramref name="clientRequestId"/> of <paramref name="unitId"/>.</summary>
    public static string Confirmation(string unitId, string clientRequestId) =>
        $"confirmation:{Keys.Id(unitId, nameof(unitId))}:{Keys.Id(clientRequestId, nameof(clientRequestId))}";

    /// <summary>The closing notice of the scoring phase to the leader.</summary>
    public static string ScoringClosingNotice() => "closing-notice:scoring";

    /// <summary>A message of another kind: every part must be an <see cref="Identifier"/>.</summary>
    public static string Of(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length is 0 or > 4)
        {
            throw new ArgumentException("A message key has 1 to 4 parts.", nameof(parts));
        }

        return string.Join(':', parts.Select(p => Keys.Id(p, nameof(parts))));
    }

    internal static string Validate(string messageKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageKey);
        var parts = messageKey.Split(':');
        return parts.Length <= 4 && parts.All(Identifier.IsValid)
            ? messageKey
            : throw new ArgumentException($"Invalid message key '{messageKey}': 1 to 4 ids separated by ':'.", nameof(messageKey));
    }
}

/// <summary>Where a message is in the record-before-and-after-sending protocol.</summary>
public enum OutboxStatus
{
    /// <summary>Recorded before sending; not yet confirmed sent.</summary>
    Sending,

    /// <summary>Confirmed sent.</summary>
    Sent,
}

/// <summary>What the caller of <see cref="IOutboxStore.TryBeginAsync"/> should do.</summary>
public enum BeginOutcome
{
    /// <summary>First attempt: send, then call <see cref="IOutboxStore.MarkSentAsync"/>.</summary>
    Begun,

    /// <summary>The message was sent already: do not send.</summary>
    AlreadySent,

    /// <summary>
    /// An earlier attempt recorded <see cref="OutboxStatus.Sending"/> and never confirmed: it crashed
    /// before or after handing the message to the server, which cannot be known. This attempt now owns
    /// the message (its attempt count was raised); the caller decides, usually to send again
    /// (at least once beats never for a reminder), then calls <see cref="IOutboxStore.MarkSentAsync"/>.
    /// </summary>
    ResumeAfterCrash,

    /// <summary>Another attempt took over the same unconfirmed message at the same moment: do not send.</summary>
    TakenByAnother,
}

/// <summary>An outgoing message as recorded.</summary>
/// <param name="MessageKey">The key (<see cref="MessageKeys"/>).</param>
/// <param name="Status">Where it is.</param>
/// <param name="Attempts">Attempts begun.</param>
/// <param name="BeganAt">When the latest attempt began.</param>
/// <param name="SentAt">When it was confirmed sent.</param>
/// <param name="Recipients">Recipients as given at the start (comma-separated addresses).</param>
/// <param name="Subject">Subject as given at the start.</param>
public sealed record OutboxEntry(string MessageKey, OutboxStatus Status, int Attempts, DateTimeOffset BeganAt, DateTimeOffset? SentAt, string Recipients, string Subject);

/// <summary>Result of <see cref="IOutboxStore.TryBeginAsync"/>.</summary>
/// <param name="Outcome">What to do.</param>
/// <param name="Entry">The record now.</param>
public sealed record BeginResult(BeginOutcome Outcome, OutboxEntry Entry);

/// <summary>
/// Reminders, confirmations and notices, recorded before and after sending so that a restart does not
/// send again what was confirmed. Protocol: <see cref="TryBeginAsync"/>, send when told to,
/// <see cref="MarkSentAsync"/>.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Records the intent to send the message of <paramref name="messageKey"/> and says whether to send it.</summary>
    Task<BeginResult> TryBeginAsync(string blocId, int year, string messageKey, string recipients, string subject, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records that the message was handed to the mail server. Idempotent.</summary>
    Task MarkSentAsync(string blocId, int year, string messageKey, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The record of a message, or null.</summary>
    Task<OutboxEntry?> GetAsync(string blocId, int year, string messageKey, CancellationToken cancellationToken = default);

    /// <summary>Every message of the campaign (sent or not), ordered by key.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string blocId, int year, CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>Outbox</c>: PK <c>{blocId}:{year}</c>, RK the message key; columns Status, Attempts,
/// BeganAt, SentAt, Recipients, Subject. Begin inserts (409 means an earlier attempt exists);
/// taking over an unconfirmed attempt is a replace If-Match, so only one contender wins it.
/// </summary>
public sealed class OutboxStore(ThiDuaStorage storage) : IOutboxStore
{
    private readonly TableClient _table = storage.Table(StorageTable.Outbox);

    /// <inheritdoc/>
    public async Task<BeginResult> TryBeginAsync(string blocId, int year, string messageKey, string recipients, string subject, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(subject);
        var pk = Keys.Campaign(blocId, year);
        var entity = new TableEntity(pk, MessageKeys.Validate(messageKey))
        {
            ["Status"] = nameof(OutboxStatus.Sending),
            ["Attempts"] = 1,
            ["BeganAt"] = at,
            ["Recipients"] = recipients,
            ["Subject"] = subject,
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return new BeginResult(BeginOutcome.Begun, ToEntry(entity));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await _table.GetOrNullAsync(pk, messageKey, cancellationToken)
                ?? throw new InvalidOperationException($"Message {pk}/{messageKey} conflicted on insert but cannot be read.", e);
            var entry = ToEntry(existing);
            if (entry.Status == OutboxStatus.Sent)
            {
                return new BeginResult(BeginOutcome.AlreadySent, entry);
            }

            existing["Attempts"] = entry.Attempts + 1;
            existing["BeganAt"] = at;
            try
            {
                await _table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return new BeginResult(BeginOutcome.ResumeAfterCrash, ToEntry(existing));
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                var now = await _table.GetOrNullAsync(pk, messageKey, cancellationToken);
                return now is not null && ToEntry(now) is { Status: OutboxStatus.Sent } sent
                    ? new BeginResult(BeginOutcome.AlreadySent, sent)
                    : new BeginResult(BeginOutcome.TakenByAnother, now is null ? entry : ToEntry(now));
            }
        }
    }

    /// <inheritdoc/>
    public async Task MarkSentAsync(string blocId, int year, string messageKey, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var key = MessageKeys.Validate(messageKey);
        var existing = await _table.GetOrNullAsync(pk, key, cancellationToken)
            ?? throw new InvalidOperationException($"Message {pk}/{key} was never begun; call TryBeginAsync before sending.");
        if (ToEntry(existing).Status == OutboxStatus.Sent)
        {
            return;
        }

        var update = new TableEntity(pk, key) { ["Status"] = nameof(OutboxStatus.Sent), ["SentAt"] = at };
        await _table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<OutboxEntry?> GetAsync(string blocId, int year, string messageKey, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Campaign(blocId, year), MessageKeys.Validate(messageKey), cancellationToken);
        return row is null ? null : ToEntry(row);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Campaign(blocId, year)}");
        var entries = new List<OutboxEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(row));
        }

        return entries;
    }

    private static OutboxEntry ToEntry(TableEntity row) => new(
        row.RowKey,
        Enum.Parse<OutboxStatus>(row.GetString("Status")),
        row.GetInt32("Attempts") ?? 1,
        row.GetDateTimeOffset("BeganAt") ?? default,
        row.GetDateTimeOffset("SentAt"),
        row.GetString("Recipients") ?? "",
        row.GetString("Subject") ?? "");
}
