using ThiDua.Domain;

namespace ThiDua.Documents.Builders;

/// <summary>A closed vote round and its count.</summary>
/// <param name="Round">The round.</param>
/// <param name="Tally">Its count.</param>
public sealed record CountedRound(VoteRound Round, Tally Tally);

/// <summary>A member unit's presence at the conference.</summary>
/// <param name="UnitId">The unit (printed by name).</param>
/// <param name="Attendance">Present, represented or absent.</param>
public sealed record MemberAttendance(string UnitId, Attendance Attendance);

/// <summary>The chair or the secretary of the conference.</summary>
/// <param name="Name">Full name, for example "Ông Bùi Đức Thịnh".</param>
/// <param name="Title">Title, for example "Cục trưởng".</param>
/// <param name="Unit">Name of the unit or body the person belongs to, for example "Cục Thi hành án dân sự tỉnh".</param>
public sealed record ConferenceOfficer(string Name, string Title, string Unit);

/// <summary>What the biên bản hội nghị tổng kết khối is drawn up from, once the conference has closed.</summary>
public sealed record ConferenceMinutesInput
{
    /// <summary>The campaign: bloc, year, members, rules (voting and award levels).</summary>
    public required Campaign Campaign { get; init; }

    /// <summary>Place of issue ("Bắc Kạn").</summary>
    public required string Place { get; init; }

    /// <summary>Where the conference met ("Hội trường Sở Nội vụ"); the place of issue when null.</summary>
    public string? Venue { get; init; }

    /// <summary>Day of the conference (Vietnam time).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>When the chair opened the conference, or null when not recorded.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>When the chair closed the conference, or null when not recorded.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Presence recorded per member; a member without an entry was absent.</summary>
    public IReadOnlyList<MemberAttendance> Attendance { get; init; } = [];

    /// <summary>Invited guests, one line each (for example "Đại diện Ban Thi đua – Khen thưởng tỉnh"); none when empty.</summary>
    public IReadOnlyList<string> Guests { get; init; } = [];

    /// <summary>Who chaired the conference; signs on the right.</summary>
    public required ConferenceOfficer Chair { get; init; }

    /// <summary>Who kept the minutes; signs on the left.</summary>
    public required ConferenceOfficer Secretary { get; init; }

    /// <summary>The year's ranking after review.</summary>
    public required Ranking Ranking { get; init; }

    /// <summary>Every round held at the conference (leading unit, leader, deputy), in the order held.</summary>
    public IReadOnlyList<CountedRound> Votes { get; init; } = [];

    /// <summary>The leading unit the vote chose, or null when it ended undecided.</summary>
    public string? LeadingUnitId { get; init; }

    /// <summary>Next year's leader and deputy and how each was chosen.</summary>
    public required LeaderChoice Leadership { get; init; }

    /// <summary>The proposals decided, on the campaign's award levels.</summary>
    public IReadOnlyList<Proposal> Proposals { get; init; } = [];

    /// <summary>Number and symbol, where one applies.</summary>
    public string? Number { get; init; }

    /// <summary>The issuing body; the bloc by default.</summary>
    public IssuingBody? Issuer { get; init; }

    /// <summary>Recipients ("Nơi nhận").</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}

/// <summary>Biên bản hội nghị tổng kết khối: time and place, attendance, chair and secretary, the year's results, the votes, next year's leadership and the proposals.</summary>
public static class ConferenceMinutes
{
    /// <summary>The minutes as an official document.</summary>
    public static OfficialDocument Build(ConferenceMinutesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = input.Campaign;
        var bloc = Formal.Bloc(campaign.BlocName);
        var name = (string id) => Formal.NameOf(campaign.Members, id);
        var presence = input.Attendance
            .GroupBy(a => a.UnitId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Attendance, StringComparer.Ordinal);
        var attendance = (string id) => presence.GetValueOrDefault(id, Attendance.Absent);

        var body = new List<DocumentBlock>
        {
            new Paragraph(
                $"Hội nghị tổng kết công tác thi đua năm {campaign.Year} của {bloc} được tổ chức với thời gian, địa điểm, thành phần và nội dung như sau:"),
            new Heading("I. THỜI GIAN, ĐỊA ĐIỂM"),
            new BulletLine(input.OpenedAt is { } opened
                ? $"Thời gian: khai mạc hồi {Formal.Time(opened)} (giờ Việt Nam)."
                : $"Thời gian: ngày {Formal.Day(input.Date)}."),
            new BulletLine($"Địa điểm: {input.Venue ?? input.Place}."),
            new Heading("II. THÀNH PHẦN"),
        };

        var members = Formal.Ordered(campaign);
        var counts = members.GroupBy(m => attendance(m.UnitId)).ToDictionary(g => g.Key, g => g.Count());
        body.Add(new BulletLine(
            $"Đơn vị thành viên: {Formal.Count(members.Count)} đơn vị; có mặt {Formal.Count(counts.GetValueOrDefault(Attendance.Present))}, "
            + $"ủy quyền {Formal.Count(counts.GetValueOrDefault(Attendance.Represented))}, vắng mặt {Formal.Count(counts.GetValueOrDefault(Attendance.Absent))}."));
        body.Add(new DocumentTable
        {
            Header = ["STT", "Đơn vị thành viên", "Tham dự"],
            Rows = members.Select((m, i) => (IReadOnlyList<string>)[Formal.Count(i + 1), m.Name, Presence(attendance(m.UnitId))]).ToList(),
            ColumnWidths = [1, 7, 3],
            CenteredColumns = [0, 2],
        });
        body.AddRange(input.Guests.Select(g => new BulletLine($"Đại biểu mời: {g}.")));
        body.Add(new BulletLine($"Chủ trì hội nghị: {Officer(input.Chair)}."));
        body.Add(new BulletLine($"Thư ký hội nghị: {Officer(input.Secretary)}."));

        body.Add(new Heading("III. NỘI DUNG"));
        body.Add(new Paragraph($"1. Kết quả chấm điểm thi đua năm {campaign.Year}", Bold: true));
        body.Add(new Paragraph("Hội nghị nghe báo cáo tổng kết và thống nhất kết quả chấm điểm, xếp hạng các đơn vị thành viên sau thẩm định như sau:"));
        body.Add(new DocumentTable
        {
            Header = ["Hạng", "Đơn vị", "Tổng điểm"],
            Rows = input.Ranking.Entries
                .Select(e => (IReadOnlyList<string>)[Formal.Count(e.Rank), e.Name, e.Submitted ? Formal.Number(e.Total) : "Không nộp"])
                .ToList(),
            ColumnWidths = [1, 7, 2],
            CenteredColumns = [0, 2],
        });

        body.Add(new Paragraph($"2. Kết quả bình xét đơn vị dẫn đầu năm {campaign.Year}", Bold: true));
        body.AddRange(Rounds(input, VotePurpose.LeadingUnit));
        body.Add(new Paragraph(input.LeadingUnitId is { } leading
            ? $"Hội nghị thống nhất: {name(leading)} là đơn vị dẫn đầu {bloc} năm {campaign.Year}."
            : $"Cuộc bỏ phiếu bình xét đơn vị dẫn đầu {bloc} năm {campaign.Year} kết thúc mà không có đơn vị nào được chọn."));

        var next = campaign.Year + 1;
        body.Add(new Paragraph($"3. Bầu Trưởng khối, Phó Trưởng khối năm {next}", Bold: true));
        body.AddRange(Rounds(input, VotePurpose.Leader));
        body.AddRange(Rounds(input, VotePurpose.Deputy));
        var leadership = input.Leadership;
        body.Add(new BulletLine(Chosen(name(leadership.LeaderUnitId), $"Trưởng khối {bloc} năm {next}", leadership.LeaderElectedBy)));
        body.Add(new BulletLine(leadership.DeputyUnitId is { } deputy
            ? Chosen(name(deputy), $"Phó Trưởng khối {bloc} năm {next}", leadership.DeputyElectedBy)
            : $"{bloc} không có Phó Trưởng khối năm {next}."));

        body.Add(new Paragraph("4. Đề nghị khen thưởng", Bold: true));
        body.Add(new Paragraph($"Hội nghị thống nhất đề nghị {ScoreSummary.CouncilName} xem xét khen thưởng các đơn vị sau:"));
        foreach (var (level, units) in Formal.ByLevel(campaign.Rules.Proposals, input.Proposals))
        {
            body.Add(new BulletLine(units.Count == 0
                ? $"{level.Name}: không đề nghị đơn vị nào."
                : $"{level.Name}: {string.Join(", ", units.Select(p => name(p.UnitId) + (p.UndecidedVote ? " (đơn vị xếp hạng cao nhất, do cuộc bỏ phiếu bình xét đơn vị dẫn đầu không có kết quả)" : "")))}."));
        }

        body.Add(new Heading("IV. KẾT THÚC HỘI NGHỊ"));
        body.Add(new Paragraph(
            (input.ClosedAt is { } closed ? $"Hội nghị kết thúc hồi {Formal.Time(closed)} (giờ Việt Nam). " : "")
            + "Biên bản đã được đọc lại trước hội nghị và được hội nghị nhất trí thông qua."));

        return new OfficialDocument
        {
            Issuer = input.Issuer ?? Formal.BlocIssuer(campaign.BlocName),
            Number = input.Number,
            Place = input.Place,
            Date = input.Date,
            DocumentType = "BIÊN BẢN",
            Summary = $"Hội nghị tổng kết {bloc} năm {campaign.Year}",
            Body = body,
            Signatures =
            [
                new SignatureBlock(null, "THƯ KÝ", input.Secretary.Name),
                new SignatureBlock(null, "CHỦ TRÌ", input.Chair.Name),
            ],
            Recipients = input.Recipients,
        };
    }

    private static string Presence(Attendance attendance) => attendance switch
    {
        Attendance.Present => "Có mặt",
        Attendance.Represented => "Ủy quyền",
        _ => "Vắng mặt",
    };

    private static string Officer(ConferenceOfficer officer) => $"{officer.Name}, {Formal.Position(officer.Title, officer.Unit)}";

    /// <summary>How a leader or deputy came to be chosen, in words.</summary>
    private static string Chosen(string unit, string office, ElectedBy by) => by switch
    {
        ElectedBy.Vote => $"{unit} được bầu làm {office} bằng hình thức bỏ phiếu kín.",
        ElectedBy.Acclamation => $"{unit} được hội nghị suy tôn làm {office}.",
        _ => $"{unit} đảm nhiệm {office} theo thứ tự luân phiên của khối.",
    };

    /// <summary>The rounds of one vote: ballots, votes per candidate on the threshold base, and the conclusion of each.</summary>
    private static IEnumerable<DocumentBlock> Rounds(ConferenceMinutesInput input, VotePurpose purpose)
    {
        var members = input.Campaign.Members;
        foreach (var (round, tally) in input.Votes.Where(v => v.Round.Purpose == purpose))
        {
            var subject = VoteCountMinutes.Subject(round, input.Campaign.BlocName);
            var percentBase = VoteCountMinutes.PercentBase(tally);
            var form = round.IsAcclamation ? "suy tôn, biểu quyết bằng phiếu kín đồng ý hoặc không đồng ý" : "bỏ phiếu kín";
            var runoff = round.RoundNumber == 1 ? "" : $" vòng {round.RoundNumber} (bỏ phiếu lại)";
            yield return new BulletLine(
                $"Bầu {subject}{runoff}, hình thức {form}: phát ra {Formal.Count(round.Present ?? tally.EligibleVoters)} phiếu, "
                + $"thu vào {Formal.Count(tally.BallotsCast + tally.InvalidBallots)} phiếu, hợp lệ {Formal.Count(tally.BallotsCast)}, "
                + $"không hợp lệ {Formal.Count(tally.InvalidBallots)}, {(round.IsAcclamation ? "không đồng ý" : "phiếu trắng")} {Formal.Count(tally.Abstentions)}; "
                + $"tỷ lệ tính trên {Formal.Count(percentBase)}.");
            yield return new DocumentTable
            {
                Header = ["STT", "Đơn vị", round.IsAcclamation ? "Số phiếu đồng ý" : "Số phiếu bầu", "Tỷ lệ (%)"],
                Rows = tally.Counts.Select((c, i) => (IReadOnlyList<string>)
                    [Formal.Count(i + 1), Formal.NameOf(members, c.CandidateId), Formal.Count(c.Votes), Formal.Percent(c.Votes, percentBase)]).ToList(),
                ColumnWidths = [1, 6, 2.2, 1.8],
                CenteredColumns = [0, 2, 3],
            };
            yield return new Paragraph(VoteCountMinutes.Outcome(round, tally, members, subject));
            if (tally.Next == NextStep.Runoff)
            {
                yield return new Paragraph($"Hội nghị tổ chức bỏ phiếu lại (vòng {round.RoundNumber + 1}) giữa các đơn vị: {string.Join(", ", tally.RunoffCandidates.Select(c => Formal.NameOf(members, c)))}.");
            }
        }
    }
}
