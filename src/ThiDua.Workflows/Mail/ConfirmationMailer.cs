using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Storage;

namespace ThiDua.Workflows.Mail;

/// <summary>What one <see cref="ConfirmationMailer.SendPendingAsync"/> did.</summary>
/// <param name="Sent">Confirmations handed to the mail server and removed from the pending list.</param>
/// <param name="Failed">Confirmations the server did not take; claimed until the retry delay passes, then sent again.</param>
/// <param name="NoRecipient">Confirmations dropped because the unit has no contact with an address.</param>
public sealed record ConfirmationBatch(int Sent, int Failed, int NoRecipient);

/// <summary>
/// Sends the confirmations pending in one campaign, whatever number of submissions wrote them: one
/// partition query, one conditional claim (so that two consumers never send the same one), the messages
/// over one SMTP connection, one removal. A crash after the server took a message and before its removal
/// sends that message again once the claim lapses, with the same Message-ID, which beats never confirming.
/// </summary>
public sealed class ConfirmationMailer(
    ICampaignStore campaigns, IScoreStore scores, IBlocStore blocs, IMailSender sender, TimeProvider time,
    IOptions<ThiDuaOptions> options, IOptions<MailQueueOptions> queueOptions, ILogger<ConfirmationMailer> logger)
{
    /// <summary>
    /// Sends what is pending and due in the campaign. Throws when the campaign does not exist, so that the
    /// queue retries and then sets the message aside.
    /// </summary>
    public async Task<ConfirmationBatch> SendPendingAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var campaign = await campaigns.GetAsync(blocId, year, cancellationToken)
            ?? throw new InvalidOperationException($"No campaign {blocId}/{year} to send confirmations for.");
        var retry = queueOptions.Value;
        var now = time.GetUtcNow();
        var due = (await scores.ListPendingConfirmationsAsync(blocId, year, cancellationToken))
            .Where(p => p.Attempts < retry.MaxAttempts && !(p.ClaimedUntil > now))
            .ToList();
        if (due.Count == 0)
        {
            return new ConfirmationBatch(0, 0, 0);
        }

        var claimed = await scores.ClaimConfirmationsAsync(blocId, year, due, now + retry.RetryDelay, cancellationToken);
        var units = (await blocs.ListUnitsAsync(blocId, cancellationToken)).ToDictionary(u => u.Value.UnitId, u => u.Value, StringComparer.Ordinal);
        var settings = options.Value;
        var done = new List<PendingConfirmation>();
        var sending = new List<(PendingConfirmation Pending, OutgoingMail Mail)>();
        foreach (var pending in claimed)
        {
            var sheet = pending.Sheet;
            if (!units.TryGetValue(sheet.UnitId, out var unit) || !unit.Contacts.Any(c => !string.IsNullOrWhiteSpace(c.Email)))
            {
                logger.LogWarning("Unit {UnitId} of {BlocId}/{Year} has no contact to confirm version {Version} to.", sheet.UnitId, blocId, year, sheet.Version);
                done.Add(pending);
                continue;
            }

            var messageId = OutboxMailer.MessageId(blocId, year, MessageKeys.Confirmation(sheet.UnitId, sheet.ClientRequestId));
            sending.Add((pending, CycleMail.Confirmation(campaign, unit, sheet, settings.ScoresPage(blocId, year, sheet.UnitId), messageId, settings.MailLocalizer)));
        }

        var noRecipient = done.Count;
        var outcomes = await sender.SendAllAsync(sending.Select(s => s.Mail).ToList(), cancellationToken);
        var failed = 0;
        for (var i = 0; i < sending.Count; i++)
        {
            var (pending, _) = sending[i];
            if (outcomes[i] is not { } error)
            {
                done.Add(pending);
                continue;
            }

            failed++;
            if (pending.Attempts >= retry.MaxAttempts)
            {
                logger.LogError(error, "The confirmation of {UnitId} v{Version} in {BlocId}/{Year} failed {Attempts} times and is not tried again; it stays pending in storage.", pending.Sheet.UnitId, pending.Sheet.Version, blocId, year, pending.Attempts);
            }
            else
            {
                logger.LogWarning(error, "The confirmation of {UnitId} v{Version} in {BlocId}/{Year} failed on attempt {Attempt}; tried again in {RetryDelay}.", pending.Sheet.UnitId, pending.Sheet.Version, blocId, year, pending.Attempts, retry.RetryDelay);
            }
        }

        await scores.CompleteConfirmationsAsync(blocId, year, done, cancellationToken);
        return new ConfirmationBatch(done.Count - noRecipient, failed, noRecipient);
    }
}
