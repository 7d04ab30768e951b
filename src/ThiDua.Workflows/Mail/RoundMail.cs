using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Domain;
using ThiDua.Mail;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Mail;

/// <summary>
/// The mail of a vote held over a deadline: every member unit is told when a round opens (what is decided,
/// which round, the candidates, the closing time, its ballot page), and when a round closes without a
/// decision, what follows. A decided round is not mailed: its result is published with the year's results.
/// <para>
/// Each message is sent once per round and unit through the outbox (<see cref="OutboxMailer"/>), so a
/// retry or replay of the activity never sends a copy recorded as sent. Mail never holds the vote: a
/// delivery failure is logged and the round opens or closes regardless (its ballot page and the status
/// show it); the message stays unconfirmed in the outbox, where a retry or replay of the same activity picks it up.
/// A round held live in the conference room (<see cref="OpenRoundRequest.Live"/>) is announced there: no mail.
/// </para>
/// </summary>
public sealed class RoundMail(IBlocStore blocs, OutboxMailer mailer, IOptions<ThiDuaOptions> options, ILogger<RoundMail> logger)
{
    /// <summary>Invites every member unit to vote in the round just opened.</summary>
    public Task AnnounceAsync(Campaign campaign, OpenRoundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        return request.Live
            ? Task.CompletedTask
            : SendToEveryMemberAsync(campaign, request, "round-opened", (unit, messageId) => CycleMail.RoundOpened(
                campaign,
                unit,
                request.Round,
                request.ClosesAt,
                settings.BallotPage(campaign.BlocId, campaign.Year, unit.UnitId, request.Round.Purpose),
                messageId,
                settings.MailLocalizer), cancellationToken);
    }

    /// <summary>Tells every member unit what follows a round that closed without a decision; nothing for a decided round.</summary>
    public Task TellOutcomeAsync(Campaign campaign, OpenRoundRequest request, Tally tally, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tally);
        var settings = options.Value;
        return request.Live || tally.Next == NextStep.Decided
            ? Task.CompletedTask
            : SendToEveryMemberAsync(campaign, request, "round-outcome", (unit, messageId) => CycleMail.RoundUndecided(
                campaign,
                unit,
                request.Round,
                tally,
                settings.BallotPage(campaign.BlocId, campaign.Year, unit.UnitId, request.Round.Purpose),
                messageId,
                settings.MailLocalizer), cancellationToken);
    }

    private async Task SendToEveryMemberAsync(
        Campaign campaign, OpenRoundRequest request, string kind, Func<MemberUnit, string, OutgoingMail> compose, CancellationToken cancellationToken)
    {
        var key = request.Campaign;
        foreach (var unitId in campaign.Members.Select(m => m.UnitId))
        {
            var unit = (await blocs.GetUnitAsync(key.BlocId, unitId, cancellationToken))?.Value;
            if (unit is null || !unit.Contacts.Any(c => !string.IsNullOrWhiteSpace(c.Email)))
            {
                logger.LogWarning("Unit {UnitId} of {Campaign} has no contact for the mail of round {RoundKey}.", unitId, key, request.Round.RoundKey);
                continue;
            }

            var messageKey = MessageKeys.Of(kind, request.Round.RoundKey, unitId);
            try
            {
                await mailer.SendOnceAsync(key.BlocId, key.Year, messageKey, compose(unit, OutboxMailer.MessageId(key.BlocId, key.Year, messageKey)), cancellationToken);
            }
            catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
            {
                logger.LogWarning(e, "Round mail {MessageKey} of {Campaign} could not be sent; the round goes on without it.", messageKey, key);
            }
        }
    }
}
