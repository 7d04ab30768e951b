using System.Text;
using ThiDua.Domain;
using ThiDua.Mail;

namespace ThiDua.Workflows.Mail;

/// <summary>
/// The texts of the cycle's messages, Vietnamese by default and English on request (the culture of the
/// <see cref="Localizer"/> given), with deadlines written in Vietnam time.
/// </summary>
public static class CycleMail
{
    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new(StringComparer.Ordinal)
    {
        ["vi"] = new(StringComparer.Ordinal)
        {
            ["reminder.subject"] = "Nhắc nộp bảng tự chấm điểm thi đua năm {0} – hạn {1}",
            ["greeting"] = "Kính gửi {0},",
            ["reminder.body"] = "Khối thi đua {0} chưa nhận được bảng tự chấm điểm thi đua năm {1} của đơn vị.",
            ["reminder.deadline"] = "Hạn nộp: {0}.",
            ["reminder.after"] = "Sau thời hạn này, bảng tự chấm điểm của đơn vị sẽ không được tiếp nhận.",
            ["reminder.link"] = "Nộp bảng tự chấm điểm tại: {0}",
            ["closing.subject"] = "Kết thúc nhận bảng tự chấm điểm thi đua năm {0} – Khối thi đua {1}",
            ["closing.body"] = "Thời hạn nộp bảng tự chấm điểm thi đua năm {0} của Khối thi đua {1} đã kết thúc lúc {2}.",
            ["closing.count"] = "Số đơn vị đã nộp: {0}/{1}.",
            ["closing.missing"] = "Các đơn vị không nộp bảng tự chấm điểm:",
            ["closing.none-missing"] = "Tất cả các đơn vị đã nộp bảng tự chấm điểm.",
            ["closing.review"] = "Thời hạn thẩm định, điều chỉnh điểm: {0}.",
            ["closing.link"] = "Xem và thẩm định tại: {0}",
            ["confirmation.subject"] = "Xác nhận đã nhận bảng tự chấm điểm thi đua năm {0} – lần nộp thứ {1}",
            ["confirmation.body"] = "Khối thi đua {0} đã nhận bảng tự chấm điểm thi đua năm {1} của {2}.",
            ["confirmation.version"] = "Lần nộp (phiên bản): {0}.",
            ["confirmation.total"] = "Tổng điểm tự chấm: {0} (điểm tiêu chí {1}, điểm thưởng {2}, điểm trừ {3}).",
            ["confirmation.evidence"] = "Tài liệu minh chứng kèm theo: {0}.",
            ["confirmation.at"] = "Thời điểm nộp: {0}.",
            ["confirmation.deadline"] = "Hạn nộp: {0}. Đơn vị có thể nộp lại trước hạn; bảng nộp sau cùng được tính.",
            ["confirmation.link"] = "Xem bảng tự chấm điểm tại: {0}",
            ["round.subject"] = "Bỏ phiếu kín: {0} – {1}, hạn {2}",
            ["round.first"] = "vòng 1",
            ["round.repeat"] = "vòng bỏ phiếu lại (vòng {0})",
            ["round.body"] = "Khối thi đua {0} mở {1} của cuộc bỏ phiếu kín năm thi đua {2}.",
            ["round.purpose"] = "Nội dung: {0}.",
            ["round.candidates"] = "Danh sách bỏ phiếu:",
            ["round.closes"] = "Thời hạn bỏ phiếu: {0}.",
            ["round.once"] = "Mỗi đơn vị chỉ bỏ phiếu một lần; phiếu đã bỏ không sửa được. Sau thời hạn, phiếu không được tiếp nhận.",
            ["round.link"] = "Bỏ phiếu tại: {0}",
            ["outcome.subject"] = "Bỏ phiếu kín: {0} – {1} chưa có kết quả",
            ["outcome.body"] = "Khối thi đua {1}, năm thi đua {2}: {0} của cuộc bỏ phiếu kín đã kết thúc. {3}",
            ["outcome.cast"] = "Số phiếu thu về: {0} trên {1} đơn vị có quyền bỏ phiếu (tham gia tối thiểu: {2} phiếu).",
            ["outcome.repeat"] = "Vòng bỏ phiếu được tổ chức lại với các đơn vị như vòng trước: {0}.",
            ["outcome.runoff"] = "Bỏ phiếu lại giữa: {0}.",
            ["outcome.announce"] = "Đơn vị sẽ nhận thư mời bỏ phiếu của vòng mới, kèm thời hạn.",
            ["outcome.undecided"] = "Đã hết số lần bỏ phiếu lại; cuộc bỏ phiếu kết thúc mà không có kết quả.",
            ["outcome.no-leading-unit"] = "Năm thi đua {0}, khối không có đơn vị dẫn đầu.",
            ["outcome.leader-by-rotation"] = "Trưởng khối năm {0} được xác định theo thứ tự luân phiên của khối.",
            ["outcome.deputy-by-rotation"] = "Phó trưởng khối năm {0} được xác định theo thứ tự luân phiên của khối.",
            ["outcome.link"] = "Xem kết quả kiểm phiếu tại: {0}",
            ["footer"] = "Đây là thư tự động của hệ thống ThiDua; vui lòng không trả lời thư này.",
        },
        ["en"] = new(StringComparer.Ordinal)
        {
            ["reminder.subject"] = "Reminder: submit your {0} emulation self-assessment – deadline {1}",
            ["greeting"] = "Dear {0},",
            ["reminder.body"] = "The {0} emulation bloc has not yet received your unit's self-assessment for {1}.",
            ["reminder.deadline"] = "Deadline: {0}.",
            ["reminder.after"] = "After this deadline your unit's self-assessment will be refused.",
            ["reminder.link"] = "Submit it at: {0}",
            ["closing.subject"] = "Self-assessments for {0} are closed – {1} emulation bloc",
            ["closing.body"] = "Submission of the {0} self-assessments of the {1} emulation bloc closed at {2}.",
            ["closing.count"] = "Units that submitted: {0}/{1}.",
            ["closing.missing"] = "Units that never submitted:",
            ["closing.none-missing"] = "Every unit submitted its self-assessment.",
            ["closing.review"] = "Review and adjustment deadline: {0}.",
            ["closing.link"] = "Review at: {0}",
            ["confirmation.subject"] = "Your {0} emulation self-assessment was received – submission {1}",
            ["confirmation.body"] = "The {0} emulation bloc received the {1} self-assessment of {2}.",
            ["confirmation.version"] = "Submission (version): {0}.",
            ["confirmation.total"] = "Total points claimed: {0} (criteria {1}, bonus {2}, penalty {3}).",
            ["confirmation.evidence"] = "Evidence documents attached: {0}.",
            ["confirmation.at"] = "Submitted at: {0}.",
            ["confirmation.deadline"] = "Deadline: {0}. You may resubmit until then; the latest submission counts.",
            ["confirmation.link"] = "See your self-assessment at: {0}",
            ["round.subject"] = "Secret ballot: {0} – {1}, closes {2}",
            ["round.first"] = "round 1",
            ["round.repeat"] = "round {0} (repeat)",
            ["round.body"] = "The {0} emulation bloc has opened {1} of the secret ballot of the {2} campaign.",
            ["round.purpose"] = "Subject: {0}.",
            ["round.candidates"] = "On the ballot:",
            ["round.closes"] = "Voting closes: {0}.",
            ["round.once"] = "Each unit votes once; a ballot cannot be changed. Ballots are refused after the closing time.",
            ["round.link"] = "Vote at: {0}",
            ["outcome.subject"] = "Secret ballot: {0} – {1} undecided",
            ["outcome.body"] = "{1} emulation bloc, {2} campaign: {0} of the secret ballot has closed. {3}",
            ["outcome.cast"] = "Ballots cast: {0} of {1} units entitled to vote (quorum: {2} ballots).",
            ["outcome.repeat"] = "The round is held again with the same units: {0}.",
            ["outcome.runoff"] = "Runoff between: {0}.",
            ["outcome.announce"] = "Your unit will receive the invitation to the new round, with its closing time.",
            ["outcome.undecided"] = "No runoffs left; the vote ends undecided.",
            ["outcome.no-leading-unit"] = "The bloc has no leading unit for {0}.",
            ["outcome.leader-by-rotation"] = "The bloc leader for {0} follows the bloc's rotation order.",
            ["outcome.deputy-by-rotation"] = "The deputy bloc leader for {0} follows the bloc's rotation order.",
            ["outcome.link"] = "See the count at: {0}",
            ["footer"] = "This is an automatic message from ThiDua; please do not reply.",
        },
    };

    /// <summary>The reminder to a unit that has not submitted its self-assessment.</summary>
    public static OutgoingMail Reminder(Campaign campaign, MemberUnit unit, Uri scoresPage, string messageId, Localizer? localizer = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(scoresPage);
        var l = localizer ?? Localizer.Vietnamese;
        var t = Texts[l.Culture];
        var deadline = VietnamTime.Format(campaign.Schedule.ScoringDeadline, l);
        var body = new StringBuilder()
            .Append(F(t["greeting"], unit.Name)).Append("\n\n")
            .Append(F(t["reminder.body"], campaign.BlocName, campaign.Year)).Append('\n')
            .Append(F(t["reminder.deadline"], deadline)).Append('\n')
            .Append(t["reminder.after"]).Append("\n\n")
            .Append(F(t["reminder.link"], scoresPage.AbsoluteUri)).Append("\n\n")
            .Append(t["footer"]).Append('\n');
        return new OutgoingMail(Recipients(unit), F(t["reminder.subject"], campaign.Year, deadline), body.ToString(), messageId);
    }

    /// <summary>The closing notice to the leader: who submitted and who never did.</summary>
    public static OutgoingMail ClosingNotice(Campaign campaign, MemberUnit leader, IReadOnlyList<string> neverSubmitted, Uri blocPage, string messageId, Localizer? localizer = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(neverSubmitted);
        ArgumentNullException.ThrowIfNull(blocPage);
        var l = localizer ?? Localizer.Vietnamese;
        var t = Texts[l.Culture];
        var s = campaign.Schedule;
        var body = new StringBuilder()
            .Append(F(t["greeting"], leader.Name)).Append("\n\n")
            .Append(F(t["closing.body"], campaign.Year, campaign.BlocName, VietnamTime.Format(s.ScoringDeadline, l))).Append('\n')
            .Append(F(t["closing.count"], campaign.Members.Count - neverSubmitted.Count, campaign.Members.Count)).Append('\n');
        if (neverSubmitted.Count == 0)
        {
            body.Append(t["closing.none-missing"]).Append('\n');
        }
        else
        {
            body.Append(t["closing.missing"]).Append('\n');
            foreach (var unitId in neverSubmitted)
            {
                body.Append("  - ").Append(campaign.FindMember(unitId)?.Name ?? unitId).Append(" (").Append(unitId).Append(")\n");
            }
        }

        body.Append(F(t["closing.review"], VietnamTime.Format(s.ReviewDeadline, l))).Append("\n\n")
            .Append(F(t["closing.link"], blocPage.AbsoluteUri)).Append("\n\n")
            .Append(t["footer"]).Append('\n');
        return new OutgoingMail(Recipients(leader), F(t["closing.subject"], campaign.Year, campaign.BlocName), body.ToString(), messageId);
    }

    /// <summary>The confirmation to a unit that one version of its self-assessment was accepted.</summary>
    public static OutgoingMail Confirmation(Campaign campaign, MemberUnit unit, ScoreSheet sheet, Uri scoresPage, string messageId, Localizer? localizer = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(scoresPage);
        var l = localizer ?? Localizer.Vietnamese;
        var t = Texts[l.Culture];
        var totals = sheet.Totals;
        var body = new StringBuilder()
            .Append(F(t["greeting"], unit.Name)).Append("\n\n")
            .Append(F(t["confirmation.body"], campaign.BlocName, campaign.Year, unit.Name)).Append('\n')
            .Append(F(t["confirmation.version"], sheet.Version)).Append('\n')
            .Append(F(t["confirmation.total"], Points(totals.Total, l), Points(totals.Regular, l), Points(totals.Bonus, l), Points(totals.Penalty, l))).Append('\n')
            .Append(F(t["confirmation.evidence"], sheet.Evidence.Count)).Append('\n')
            .Append(F(t["confirmation.at"], VietnamTime.Format(sheet.SubmittedAt, l))).Append('\n')
            .Append(F(t["confirmation.deadline"], VietnamTime.Format(campaign.Schedule.ScoringDeadline, l))).Append("\n\n")
            .Append(F(t["confirmation.link"], scoresPage.AbsoluteUri)).Append("\n\n")
            .Append(t["footer"]).Append('\n');
        return new OutgoingMail(Recipients(unit), F(t["confirmation.subject"], campaign.Year, sheet.Version), body.ToString(), messageId);
    }

    /// <summary>
    /// The invitation to a unit to vote in a round that has just opened: what is decided, which round
    /// (a repeat or runoff is said so), the candidates by name, the closing time and the unit's ballot page.
    /// </summary>
    public static OutgoingMail RoundOpened(Campaign campaign, MemberUnit unit, VoteRound round, DateTimeOffset closesAt, Uri ballotPage, string messageId, Localizer? localizer = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(ballotPage);
        var l = localizer ?? Localizer.Vietnamese;
        var t = Texts[l.Culture];
        var purpose = l[PurposeKey(round.Purpose)];
        var number = round.RoundNumber == 1 ? t["round.first"] : F(t["round.repeat"], round.RoundNumber);
        var closes = VietnamTime.Format(closesAt, l);
        var body = new StringBuilder()
            .Append(F(t["greeting"], unit.Name)).Append("\n\n")
            .Append(F(t["round.body"], campaign.BlocName, number, campaign.Year)).Append('\n')
            .Append(F(t["round.purpose"], purpose)).Append('\n')
            .Append(t["round.candidates"]).Append('\n');
        for (var i = 0; i < round.Candidates.Count; i++)
        {
            body.Append("  ").Append(i + 1).Append(". ").Append(Name(campaign, round.Candidates[i])).Append('\n');
        }

        body.Append(F(t["round.closes"], closes)).Append('\n')
            .Append(t["round.once"]).Append("\n\n")
            .Append(F(t["round.link"], ballotPage.AbsoluteUri)).Append("\n\n")
            .Append(t["footer"]).Append('\n');
        return new OutgoingMail(Recipients(unit), F(t["round.subject"], purpose, number, closes), body.ToString(), messageId);
    }

    /// <summary>
    /// What follows a round that decided nothing: why (the count's outcome), then the round held again
    /// with the same candidates, a runoff among the named candidates, or the vote ending undecided and
    /// what the bloc does instead (no leading unit this year; the leader or deputy by rotation).
    /// </summary>
    public static OutgoingMail RoundUndecided(Campaign campaign, MemberUnit unit, VoteRound round, Tally tally, Uri ballotPage, string messageId, Localizer? localizer = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(ballotPage);
        var l = localizer ?? Localizer.Vietnamese;
        var t = Texts[l.Culture];
        var purpose = l[PurposeKey(round.Purpose)];
        var number = round.RoundNumber == 1 ? t["round.first"] : F(t["round.repeat"], round.RoundNumber);
        var why = l[tally.Outcome switch
        {
            TallyOutcome.NoQuorum => TextKeys.OutcomeNoQuorum,
            TallyOutcome.Tie => TextKeys.OutcomeTie,
            _ => TextKeys.OutcomeNoMajority,
        }];
        var body = new StringBuilder()
            .Append(F(t["greeting"], unit.Name)).Append("\n\n")
            .Append(F(t["outcome.body"], number, campaign.BlocName, campaign.Year, why)).Append('\n')
            .Append(F(t["round.purpose"], purpose)).Append('\n')
            .Append(F(t["outcome.cast"], tally.BallotsCast, tally.EligibleVoters, tally.QuorumBallots)).Append("\n\n");
        if (tally.Next == NextStep.Runoff)
        {
            var names = string.Join(", ", tally.RunoffCandidates.Select(c => Name(campaign, c)));
            body.Append(F(t[tally.Outcome == TallyOutcome.NoQuorum ? "outcome.repeat" : "outcome.runoff"], names)).Append('\n')
                .Append(t["outcome.announce"]).Append("\n\n");
        }
        else
        {
            body.Append(t["outcome.undecided"]).Append('\n')
                .Append(round.Purpose switch
                {
                    VotePurpose.Leader => F(t["outcome.leader-by-rotation"], campaign.Year + 1),
                    VotePurpose.Deputy => F(t["outcome.deputy-by-rotation"], campaign.Year + 1),
                    _ => F(t["outcome.no-leading-unit"], campaign.Year),
                }).Append("\n\n");
        }

        body.Append(F(t["outcome.link"], ballotPage.AbsoluteUri)).Append("\n\n")
            .Append(t["footer"]).Append('\n');
        return new OutgoingMail(Recipients(unit), F(t["outcome.subject"], purpose, number), body.ToString(), messageId);
    }

    private static string PurposeKey(VotePurpose purpose) => purpose switch
    {
        VotePurpose.Leader => TextKeys.PurposeLeader,
        VotePurpose.Deputy => TextKeys.PurposeDeputy,
        _ => TextKeys.PurposeLeadingUnit,
    };

    /// <summary>A member's name as people know it (formal texts show names, never ids).</summary>
    private static string Name(Campaign campaign, string unitId) => campaign.FindMember(unitId)?.Name ?? unitId;

    /// <summary>Points as people of the mail's language write them: "80,5" in Vietnamese, "80.5" in English.</summary>
    private static string Points(decimal points, Localizer l)
    {
        var text = points.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        return l.Culture == "vi" ? text.Replace('.', ',') : text;
    }

    private static List<MailRecipient> Recipients(MemberUnit unit) =>
        unit.Contacts.Where(c => !string.IsNullOrWhiteSpace(c.Email)).Select(c => new MailRecipient(c.Name, c.Email)).ToList();

    private static string F(string format, params object[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
}
