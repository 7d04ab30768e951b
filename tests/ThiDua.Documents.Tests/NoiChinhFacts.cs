using ThiDua.Documents.Builders;
using ThiDua.Domain;

namespace ThiDua.Documents.Tests;

/// <summary>
/// The "Nội chính" bloc of the January 2018 provincial example (copied from the CLI's demo data, not
/// referenced): five units, their criteria and commitments, a reviewed year and its votes.
/// </summary>
public static class NoiChinhFacts
{
    public const string BlocName = "Nội chính";
    public const string Place = "Bắc Kạn";
    public const int Year = 2026;

    public const string MilitaryCommand = "bch-quan-su-tinh";
    public const string Police = "cong-an-tinh";
    public const string Justice = "so-tu-phap";
    public const string HomeAffairs = "so-noi-vu";
    public const string JudgmentEnforcement = "cuc-thads-tinh";

    public static IReadOnlyList<CampaignMember> Members { get; } =
    [
        new(MilitaryCommand, "Bộ Chỉ huy Quân sự tỉnh"),
        new(Police, "Công an tỉnh"),
        new(Justice, "Sở Tư pháp"),
        new(HomeAffairs, "Sở Nội vụ"),
        new(JudgmentEnforcement, "Cục Thi hành án dân sự tỉnh"),
    ];

    public static CriteriaTable Criteria { get; } = new()
    {
        Scale = 100,
        Criteria =
        [
            new() { Id = "1-1", Group = "I. Thực hiện nhiệm vụ chính trị, chuyên môn", Title = "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được giao trong năm", MaxPoints = 50 },
            new() { Id = "1-2", Group = "I. Thực hiện nhiệm vụ chính trị, chuyên môn", Title = "Cải cách hành chính, chuyển đổi số, dịch vụ công trực tuyến", MaxPoints = 20 },
            new() { Id = "2-1", Group = "II. Công tác thi đua, khen thưởng", Title = "Tổ chức phát động, sơ kết, tổng kết phong trào thi đua", MaxPoints = 15 },
            new() { Id = "2-2", Group = "III. Xây dựng tổ chức", Title = "Xây dựng tổ chức đảng, đoàn thể trong sạch, vững mạnh", MaxPoints = 15 },
            new() { Id = "thuong-1", Group = "IV. Điểm thưởng, điểm trừ", Title = "Điểm thưởng: mô hình, sáng kiến được cấp trên công nhận, nhân rộng", MaxPoints = 5, Kind = CriterionKind.Bonus },
            new() { Id = "tru-1", Group = "IV. Điểm thưởng, điểm trừ", Title = "Điểm trừ: cán bộ vi phạm kỷ luật, đơn vị bị phê bình", MaxPoints = 10, Kind = CriterionKind.Penalty },
        ],
    };

    public static IReadOnlyList<string> Commitments { get; } =
    [
        "Thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước; hoàn thành toàn diện nhiệm vụ chính trị được giao.",
        "Đẩy mạnh cải cách hành chính, chuyển đổi số; nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
        "Phối hợp chặt chẽ giữa các đơn vị trong khối bảo đảm an ninh chính trị, trật tự an toàn xã hội trên địa bàn tỉnh.",
        "Tổ chức phong trào thi đua thiết thực, hiệu quả; phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến.",
    ];

    public static Campaign Campaign { get; } = new()
    {
        BlocId = "noi-chinh",
        BlocName = BlocName,
        Year = Year,
        LeaderUnitId = JudgmentEnforcement,
        DeputyUnitId = HomeAffairs,
        Members = Members,
        Commitments = Commitments,
        Criteria = Criteria,
        Schedule = CampaignSchedule.ForYear(Year, 1, 15, new ScheduleRules()),
    };

    private static readonly DateTimeOffset Submitted = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>Self-assessments (points per criterion 1-1, 1-2, 2-1, 2-2, bonus, penalty); Home Affairs revised its sheet once.</summary>
    public static IReadOnlyList<ScoreSheet> Sheets { get; } =
    [
        Sheet(MilitaryCommand, 1, 48, 18, 14, 15, 3, 0),
        Sheet(Police, 1, 49, 19, 15, 14, 4, 0),
        Sheet(Justice, 1, 45, 17.5m, 13, 14, 0, 1),
        Sheet(HomeAffairs, 1, 44, 16, 12, 13, 2, 0),
        Sheet(HomeAffairs, 2, 46, 18, 14, 14, 2, 0),
        Sheet(JudgmentEnforcement, 1, 50, 20, 15, 15, 5, 0),
    ];

    public static IReadOnlyList<ScoreAdjustment> Adjustments { get; } =
    [
        new()
        {
            UnitId = Police, CriterionId = "1-2", NewPoints = 17, Reason = "Tỷ lệ hồ sơ trực tuyến toàn trình chưa đạt chỉ tiêu 80%",
            AdjustedBy = JudgmentEnforcement, AdjustedAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(7)),
        },
        new()
        {
            UnitId = JudgmentEnforcement, CriterionId = "thuong-1", NewPoints = 3, Reason = "Sáng kiến mới được cấp tỉnh công nhận, chưa nhân rộng",
            AdjustedBy = ScoreAdjustment.ByCouncil, AdjustedAt = new(2026, 12, 1, 11, 0, 0, TimeSpan.FromHours(7)),
        },
    ];

    public static Ranking Ranking => Ranking.Compute(Campaign, Sheets, Adjustments);

    public static IReadOnlyList<CountingBoardMember> CountingBoard { get; } =
    [
        CountingBoardMember.Of("Ông Hoàng Văn Dũng", "Giám đốc Sở", "Sở Nội vụ", "Trưởng ban"),
        new("Thượng tá Trần Quốc Huy", "Phó Giám đốc Công an tỉnh", "Thành viên"),
        new("Bà Đỗ Thị Thanh Hương", "Giám đốc Sở Tư pháp", "Thành viên"),
    ];

    public static readonly DateTimeOffset ClosedAt = new(2027, 1, 12, 10, 45, 0, TimeSpan.FromHours(7));

    /// <summary>The conference's leading-unit round: five present, four for the Enforcement Department, one blank.</summary>
    public static VoteCountMinutesInput LeadingUnitMinutes()
    {
        var rules = new VotingRules();
        var round = VoteRules.LeadingUnitRound(Campaign with { Rules = new BlocRules { Voting = rules } }, Ranking) with { Present = 5 };
        var choices = new[] { round.Candidates[0], round.Candidates[0], round.Candidates[0], round.Candidates[1], null };
        var ballots = choices.Select((c, i) => new Ballot(round.RoundKey, $"b{i:00}", c));
        return new VoteCountMinutesInput
        {
            BlocName = BlocName,
            Round = round,
            Tally = VoteRules.Count(round, ballots, rules),
            Rules = rules,
            Members = Members,
            CountingBoard = CountingBoard,
            Place = Place,
            ClosedAt = ClosedAt,
            Number = "01/BB-KTĐNC",
            Recipients = ["Hội đồng Thi đua – Khen thưởng tỉnh", "Các đơn vị thành viên khối", "Lưu: Khối."],
        };
    }

    /// <summary>Acclamation of Home Affairs as next year's leader: four agree, one does not.</summary>
    public static VoteCountMinutesInput LeaderAcclamationMinutes()
    {
        var rules = new VotingRules();
        var round = new VoteRound
        {
            BlocId = "noi-chinh",
            Year = Year,
            Purpose = VotePurpose.Leader,
            RoundNumber = 1,
            Candidates = [HomeAffairs],
            EligibleVoters = 5,
            Present = 5,
        };
        var ballots = new[] { HomeAffairs, HomeAffairs, HomeAffairs, HomeAffairs, null }
            .Select((c, i) => new Ballot(round.RoundKey, $"a{i:00}", c));
        return LeadingUnitMinutes() with { Round = round, Tally = VoteRules.Count(round, ballots, rules), Number = "02/BB-KTĐNC" };
    }

    public static ScoreSummaryInput ScoreSummaryInput() => new()
    {
        Campaign = Campaign,
        Ranking = Ranking,
        Sheets = Sheets,
        Adjustments = Adjustments,
        Place = Place,
        Date = new DateOnly(2026, 12, 5),
        Signatures = [new SignatureBlock("TM. KHỐI THI ĐUA NỘI CHÍNH", "TRƯỞNG KHỐI", "Ông Bùi Đức Thịnh")],
        Recipients = ["Hội đồng Thi đua – Khen thưởng tỉnh", "Các đơn vị thành viên khối", "Lưu: Khối."],
    };

    public static CompactAgreementInput CompactInput() => new()
    {
        Campaign = Campaign,
        Place = Place,
        Date = new DateOnly(2026, 2, 3),
        Signatures =
        [
            new(HomeAffairs, "CN=Hoàng Văn Dũng, O=Sở Nội vụ tỉnh Bắc Kạn", "54010203A1B2C3D4", new(2026, 2, 3, 9, 15, 0, TimeSpan.FromHours(7))),
            new(JudgmentEnforcement, "CN=Bùi Đức Thịnh, O=Cục Thi hành án dân sự tỉnh Bắc Kạn", "54010203A1B2C3D5", new(2026, 2, 3, 8, 30, 0, TimeSpan.FromHours(7))),
        ],
        Representatives = new Dictionary<string, UnitRepresentative>
        {
            [MilitaryCommand] = new("Chính ủy", "Đại tá Nguyễn Văn Thắng"),
            [Police] = new("Phó Giám đốc", "Thượng tá Trần Quốc Huy"),
            [Justice] = new("Giám đốc Sở", "Bà Đỗ Thị Thanh Hương"),
        },
        Recipients = ["Hội đồng Thi đua – Khen thưởng tỉnh", "Lưu: Khối."],
    };

    /// <summary>The year as the conference held it: all five units may be candidates, leader and deputy are elected, the province's own award names.</summary>
    public static Campaign ConferenceCampaign { get; } = Campaign with
    {
        Rules = new BlocRules
        {
            Voting = new VotingRules { CandidateCount = 5 },
            LeaderElection = LeaderElectionMode.Vote,
            DeputyElection = LeaderElectionMode.Vote,
            YearEnd = YearEndMode.Conference,
            Proposals = new ProposalRules
            {
                Levels = [new("co-thi-dua-ubnd-tinh", "Cờ thi đua của UBND tỉnh", 1), new("bang-khen-chu-tich-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh", 2)],
            },
        },
    };

    public static readonly DateTimeOffset ConferenceOpenedAt = new(2027, 1, 12, 8, 30, 0, TimeSpan.FromHours(7));
    public static readonly DateTimeOffset ConferenceClosedAt = new(2027, 1, 12, 11, 15, 0, TimeSpan.FromHours(7));

    /// <summary>
    /// The conference's votes: Home Affairs leading unit with 3 of 5, Judgment Enforcement leader for 2027 with 4 of 5 over
    /// Justice, the Military Command acclaimed deputy by all five.
    /// </summary>
    public static IReadOnlyList<CountedRound> ConferenceVotes()
    {
        var rules = ConferenceCampaign.Rules.Voting;
        var leading = VoteRules.LeadingUnitRound(ConferenceCampaign, Ranking) with { Present = 5 };
        var leader = ElectionRound(VotePurpose.Leader, JudgmentEnforcement, Justice);
        var deputy = ElectionRound(VotePurpose.Deputy, MilitaryCommand);
        return
        [
            Counted(leading, rules, HomeAffairs, HomeAffairs, HomeAffairs, JudgmentEnforcement, Police),
            Counted(leader, rules, JudgmentEnforcement, JudgmentEnforcement, JudgmentEnforcement, JudgmentEnforcement, Justice),
            Counted(deputy, rules, MilitaryCommand, MilitaryCommand, MilitaryCommand, MilitaryCommand, MilitaryCommand),
        ];
    }

    /// <summary>The bloc's proposals: Home Affairs for the flag, the Police and the Military Command for the certificate.</summary>
    public static IReadOnlyList<Proposal> ConferenceProposals { get; } =
    [
        new() { UnitId = HomeAffairs, LevelId = "co-thi-dua-ubnd-tinh", Order = 1 },
        new() { UnitId = Police, LevelId = "bang-khen-chu-tich-ubnd-tinh", Order = 1 },
        new() { UnitId = MilitaryCommand, LevelId = "bang-khen-chu-tich-ubnd-tinh", Order = 2 },
    ];

    public static ConferenceMinutesInput ConferenceMinutesInput() => new()
    {
        Campaign = ConferenceCampaign,
        Place = Place,
        Venue = "Hội trường Sở Nội vụ tỉnh Bắc Kạn",
        Date = new DateOnly(2027, 1, 12),
        OpenedAt = ConferenceOpenedAt,
        ClosedAt = ConferenceClosedAt,
        Attendance =
        [
            new(MilitaryCommand, Attendance.Present),
            new(Police, Attendance.Present),
            new(Justice, Attendance.Represented),
            new(HomeAffairs, Attendance.Present),
            new(JudgmentEnforcement, Attendance.Present),
        ],
        Guests = ["Lãnh đạo Ban Thi đua – Khen thưởng tỉnh"],
        Chair = new("Ông Bùi Đức Thịnh", "Cục trưởng", "Cục Thi hành án dân sự tỉnh"),
        Secretary = new("Bà Lý Thị Hoa", "Chuyên viên", "Sở Nội vụ"),
        Ranking = Ranking,
        Votes = ConferenceVotes(),
        LeadingUnitId = HomeAffairs,
        Leadership = new LeaderChoice(JudgmentEnforcement, MilitaryCommand, ElectedBy.Vote, ElectedBy.Acclamation),
        Proposals = ConferenceProposals,
        Number = "03/BB-KTĐNC",
        Recipients = ["Hội đồng Thi đua – Khen thưởng tỉnh", "Các đơn vị thành viên khối", "Lưu: Khối."],
    };

    public static AwardProposalInput AwardProposalInput() => new()
    {
        Campaign = ConferenceCampaign,
        Ranking = Ranking,
        Proposals = ConferenceProposals,
        Votes = ConferenceVotes(),
        LeadingUnitId = HomeAffairs,
        Signer = new("Cục trưởng", "Ông Bùi Đức Thịnh"),
        CompactDate = new DateOnly(2026, 2, 3),
        ConferenceDate = new DateOnly(2027, 1, 12),
        Place = Place,
        Date = new DateOnly(2027, 1, 15),
        Number = "02/TTr-KTĐNC",
        Recipients = ["Như trên", "Các đơn vị thành viên khối", "Lưu: Khối."],
    };

    private static VoteRound ElectionRound(VotePurpose purpose, params string[] candidates) => new()
    {
        BlocId = "noi-chinh",
        Year = Year,
        Purpose = purpose,
        RoundNumber = 1,
        Candidates = candidates,
        EligibleVoters = 5,
        Present = 5,
    };

    /// <summary>A round counted from the choices given, one ballot each (null for a blank one).</summary>
    public static CountedRound Counted(VoteRound round, VotingRules rules, params string?[] choices) =>
        new(round, VoteRules.Count(round, choices.Select((c, i) => new Ballot(round.RoundKey, $"c{round.RoundNumber}{i:00}", c)), rules));

    private static ScoreSheet Sheet(string unit, int version, decimal p11, decimal p12, decimal p21, decimal p22, decimal bonus, decimal penalty)
    {
        var lines = new List<ScoreLine> { new("1-1", p11), new("1-2", p12), new("2-1", p21), new("2-2", p22) };
        if (bonus > 0)
        {
            lines.Add(new("thuong-1", bonus, "Mô hình \"Dân vận khéo\" được tỉnh công nhận"));
        }

        if (penalty > 0)
        {
            lines.Add(new("tru-1", penalty, "Một công chức bị khiển trách"));
        }

        return new ScoreSheet
        {
            BlocId = "noi-chinh",
            Year = Year,
            UnitId = unit,
            Version = version,
            ClientRequestId = $"{unit}-{version}",
            Lines = lines,
            Totals = ScoreRules.ComputeTotals(Criteria, lines),
            SubmittedAt = Submitted.AddHours(version),
        };
    }
}
