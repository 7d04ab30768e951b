namespace ThiDua.Domain.Tests;

/// <summary>The "Nội chính" bloc of the January 2018 example, as a 2026 campaign.</summary>
internal static class Fixtures
{
    public const string Military = "bo-chi-huy-quan-su-tinh";
    public const string Police = "cong-an-tinh";
    public const string Justice = "so-tu-phap";
    public const string HomeAffairs = "so-noi-vu";
    public const string Enforcement = "cuc-thi-hanh-an-dan-su";

    public static readonly IReadOnlyList<CampaignMember> Members =
    [
        new(Military, "Bộ Chỉ huy Quân sự tỉnh"),
        new(Police, "Công an tỉnh"),
        new(Justice, "Sở Tư pháp"),
        new(HomeAffairs, "Sở Nội vụ"),
        new(Enforcement, "Cục Thi hành án dân sự tỉnh"),
    ];

    public static CriteriaTable Criteria { get; } = new()
    {
        Scale = 100,
        Criteria =
        [
            new Criterion { Id = "1-1", Group = "I. Nhiệm vụ chuyên môn", Title = "Hoàn thành chỉ tiêu kế hoạch năm", MaxPoints = 40 },
            new Criterion { Id = "1-2", Group = "I. Nhiệm vụ chuyên môn", Title = "Cải cách hành chính, chuyển đổi số", MaxPoints = 30 },
            new Criterion { Id = "2-1", Group = "II. Công tác thi đua", Title = "Tổ chức phong trào thi đua", MaxPoints = 30 },
            new Criterion { Id = "thuong", Group = "III. Điểm thưởng", Title = "Được khen thưởng đột xuất", MaxPoints = 5, Kind = CriterionKind.Bonus },
            new Criterion { Id = "tru", Group = "IV. Điểm trừ", Title = "Vi phạm kỷ luật, chậm báo cáo", MaxPoints = 10, Kind = CriterionKind.Penalty },
        ],
    };

    public static Campaign Campaign(BlocRules? rules = null) => new()
    {
        BlocId = "noi-chinh",
        BlocName = "Nội chính",
        Year = 2026,
        LeaderUnitId = HomeAffairs,
        DeputyUnitId = Enforcement,
        Members = Members,
        Commitments =
        [
            "Thực hiện tốt nhiệm vụ chính trị được giao.",
            "Đẩy mạnh cải cách hành chính & chuyển đổi số.",
        ],
        Criteria = Criteria,
        Schedule = CampaignSchedule.ForYear(2026, 1, 15, new ScheduleRules()),
        Rules = rules ?? new BlocRules(),
    };

    public static ScoreSubmission Submission(string unitId, decimal c11 = 35, decimal c12 = 25, decimal c21 = 28, decimal bonus = 0, decimal penalty = 0, string request = "req-1")
    {
        var lines = new List<ScoreLine> { new("1-1", c11), new("1-2", c12), new("2-1", c21) };
        if (bonus > 0)
        {
            lines.Add(new("thuong", bonus, "Bằng khen của Thủ tướng Chính phủ"));
        }

        if (penalty > 0)
        {
            lines.Add(new("tru", penalty, "Chậm gửi báo cáo quý III"));
        }

        return new ScoreSubmission { BlocId = "noi-chinh", Year = 2026, UnitId = unitId, ClientRequestId = request, Lines = lines };
    }

    public static ScoreSheet Sheet(Campaign campaign, string unitId, DateTimeOffset at, decimal c11 = 35, decimal c12 = 25, decimal c21 = 28, decimal bonus = 0, decimal penalty = 0, int version = 1) =>
        ScoreRules.CreateSheet(Submission(unitId, c11, c12, c21, bonus, penalty, $"req-{version}"), campaign, version, at);

    public static DateTimeOffset At(int day, int hour = 9) => new(2026, 12, day, hour, 0, 0, TimeSpan.Zero);
}
