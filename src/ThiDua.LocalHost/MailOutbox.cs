using MimeKit;
using ThiDua.Workflows.Mail;

namespace ThiDua.LocalHost;

/// <summary>A message kept by the <see cref="EmbeddedSmtpServer"/>.</summary>
/// <param name="Time">The message's Date header (when it was sent).</param>
/// <param name="Recipients">The To addresses.</param>
/// <param name="Subject">The decoded subject.</param>
/// <param name="File">The .eml file.</param>
/// <param name="Kind">What the message is, from its Message-ID (<see cref="OutboxMailer.KindOf"/>): a reminder, a round's invitation ...</param>
public sealed record OutboxMessage(DateTimeOffset Time, IReadOnlyList<string> Recipients, string Subject, string File, string Kind);

/// <summary>Reads the local outbox folder the embedded SMTP server writes.</summary>
public static class MailOutbox
{
    /// <summary>Every message in <paramref name="folder"/>, oldest first; none when the folder does not exist.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ReadAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var messages = new List<OutboxMessage>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            using var message = await MimeMessage.LoadAsync(file, cancellationToken);
            messages.Add(new OutboxMessage(
                message.Date,
                message.To.Mailboxes.Select(m => m.Address).ToList(),
                message.Subject ?? "",
                file,
                OutboxMailer.KindOf(message.MessageId)));
        }

        return messages.OrderBy(m => m.Time).ThenBy(m => m.File, StringComparer.Ordinal).ToList();
    }
}
