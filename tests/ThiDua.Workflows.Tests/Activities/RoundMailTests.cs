using MimeKit;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Activities;

/// <summary>The mail of vote rounds held over a deadline, from the real activities on Azurite to a real SMTP server.</summary>
[Collection(AzuriteTests.Name)]
public sealed class RoundMailTests(AzuriteFixture azurite)
{
    // 5 January 2027, 08:00 Vietnam time: the year-end conference of the 2026 campaign.
    private static readonly DateTimeOffset Now = new(2027, 1, 5, 8, 0, 0, TimeSpan.FromHours(7));

    private static readonly string[] Addresses = ActivityWorld.Units.Select(u => $"van-thu@{u.UnitId}.example.vn").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task An_opened_round_invites_every_member_once_with_the_candidates_by_name_the_closing_time_and_its_ballot_page()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "RoundOpen", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var open = Request(campaign, VotePurpose.LeadingUnit, 1, ["so-tu-phap", "cong-an-tinh", "so-noi-vu"]);

        Assert.Equal(open.Round.RoundKey, (await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open)).RoundKey);
        Assert.Equal(open.Round.RoundKey, (await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open)).RoundKey);

        var messages = world.Mail.Messages;
        Assert.Equal(Addresses, messages.Select(To).Order(StringComparer.Ordinal));
        var mail = messages.Single(m => To(m) == "van-thu@cuc-thads.example.vn");
        Assert.Equal("Đỗ Quang Vinh", mail.To.Mailboxes.Single().Name);
        Assert.Equal(
            "Bỏ phiếu kín: Bình xét, suy tôn đơn vị dẫn đầu khối – vòng 1, hạn 17:00 ngày 05/01/2027 (giờ Việt Nam)",
            mail.Subject);
        var body = Body(mail);
        Assert.Contains("Kính gửi Cục Thi hành án dân sự tỉnh,", body, StringComparison.Ordinal);
        Assert.Contains("Khối thi đua Nội chính mở vòng 1 của cuộc bỏ phiếu kín năm thi đua 2026.\nNội dung: Bình xét, suy tôn đơn vị dẫn đầu khối.\n", body, StringComparison.Ordinal);
        Assert.Contains("  1. Sở Tư pháp\n  2. Công an tỉnh\n  3. Sở Nội vụ\n", body, StringComparison.Ordinal);
        Assert.Contains("Thời hạn bỏ phiếu: 17:00 ngày 05/01/2027 (giờ Việt Nam).", body, StringComparison.Ordinal);
        Assert.Contains($"Bỏ phiếu tại: {ActivityWorld.PortalBaseUrl}/#/blocs/noi-chinh/2026/units/cuc-thads/vote\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("so-tu-phap", body, StringComparison.Ordinal);

        var outbox = await world.Outbox.ListAsync(campaign.BlocId, campaign.Year);
        Assert.Equal(5, outbox.Count);
        Assert.All(outbox, e => Assert.Equal((OutboxStatus.Sent, 1), (e.Status, e.Attempts)));
    }

    [Fact]
    public async Task A_round_without_quorum_tells_every_member_it_is_held_again_with_the_same_candidates_and_its_repeat_says_so()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "RoundRepeat", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var open = Request(campaign, VotePurpose.LeadingUnit, 1, ["so-tu-phap", "cong-an-tinh", "so-noi-vu"]);
        await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open);
        await CastAsync(world, open.Round, "so-tu-phap", "so-tu-phap");

        world.Clock.Now = open.ClosesAt;
        var tally = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);
        await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);

        Assert.Equal((TallyOutcome.NoQuorum, NextStep.Runoff), (tally.Outcome, tally.Next));
        var outcomes = world.Mail.Messages.Skip(5).ToList();
        Assert.Equal(Addresses, outcomes.Select(To).Order(StringComparer.Ordinal));
        var mail = outcomes.Single(m => To(m) == "van-thu@so-noi-vu.example.vn");
        Assert.Equal("Bỏ phiếu kín: Bình xét, suy tôn đơn vị dẫn đầu khối – vòng 1 chưa có kết quả", mail.Subject);
        var body = Body(mail);
        Assert.Contains("Khối thi đua Nội chính, năm thi đua 2026: vòng 1 của cuộc bỏ phiếu kín đã kết thúc. Không đủ số đơn vị tham gia bỏ phiếu.\n", body, StringComparison.Ordinal);
        Assert.Contains("Số phiếu thu về: 1 trên 5 đơn vị có quyền bỏ phiếu (tham gia tối thiểu: 4 phiếu).", body, StringComparison.Ordinal);
        Assert.Contains("Vòng bỏ phiếu được tổ chức lại với các đơn vị như vòng trước: Sở Tư pháp, Công an tỉnh, Sở Nội vụ.", body, StringComparison.Ordinal);

        var repeat = open with { Round = VoteRules.NextRound(open.Round, tally), ClosesAt = open.ClosesAt.AddHours(2) };
        await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(repeat);
        var invitation = world.Mail.Messages.Skip(10).Single(m => To(m) == "van-thu@so-noi-vu.example.vn");
        Assert.Equal(
            "Bỏ phiếu kín: Bình xét, suy tôn đơn vị dẫn đầu khối – vòng bỏ phiếu lại (vòng 2), hạn 19:00 ngày 05/01/2027 (giờ Việt Nam)",
            invitation.Subject);
        Assert.Contains("Khối thi đua Nội chính mở vòng bỏ phiếu lại (vòng 2) của cuộc bỏ phiếu kín năm thi đua 2026.", Body(invitation), StringComparison.Ordinal);
        Assert.Equal(15, world.Mail.Messages.Count);
    }

    [Fact]
    public async Task A_tie_names_the_runoff_candidates_and_a_decided_round_sends_no_mail()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "RoundTie", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var open = Request(campaign, VotePurpose.LeadingUnit, 1, ["so-tu-phap", "cong-an-tinh", "so-noi-vu"]);
        await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open);
        foreach (var (voter, choice) in new[] { ("so-tu-phap", "so-tu-phap"), ("cuc-thads", "so-tu-phap"), ("cong-an-tinh", "cong-an-tinh"), ("so-noi-vu", "cong-an-tinh") })
        {
            await CastAsync(world, open.Round, voter, choice);
        }

        world.Clock.Now = open.ClosesAt;
        var tally = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);

        Assert.Equal(TallyOutcome.Tie, tally.Outcome);
        var body = Body(world.Mail.Messages.Skip(5).First(m => To(m) == "van-thu@bo-chqs-tinh.example.vn"));
        Assert.Contains("đã kết thúc. Các đơn vị có số phiếu cao nhất bằng nhau.", body, StringComparison.Ordinal);
        Assert.Contains("Bỏ phiếu lại giữa: Sở Tư pháp, Công an tỉnh.", body, StringComparison.Ordinal);
        Assert.Contains("Đơn vị sẽ nhận thư mời bỏ phiếu của vòng mới, kèm thời hạn.", body, StringComparison.Ordinal);

        var runoff = open with { Round = VoteRules.NextRound(open.Round, tally), ClosesAt = open.ClosesAt.AddHours(1) };
        await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(runoff);
        foreach (var voter in new[] { "so-tu-phap", "cuc-thads", "cong-an-tinh", "so-noi-vu" })
        {
            await CastAsync(world, runoff.Round, voter, "so-tu-phap");
        }

        world.Clock.Now = runoff.ClosesAt;
        Assert.Equal(NextStep.Decided, (await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(runoff)).Next);
        Assert.Equal(15, world.Mail.Messages.Count);
    }

    [Fact]
    public async Task A_leader_vote_that_ends_undecided_tells_everyone_the_leader_follows_the_rotation()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "RoundLeader", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        // The third round is the last the default rules allow (two runoffs).
        var open = Request(campaign, VotePurpose.Leader, 3, ActivityWorld.Units.Select(u => u.UnitId).ToList());
        await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open);

        world.Clock.Now = open.ClosesAt;
        var tally = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);

        Assert.Equal(NextStep.Undecided, tally.Next);
        var invitation = world.Mail.Messages.First(m => To(m) == "van-thu@so-tu-phap.example.vn");
        Assert.StartsWith("Bỏ phiếu kín: Bầu trưởng khối – vòng bỏ phiếu lại (vòng 3), hạn", invitation.Subject, StringComparison.Ordinal);
        Assert.Contains($"{ActivityWorld.PortalBaseUrl}/#/blocs/noi-chinh/2026/units/so-tu-phap/vote/leader\n", Body(invitation), StringComparison.Ordinal);
        var body = Body(world.Mail.Messages.Skip(5).Single(m => To(m) == "van-thu@so-tu-phap.example.vn"));
        Assert.Contains("Đã hết số lần bỏ phiếu lại; cuộc bỏ phiếu kết thúc mà không có kết quả.", body, StringComparison.Ordinal);
        Assert.Contains("Trưởng khối năm 2027 được xác định theo thứ tự luân phiên của khối.", body, StringComparison.Ordinal);
        Assert.Equal(10, world.Mail.Messages.Count);
    }

    [Fact]
    public async Task A_live_round_at_the_conference_sends_no_mail()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "RoundLive", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var open = Request(campaign, VotePurpose.LeadingUnit, 1, ["so-tu-phap", "cong-an-tinh"]) with { Live = true };

        Assert.Equal(open.Round.RoundKey, (await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open)).RoundKey);
        world.Clock.Now = open.ClosesAt;
        var tally = await world.RunAsync<CloseVoteRound, OpenRoundRequest, Tally>(open);

        Assert.Equal(TallyOutcome.NoQuorum, tally.Outcome);
        Assert.NotNull(await world.Votes.GetRoundAsync(open.Round.RoundKey));
        Assert.Empty(world.Mail.Messages);
        Assert.Empty(await world.Outbox.ListAsync(campaign.BlocId, campaign.Year));
    }

    [Fact]
    public async Task With_the_mail_server_down_the_round_opens_and_the_invitations_go_out_once_when_the_activity_runs_again()
    {
        await using var world = await ActivityWorld.CreateAsync(azurite, "RoundOutage", Now);
        var campaign = await world.LaunchAsync(ActivityWorld.NewCampaign());
        var open = Request(campaign, VotePurpose.LeadingUnit, 1, ["so-tu-phap", "cong-an-tinh"]);

        await world.Mail.StopAsync();
        Assert.Equal(open.Round.RoundKey, (await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open)).RoundKey);
        Assert.NotNull(await world.Votes.GetRoundAsync(open.Round.RoundKey));
        Assert.Equal(CampaignPhase.Voting, (await world.Campaigns.GetStateAsync(campaign.BlocId, campaign.Year))!.Phase);
        Assert.All(await world.Outbox.ListAsync(campaign.BlocId, campaign.Year), e => Assert.Equal(OutboxStatus.Sending, e.Status));

        await world.Mail.ResumeAsync();
        await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open);
        await world.RunAsync<OpenVoteRound, OpenRoundRequest, VoteRound>(open);

        Assert.Equal(Addresses, world.Mail.Messages.Select(To).Order(StringComparer.Ordinal));
        Assert.All(await world.Outbox.ListAsync(campaign.BlocId, campaign.Year), e => Assert.Equal(OutboxStatus.Sent, e.Status));
    }

    private static OpenRoundRequest Request(Campaign campaign, VotePurpose purpose, int number, IReadOnlyList<string> candidates) => new(
        new CampaignKey(campaign.BlocId, campaign.Year),
        new VoteRound
        {
            BlocId = campaign.BlocId,
            Year = campaign.Year,
            Purpose = purpose,
            RoundNumber = number,
            Candidates = candidates,
            EligibleVoters = campaign.Members.Count,
        },
        Now.AddHours(9));

    private static async Task CastAsync(ActivityWorld world, VoteRound round, string voter, string? choice)
    {
        var ballot = new Ballot(round.RoundKey, Guid.NewGuid().ToString("n"), choice);
        Assert.Equal(CastOutcome.Cast, await world.Votes.CastAsync(voter, ballot, VoteRules.Receipt(ballot)));
    }

    private static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    private static string Body(MimeMessage message) => message.TextBody!.ReplaceLineEndings("\n");
}
