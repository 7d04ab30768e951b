using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Storage;

namespace ThiDua.Workflows.Mail;

/// <summary>
/// Sends the confirmation of one accepted score sheet version, at most once per submission: the outbox
/// key is the version's client request id, so a redelivered queue message finds it sent.
/// </summary>
public sealed class ConfirmationMailer(
    ICampaignStore campaigns, IScoreStore scores, IBlocStore blocs, OutboxMailer mailer, IOptions<ThiDuaOptions> options, ILogger<ConfirmationMailer> logger)
{
    /// <summary>
    /// Sends the confirmation of <paramref name="request"/>; null when the unit has no contact with an address.
    /// Throws when the campaign or version cannot be found or the mail server fails, so the queue retries.
    /// </summary>
    public async Task<MailDelivery?> SendAsync(ConfirmationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var campaign = await campaigns.GetAsync(request.BlocId, request.Year, cancellationToken)
            ?? throw new InvalidOperationException($"No campaign {request.BlocId}/{request.Year} for the confirmation of {request.UnitId} v{request.Version}.");
        var sheet = await scores.GetVersionAsync(request.BlocId, request.Year, request.UnitId, request.Version, cancellationToken)
            ?? throw new InvalidOperationException($"No version {request.Version} of {request.UnitId} in {request.BlocId}/{request.Year}.");
        var unit = (await blocs.GetUnitAsync(request.BlocId, request.UnitId, cancellationToken))?.Value;
        if (unit is null || !unit.Contacts.Any(c => !string.IsNullOrWhiteSpace(c.Email)))
        {
            logger.LogWarning("Unit {UnitId} of {BlocId}/{Year} has no contact to confirm version {Version} to.", request.UnitId, request.BlocId, request.Year, request.Version);
            return null;
        }

        var settings = options.Value;
        var messageKey = MessageKeys.Confirmation(sheet.UnitId, sheet.ClientRequestId);
        var mail = CycleMail.Confirmation(
            campaign,
            unit,
            sheet,
            settings.ScoresPage(request.BlocId, request.Year, request.UnitId),
            OutboxMailer.MessageId(request.BlocId, request.Year, messageKey),
            settings.MailLocalizer);
        return await mailer.SendOnceAsync(request.BlocId, request.Year, messageKey, mail, cancellationToken);
    }
}
