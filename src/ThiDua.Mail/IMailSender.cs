namespace ThiDua.Mail;

/// <summary>A recipient of a message.</summary>
/// <param name="Name">Display name (Vietnamese, with diacritics).</param>
/// <param name="Email">Address.</param>
public sealed record MailRecipient(string Name, string Email);

/// <summary>A plain-text message to send.</summary>
/// <param name="To">Recipients (at least one).</param>
/// <param name="Subject">Subject.</param>
/// <param name="Body">Plain-text body; lines end with '\n'.</param>
/// <param name="MessageId">
/// Message-ID without angle brackets, derived from the outbox key, so that a message resent after a
/// crash carries the same id and mail clients can tell it is the same message.
/// </param>
public sealed record OutgoingMail(IReadOnlyList<MailRecipient> To, string Subject, string Body, string MessageId);

/// <summary>Hands messages to the mail server.</summary>
public interface IMailSender
{
    /// <summary>
    /// Sends <paramref name="mail"/>. Throws when the server cannot be reached or refuses the message,
    /// so that the caller's retry policy applies; returns only once the server accepted it.
    /// </summary>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="mails"/> over one connection, in order. Returns, per message, null when the
    /// server accepted it or the error that stopped it; a server that cannot be reached fails them all.
    /// </summary>
    Task<IReadOnlyList<Exception?>> SendAllAsync(IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default);
}
