using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Domain;
using ThiDua.Mail;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Mail;

using ThiDua.Workflows.Documents;

namespace ThiDua.Workflows.Activities;

/// <summary>Members that have not submitted a self-assessment, in the campaign's member order.</summary>
public sealed class GetScoringPending(ICampaignStore campaigns, IScoreSheets sheets) : TaskActivity<CampaignKey, IReadOnlyList<string>>
{
    public override async Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        var campaign = await campaigns.RequireCampaignAsync(input);
        return await CycleProgress.NotSubmittedAsync(campaign, sheets);
    }
}

/// <summary>
/// Reminds every member that has not submitted, once per unit and offset, through the outbox (see
/// <see cref="OutboxMailer"/>): a replay or retry never resends a reminder recorded as sent. When the
/// mail server fails for some units, the others are still sent, then the activity throws so that the
/// retry policy sends the rest later.
/// </summary>
public sealed class SendScoringReminders(
    ICampaignStore campaigns,
    IScoreSheets sheets,
    IBlocStore blocs,
    OutboxMailer mailer,
    IOptions<ThiDuaOptions> options,
    ILogger<SendScoringReminders> logger) : TaskActivity<ReminderRequest, ReminderOutcome>
{
    public override async Task<ReminderOutcome> RunAsync(TaskActivityContext context, ReminderRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Campaign;
        var campaign = await campaigns.RequireCampaignAsync(key);
        var settings = options.Value;
        var pending = await CycleProgress.NotSubmittedAsync(campaign, sheets);
        var reminded = new List<string>();
        var failures = new List<Exception>();
        foreach (var unitId in pending)
        {
            var unit = (await blocs.GetUnitAsync(key.BlocId, unitId))?.Value;
            if (unit is null || !unit.Contacts.Any(c => !string.IsNullOrWhiteSpace(c.Email)))
            {
                logger.LogWarning("Unit {UnitId} of {Campaign} has no contact to remind.", unitId, key);
                continue;
            }

            var messageKey = MessageKeys.Reminder(unitId, input.Offset);
            var mail = CycleMail.Reminder(
                campaign,
                unit,
                settings.ScoresPage(key.BlocId, key.Year, unitId),
                OutboxMailer.MessageId(key.BlocId, key.Year, messageKey),
                settings.MailLocalizer);
            try
            {
                if (await mailer.SendOnceAsync(key.BlocId, key.Year, messageKey, mail) != MailDelivery.TakenByAnother)
                {
                    reminded.Add(unitId);
                }
            }
            catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
            {
                logger.LogWarning(e, "Reminder {MessageKey} of {Campaign} could not be sent.", messageKey, key);
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException(
                $"{failures.Count} of {pending.Count} reminders of {key} ({input.Offset} before the deadline) could not be sent; they are retried.",
                failures);
        }

        return new ReminderOutcome(reminded, pending);
    }
}

/// <summary>
/// Closes score collection: the submission gate closes in storage (from then on the API refuses every
/// submission), the campaign moves to ScoringClosed, and the leader receives a closing notice listing
/// the units that never submitted (once, through the outbox).
/// </summary>
public sealed class CloseScoring(ICampaignStore campaigns, ISubmissionWindow window, IScoreSheets sheets, TimeProvider time)
    : TaskActivity<CampaignKey, ScoringClosure>
{
    private static readonly TimeSpan MaxEarlyTimer = TimeSpan.FromSeconds(5);

    public override async Task<ScoringClosure> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        var campaign = await campaigns.RequireCampaignAsync(input);

        // A durable timer may fire a fraction of a second early; a unit submitting at 23:59:59.9 is on time.
        var early = campaign.Schedule.ScoringDeadline - time.GetUtcNow();
        if (early > TimeSpan.Zero && early <= MaxEarlyTimer)
        {
            await Task.Delay(early, time);
        }

        var now = time.GetUtcNow();
        await window.CloseAsync(input.BlocId, input.Year, now);
        await campaigns.AdvanceAsync(input.BlocId, input.Year, CampaignPhase.ScoringClosed, now);

        var never = await CycleProgress.NotSubmittedAsync(campaign, sheets);
        var submitted = campaign.MemberIds().Except(never, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ScoringClosure(submitted, never);
    }
}

/// <summary>
/// Tells the leader, once, who never submitted. Kept apart from <see cref="CloseScoring"/> so that a
/// mail outage delays the notice without holding the cycle.
/// </summary>
public sealed class SendClosingNotice(
    ICampaignStore campaigns,
    IBlocStore blocs,
    OutboxMailer mailer,
    IOptions<ThiDuaOptions> options,
    ILogger<SendClosingNotice> logger) : TaskActivity<ClosingNoticeRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ClosingNoticeRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = input.Campaign;
        var campaign = await campaigns.RequireCampaignAsync(key);
        var leader = (await blocs.GetUnitAsync(key.BlocId, campaign.LeaderUnitId))?.Value;
        if (leader is null || !leader.Contacts.Any(c => !string.IsNullOrWhiteSpace(c.Email)))
        {
            logger.LogWarning("The leader {UnitId} of {Campaign} has no contact for the closing notice.", campaign.LeaderUnitId, key);
            return false;
        }

        var settings = options.Value;
        var messageKey = MessageKeys.ScoringClosingNotice();
        var notice = CycleMail.ClosingNotice(
            campaign,
            leader,
            input.NeverSubmitted,
            settings.CampaignPage(key.BlocId, key.Year),
            OutboxMailer.MessageId(key.BlocId, key.Year, messageKey),
            settings.MailLocalizer);
        await mailer.SendOnceAsync(key.BlocId, key.Year, messageKey, notice);
        return true;
    }
}

/// <summary>
/// The final ranking: the latest sheet of every member with the leader's adjustments (Ranking.Compute),
/// saved once; the campaign moves to Ranked (the API refuses adjustments from then on), and the bảng tổng hợp
/// kết quả chấm điểm is drawn up. A retry or replay returns the saved ranking.
/// </summary>
public sealed class ComputeRanking(
    ICampaignStore campaigns, IScoreSheets sheets, IScoreAdjustments adjustments, IResultStore results, YearDocuments documents, TimeProvider time)
    : TaskActivity<CampaignKey, Ranking>
{
    public override async Task<Ranking> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        var campaign = await campaigns.RequireCampaignAsync(input);
        await campaigns.AdvanceAsync(input.BlocId, input.Year, CampaignPhase.Ranked, time.GetUtcNow());
        var ranking = await results.GetRankingAsync(input.BlocId, input.Year);
        if (ranking is null)
        {
            var computed = Ranking.Compute(
                campaign,
                await sheets.ListLatestAsync(input.BlocId, input.Year),
                await adjustments.ListAdjustmentsAsync(input.BlocId, input.Year));
            ranking = await results.SaveRankingAsync(input.BlocId, input.Year, computed) == InsertOnceOutcome.Conflict
                ? await results.GetRankingAsync(input.BlocId, input.Year) ?? computed
                : computed;
        }

        await documents.ProduceScoreSummaryAsync(campaign, ranking, time.GetUtcNow());
        return ranking;
    }
}
