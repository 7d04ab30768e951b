using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Domain;
using ThiDua.Mail;
using ThiDua.Storage;

namespace ThiDua.Workflows.Mail;

/// <summary>What one <see cref="ConfirmationMailer.SendPendingAsync"/> did.</summary>
/// <param name="Sent">Confirmations handed to the mail server and recorded as sent.</param>
/// <param name="Failed">Confirmations the server did not take; tried again after the retry delay.</param>
/// <param name="NoRecipient">Confirmations dropped because the unit has no contact with an address.</param>
public sealed record ConfirmationBatch(int Sent, int Failed, int NoRecipient)
{
    /// <summary>Both counts together.</summary>
    public static ConfirmationBatch operator +(ConfirmationBatch left, ConfirmationBatch right) =>
        new(left.Sent + right.Sent, left.Failed + right.Failed, left.NoRecipient + right.NoRecipient);
}

/// <summary>
/// Sends the confirmations pending in one campaign, whatever number of submissions wrote them: the
/// campaign's lease (one sender at a time, so no message goes twice), one read of each unit's latest version
/// (the versions themselves come from this process's memory when it stored them), the messages over one SMTP
/// connection, and one write recording how far each unit's confirmations went, which also renews or gives up the
/// lease. A crash after the server took a message and before that write sends that message again once the lease
/// lapses, with the same Message-ID, which beats never confirming.
/// </summary>
public sealed class ConfirmationMailer(
    ICampaignStore campaigns, IConfirmationOutbox outbox, IBlocStore blocs, IMailSender sender, MailQueueClient queue, TimeProvider time,
    IOptions<ThiDuaOptions> options, IOptions<MailQueueOptions> queueOptions, ILogger<ConfirmationMailer> logger)
{
    private const int PerConnection = 100;

    /// <summary>
    /// Sends what is pending and due in the campaign. While another sender holds the campaign's lease
    /// nothing is sent here; a new request is queued for a second later instead, so that what was
    /// committed meanwhile is not left to the sweep. Throws when the campaign does not exist, so that the
    /// queue retries and then sets the message aside.
    /// </summary>
    public async Task<ConfirmationBatch> SendPendingAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var campaign = await campaigns.GetAsync(blocId, year, cancellationToken)
            ?? throw new InvalidOperationException($"No campaign {blocId}/{year} to send confirmations for.");
        var retry = queueOptions.Value;
        var lease = await outbox.TryLeaseAsync(blocId, year, time.GetUtcNow(), time.GetUtcNow() + retry.RetryDelay, cancellationToken);
        if (lease is null)
        {
            await queue.ScheduleAsync(new ConfirmationRequest(blocId, year), TimeSpan.FromSeconds(1), cancellationToken);
            return new ConfirmationBatch(0, 0, 0);
        }

        var total = new ConfirmationBatch(0, 0, 0);
        try
        {
            Dictionary<string, MemberUnit>? units = null;
            while (lease is not null)
            {
                var now = time.GetUtcNow();
                var due = (await outbox.ListPendingAsync(lease, cancellationToken))
                    .Where(p => p.Attempts < retry.MaxAttempts && !(p.RetryAt > now))
                    .ToList();
                if (due.Count == 0)
                {
                    break;
                }

                units ??= (await blocs.ListUnitsAsync(blocId, cancellationToken)).ToDictionary(u => u.Value.UnitId, u => u.Value, StringComparer.Ordinal);
                var (batch, done, failed) = await SendAsync(campaign, units, due.Take(PerConnection).ToList(), cancellationToken);
                total += batch;

                // One write records the batch and renews the lease, or gives it up after the last batch: whatever was
                // committed since has a request of its own on the queue.
                var last = due.Count <= PerConnection;
                var after = time.GetUtcNow();
                lease = await outbox.RecordAsync(lease, done, failed, after + retry.RetryDelay, last ? null : after + retry.RetryDelay, cancellationToken);
            }
        }
        finally
        {
            if (lease is not null)
            {
                await outbox.ReleaseLeaseAsync(lease, CancellationToken.None);
            }
        }

        return total;
    }

    /// <summary>Sends <paramref name="due"/> over one connection: what it did, what went out (or had nobody to go to), what failed.</summary>
    private async Task<(ConfirmationBatch Batch, List<PendingConfirmation> Done, List<PendingConfirmation> Failed)> SendAsync(
        Campaign campaign, Dictionary<string, MemberUnit> units, List<PendingConfirmation> due, CancellationToken cancellationToken)
    {
        var (blocId, year) = (campaign.BlocId, campaign.Year);
        var settings = options.Value;
        var retry = queueOptions.Value;
        var done = new List<PendingConfirmation>();
        var sending = new List<(PendingConfirmation Pending, OutgoingMail Mail)>();
        foreach (var pending in due)
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
        var failed = new List<PendingConfirmation>();
        for (var i = 0; i < sending.Count; i++)
        {
            var pending = sending[i].Pending;
            if (outcomes[i] is not { } error)
            {
                done.Add(pending);
                continue;
            }

            failed.Add(pending);
            if (pending.Attempts + 1 >= retry.MaxAttempts)
            {
                logger.LogError(error, "The confirmation of {UnitId} v{Version} in {BlocId}/{Year} failed {Attempts} times and is not tried again; it stays pending in storage.", pending.Sheet.UnitId, pending.Sheet.Version, blocId, year, pending.Attempts + 1);
            }
            else
            {
                logger.LogWarning(error, "The confirmation of {UnitId} v{Version} in {BlocId}/{Year} failed on attempt {Attempt}; tried again in {RetryDelay}.", pending.Sheet.UnitId, pending.Sheet.Version, blocId, year, pending.Attempts + 1, retry.RetryDelay);
            }
        }

        return (new ConfirmationBatch(done.Count - noRecipient, failed.Count, noRecipient), done, failed);
    }
}
