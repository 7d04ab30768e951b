using System.Text;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Activities;

/// <summary>Reminders, the close of scoring and its notice, on Azurite with a real SMTP server on loopback.</summary>
[Collection(AzuriteTests.Name)]
public sealed class ScoringActivityTests(AzuriteFixture azurite)
{
    // 10 December 2026, 09:00 Vietnam time: the scoring deadline (15 December) is five days away.
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task Reminders_reach_only_units_that_have_not_submitted_once_per_offset_even_when_the_activity_runs_again()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Remind", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        await world.SubmitAsync(campaign, "so-tu-phap", 55, 38, "r-1");
        await world.SubmitAsync(campaign, "cong-an-tinh", 50, 35, "r-2");
        await world.SubmitAsync(campaign, "so-noi-vu", 52, 30, "r-3");

        var threeDays = new ReminderRequest(key, TimeSpan.FromDays(3));
        var first = await world.RunAsync<SendScoringReminders, ReminderRequest, ReminderOutcome>(threeDays);
        var replay = await world.RunAsync<SendScoringReminders, ReminderRequest, ReminderOutcome>(threeDays);

        Assert.Equal(["bo-chqs-tinh", "cuc-thads"], first.Pending);
        Assert.Equal(first.Reminded, replay.Reminded);
        Assert.Equal(first.Pending, replay.Pending);
        Assert.Equal(
            ["van-thu@bo-chqs-tinh.example.vn", "van-thu@cuc-thads.example.vn"],
            world.Mail.Messages.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));

        var reminder = world.Mail.Messages.Single(m => m.To.Mailboxes.Single().Address.Contains("cuc-thads", StringComparison.Ordinal));
        Assert.Equal("Nhắc nộp bảng tự chấm điểm thi đua năm 2026 – hạn 23:59 ngày 15/12/2026 (giờ Việt Nam)", reminder.Subject);
        Assert.Equal("Đỗ Quang Vinh", reminder.To.Mailboxes.Single().Name);
        var body = reminder.TextBody!;
        Assert.Contains("Kính gửi Cục Thi hành án dân sự tỉnh,", body, StringComparison.Ordinal);
        Assert.Contains("Khối thi đua Nội chính chưa nhận được bảng tự chấm điểm thi đua năm 2026", body, StringComparison.Ordinal);
        Assert.Contains("Hạn nộp: 23:59 ngày 15/12/2026 (giờ Việt Nam).", body, StringComparison.Ordinal);
        Assert.Contains($"{ActivityWorld.PortalBaseUrl}/#/blocs/noi-chinh/2026/units/cuc-thads/scores", body, StringComparison.Ordinal);

        // On the wire the Vietnamese subject is RFC 2047 encoded UTF-8 and the body declares UTF-8.
        var raw = Encoding.ASCII.GetString(world.Mail.Raw[0]);
        Assert.Contains("Subject: =?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("charset=utf-8", raw, StringComparison.OrdinalIgnoreCase);

        // A unit that submits between two reminders gets no further one.
        await world.SubmitAsync(campaign, "bo-chqs-tinh", 40, 30, "r-4");
        world.Clock.Now = Now.AddDays(4);
        var oneDay = await world.RunAsync<SendScoringReminders, ReminderRequest, ReminderOutcome>(new ReminderRequest(key, TimeSpan.FromDays(1)));
        Assert.Equal(["cuc-thads"], oneDay.Reminded);
        Assert.Equal(3, world.Mail.Messages.Count);
        Assert.Equal(2, world.Mail.Messages.Count(m => m.To.Mailboxes.Single().Address.Contains("cuc-thads", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_the_mail_server_down_the_activity_fails_marks_nothing_sent_and_sends_each_reminder_once_when_it_is_back()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Outage", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        await world.SubmitAsync(campaign, "so-tu-phap", 55, 38, "r-1");
        var request = new ReminderRequest(key, TimeSpan.FromDays(3));

        await world.Mail.StopAsync();
        var failure = await Assert.ThrowsAsync<AggregateException>(() => world.RunAsync<SendScoringReminders, ReminderRequest, ReminderOutcome>(request));
        Assert.Equal(4, failure.InnerExceptions.Count);
        var outbox = await world.Outbox.ListAsync(key.BlocId, key.Year);
        Assert.Equal(4, outbox.Count);
        Assert.All(outbox, e => Assert.Equal(OutboxStatus.Sending, e.Status));

        await world.Mail.ResumeAsync();
        var retried = await world.RunAsync<SendScoringReminders, ReminderRequest, ReminderOutcome>(request);
        await world.RunAsync<SendScoringReminders, ReminderRequest, ReminderOutcome>(request);

        Assert.Equal(["bo-chqs-tinh", "cong-an-tinh", "so-noi-vu", "cuc-thads"], retried.Reminded);
        Assert.Equal(4, world.Mail.Messages.Count);
        Assert.Equal(4, world.Mail.Messages.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.All(await world.Outbox.ListAsync(key.BlocId, key.Year), e => Assert.Equal(OutboxStatus.Sent, e.Status));
    }

    [Fact]
    public async Task Closing_scoring_refuses_later_submissions_and_tells_the_leader_who_never_submitted_once()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "Close", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        await world.SubmitAsync(campaign, "so-tu-phap", 55, 38, "r-1");
        await world.SubmitAsync(campaign, "cong-an-tinh", 50, 35, "r-2");
        await world.SubmitAsync(campaign, "so-noi-vu", 52, 30, "r-3");

        world.Clock.Now = campaign.Schedule.ScoringDeadline.AddSeconds(1);
        var closure = await world.RunAsync<CloseScoring, CampaignKey, ScoringClosure>(key);
        var replay = await world.RunAsync<CloseScoring, CampaignKey, ScoringClosure>(key);
        var notice1 = new ClosingNoticeRequest(key, closure.NeverSubmitted);
        Assert.True(await world.RunAsync<SendClosingNotice, ClosingNoticeRequest, bool>(notice1));
        Assert.True(await world.RunAsync<SendClosingNotice, ClosingNoticeRequest, bool>(notice1));

        Assert.Equal(["cong-an-tinh", "so-noi-vu", "so-tu-phap"], closure.Submitted);
        Assert.Equal(["bo-chqs-tinh", "cuc-thads"], closure.NeverSubmitted);
        Assert.Equal(closure.NeverSubmitted, replay.NeverSubmitted);
        var late = ScoreRules.CreateSheet(
            new ScoreSubmission { BlocId = key.BlocId, Year = key.Year, UnitId = "cuc-thads", ClientRequestId = "late", Lines = [new ScoreLine("1-1", 60), new ScoreLine("1-2", 40)] },
            campaign,
            1,
            world.Clock.GetUtcNow());
        Assert.Equal(SubmissionOutcome.Closed, (await world.ScoreSheets.SubmitAsync(late)).Outcome);
        Assert.Equal(CampaignPhase.ScoringClosed, (await world.Campaigns.GetStateAsync(key.BlocId, key.Year))!.Phase);

        var notice = Assert.Single(world.Mail.Messages);
        var text = notice.TextBody!.ReplaceLineEndings("\n");
        Assert.Equal("van-thu@so-noi-vu.example.vn", notice.To.Mailboxes.Single().Address);
        Assert.Equal("Kết thúc nhận bảng tự chấm điểm thi đua năm 2026 – Khối thi đua Nội chính", notice.Subject);
        Assert.Contains("đã kết thúc lúc 23:59 ngày 15/12/2026 (giờ Việt Nam)", text, StringComparison.Ordinal);
        Assert.Contains("Số đơn vị đã nộp: 3/5.", text, StringComparison.Ordinal);
        Assert.Contains("  - Bộ Chỉ huy Quân sự tỉnh (bo-chqs-tinh)\n", text, StringComparison.Ordinal);
        Assert.Contains("  - Cục Thi hành án dân sự tỉnh (cuc-thads)\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sở Tư pháp", text, StringComparison.Ordinal);
    }
}
