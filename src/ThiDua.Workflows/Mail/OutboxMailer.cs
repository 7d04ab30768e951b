using ThiDua.Mail;
using ThiDua.Storage;

namespace ThiDua.Workflows.Mail;

/// <summary>What <see cref="OutboxMailer.SendOnceAsync"/> did.</summary>
public enum MailDelivery
{
    /// <summary>Handed to the mail server now and recorded as sent.</summary>
    Sent,

    /// <summary>Recorded as sent by an earlier attempt: not sent again.</summary>
    AlreadySent,

    /// <summary>Another attempt is sending the same message at this moment: not sent here.</summary>
    TakenByAnother,
}

/// <summary>
/// Sends a message at most once per outbox key: recorded before sending (TryBegin), handed to the
/// server, recorded after (MarkSent). A restart never resends a message recorded as sent. The one
/// window left is a crash after the server accepted the message and before it was recorded as sent:
/// the next attempt cannot know and sends that one message again (with the same Message-ID), which
/// beats never reminding. A server that is down makes <see cref="SendOnceAsync"/> throw with the
/// message left unconfirmed, so the retry sends it.
/// </summary>
public sealed class OutboxMailer(IOutboxStore outbox, IMailSender sender, TimeProvider time)
{
    /// <summary>Sends <paramref name="mail"/> under <paramref name="messageKey"/> of the campaign unless it was sent already.</summary>
    public async Task<MailDelivery> SendOnceAsync(string blocId, int year, string messageKey, OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var recipients = string.Join(",", mail.To.Select(r => r.Email));
        var begin = await outbox.TryBeginAsync(blocId, year, messageKey, recipients, mail.Subject, time.GetUtcNow(), cancellationToken);
        switch (begin.Outcome)
        {
            case BeginOutcome.AlreadySent:
                return MailDelivery.AlreadySent;
            case BeginOutcome.TakenByAnother:
                return MailDelivery.TakenByAnother;
        }

        await sender.SendAsync(mail, cancellationToken);
        await outbox.MarkSentAsync(blocId, year, messageKey, time.GetUtcNow(), cancellationToken);
        return MailDelivery.Sent;
    }

    /// <summary>The Message-ID of the message of <paramref name="messageKey"/>: the same on every attempt.</summary>
    public static string MessageId(string blocId, int year, string messageKey)
    {
        ArgumentNullException.ThrowIfNull(messageKey);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{messageKey.Replace(':', '.')}.{year}.{blocId}@thidua");
    }

    /// <summary>The kind of a message from its <see cref="MessageId"/>: the first part of its key (<see cref="MessageKeys.ReminderKind"/>, ...).</summary>
    public static string KindOf(string? messageId) => (messageId ?? "").Split('.', 2)[0];
}
