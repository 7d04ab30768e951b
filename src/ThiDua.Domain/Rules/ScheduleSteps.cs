using System.Globalization;

namespace ThiDua.Domain;

/// <summary>One dated step of a year: a deadline or a reminder, named for people.</summary>
public sealed record ScheduleStep(Phrase What, DateTimeOffset At);

/// <summary>Every dated step of a campaign in time order: its deadlines and the scoring reminders, as the cycle will keep them.</summary>
public static class ScheduleSteps
{
    /// <summary>
    /// When the scoring reminders go out: one per distinct offset before the scoring deadline, after the launch (the cycle's
    /// scoring workflow sends them at these instants).
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Reminders(CampaignSchedule schedule, IReadOnlyList<TimeSpan> offsets)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(offsets);
        return offsets.Distinct().OrderByDescending(o => o).Select(o => schedule.ScoringDeadline - o).Where(at => at > schedule.LaunchAt).ToList();
    }

    /// <summary>The campaign's deadlines and reminders, earliest first.</summary>
    public static IReadOnlyList<ScheduleStep> Of(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var s = campaign.Schedule;
        var steps = new List<ScheduleStep>
        {
            Step(TextKeys.DeadlineLaunch, s.LaunchAt),
            Step(TextKeys.DeadlineSigning, s.SigningDeadline),
            Step(TextKeys.DeadlineScoring, s.ScoringDeadline),
            Step(TextKeys.DeadlineReview, s.ReviewDeadline),
            Step(TextKeys.DeadlineVoting, s.VotingDeadline),
            Step(TextKeys.DeadlineLeaderElection, s.LeaderElectionDeadline),
            Step(TextKeys.DeadlineArchive, s.ArchiveAt),
        };
        steps.AddRange(Reminders(s, campaign.Rules.ReminderOffsets).Select(at => new ScheduleStep(
            new(
                $"Nhắc các đơn vị chưa nộp bảng tự chấm điểm ({Before(s.ScoringDeadline - at, Localizer.Vietnamese)} trước hạn)",
                $"Reminder to units that have not submitted their self-assessment ({Before(s.ScoringDeadline - at, Localizer.English)} before the deadline)"),
            at)));
        return steps.OrderBy(step => step.At).ToList();
    }

    private static ScheduleStep Step(string key, DateTimeOffset at) => new(new(Localizer.Vietnamese[key], Localizer.English[key]), at);

    /// <summary>"7 ngày" / "7 days" for whole days, else the time span as hh:mm:ss (a compressed schedule).</summary>
    private static string Before(TimeSpan offset, Localizer localizer) => offset.Ticks % TimeSpan.TicksPerDay == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{offset.Days} {(localizer == Localizer.English ? (offset.Days == 1 ? "day" : "days") : "ngày")}")
        : offset.ToString("c", CultureInfo.InvariantCulture);
}
