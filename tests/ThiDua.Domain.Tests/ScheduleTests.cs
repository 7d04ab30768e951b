namespace ThiDua.Domain.Tests;

public class ScheduleTests
{
    [Fact]
    public void A_deadline_day_ends_at_23_59_59_Vietnam_time_which_is_16_59_59_UTC()
    {
        var deadline = VietnamTime.EndOfDay(2026, 12, 15);
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 16, 59, 59, TimeSpan.Zero), deadline);
        Assert.Equal(TimeSpan.Zero, deadline.Offset);
        Assert.Equal(new DateOnly(2026, 12, 15), VietnamTime.DateOf(deadline));
        Assert.Equal(new DateOnly(2026, 12, 16), VietnamTime.DateOf(deadline.AddSeconds(1)));
    }

    [Fact]
    public void Deadlines_are_written_for_people_in_Vietnam_time()
    {
        var deadline = VietnamTime.EndOfDay(2026, 12, 15);
        Assert.Equal("23:59 ngày 15/12/2026 (giờ Việt Nam)", VietnamTime.Format(deadline));
        Assert.Equal("23:59 on 15/12/2026 (Vietnam time)", VietnamTime.Format(deadline, Localizer.English));
    }

    [Fact]
    public void The_default_year_runs_from_mid_January_to_the_next_years_conference()
    {
        var s = CampaignSchedule.ForYear(2026, 1, 15, new ScheduleRules());

        Assert.Equal(new DateTimeOffset(2026, 1, 14, 17, 0, 0, TimeSpan.Zero), s.LaunchAt);
        Assert.Equal(VietnamTime.EndOfDay(2026, 2, 14), s.SigningDeadline);
        Assert.Equal(VietnamTime.EndOfDay(2026, 12, 15), s.ScoringDeadline);
        Assert.Equal(VietnamTime.EndOfDay(2026, 12, 22), s.ReviewDeadline);
        Assert.Equal(VietnamTime.EndOfDay(2027, 1, 5), s.VotingDeadline);
        Assert.Equal(VietnamTime.EndOfDay(2027, 1, 12), s.LeaderElectionDeadline);
        Assert.True(s.ArchiveAt < CampaignSchedule.ForYear(2027, 1, 15, new ScheduleRules()).LaunchAt);
        Assert.Empty(s.Validate(maxRunoffs: 2));
    }

    [Fact]
    public void The_demo_compresses_the_year_to_about_two_minutes()
    {
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(7));
        var s = CampaignSchedule.Compressed(start, PhaseDurations.Demo);

        Assert.Empty(s.Validate(maxRunoffs: 2));
        Assert.Equal(start, s.LaunchAt);
        Assert.Equal(TimeSpan.Zero, s.LaunchAt.Offset);
        Assert.InRange(s.ArchiveAt - s.LaunchAt, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(150));
    }

    [Fact]
    public void Deadlines_out_of_order_are_named()
    {
        var s = CampaignSchedule.ForYear(2026, 1, 15, new ScheduleRules());
        var broken = s with { ReviewDeadline = s.ScoringDeadline.AddDays(-1), SigningDeadline = s.LaunchAt };

        var errors = broken.Validate(maxRunoffs: 2);

        Assert.Equal(["signingDeadline", "reviewDeadline"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(ErrorCodes.OutOfOrder, e.Code));
    }

    [Fact]
    public void The_schedule_must_leave_room_for_every_runoff()
    {
        var s = CampaignSchedule.Compressed(DateTimeOffset.UnixEpoch, PhaseDurations.Demo with { LeaderElection = TimeSpan.FromSeconds(15) });

        Assert.Empty(s.Validate(maxRunoffs: 1));
        Assert.Contains(s.Validate(maxRunoffs: 2), e => e.Field == "leaderElectionDeadline");
    }

    [Fact]
    public void Reminders_fall_at_the_offsets_before_the_scoring_deadline_earliest_first()
    {
        var s = CampaignSchedule.ForYear(2026, 1, 15, new ScheduleRules());

        var reminders = s.Reminders([TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(3), TimeSpan.FromDays(3)]);

        Assert.Equal(
            [VietnamTime.EndOfDay(2026, 12, 8), VietnamTime.EndOfDay(2026, 12, 12), VietnamTime.EndOfDay(2026, 12, 14)],
            reminders.Select(r => r.At));
        Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromDays(3), TimeSpan.FromDays(1)], reminders.Select(r => r.Offset));
    }

    [Fact]
    public void Reminders_before_the_launch_are_dropped()
    {
        var s = CampaignSchedule.Compressed(DateTimeOffset.UnixEpoch, PhaseDurations.Demo);

        var reminders = s.Reminders([TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)]);

        Assert.Equal(s.ScoringDeadline.AddSeconds(-10), Assert.Single(reminders).At);
    }

    [Fact]
    public void Submissions_close_after_the_deadline_and_review_follows()
    {
        var s = CampaignSchedule.ForYear(2026, 1, 15, new ScheduleRules());

        Assert.False(s.IsScoringClosed(s.ScoringDeadline));
        Assert.True(s.IsScoringClosed(s.ScoringDeadline.AddSeconds(1)));
        Assert.False(s.IsInReviewWindow(s.ScoringDeadline));
        Assert.True(s.IsInReviewWindow(s.ScoringDeadline.AddSeconds(1)));
        Assert.True(s.IsInReviewWindow(s.ReviewDeadline));
        Assert.False(s.IsInReviewWindow(s.ReviewDeadline.AddSeconds(1)));
    }
}
