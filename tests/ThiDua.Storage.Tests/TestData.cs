using ThiDua.Domain;

namespace ThiDua.Storage.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static Bloc Bloc(string id = "noi-chinh", bool active = true) => new()
    {
        BlocId = id,
        Name = "Nội chính",
        MemberUnitIds = ["bo-chi-huy-quan-su", "cong-an-tinh", "so-tu-phap", "so-noi-vu", "cuc-thi-hanh-an"],
        RotationOrder = ["so-noi-vu", "cuc-thi-hanh-an", "so-tu-phap"],
        Active = active,
    };

    public static MemberUnit Unit(string id = "so-tu-phap", string blocId = "noi-chinh", int contacts = 1) => new()
    {
        UnitId = id,
        BlocId = blocId,
        Name = "Sở Tư pháp",
        Contacts = Enumerable.Range(0, contacts).Select(i => new Contact($"Nguyễn Văn {i}", $"vanphong{i}@stp.example.vn", "Chánh Văn phòng")).ToList(),
    };

    public static Campaign Campaign(string blocId = "noi-chinh", int year = 2026, string leader = "so-noi-vu") => new()
    {
        BlocId = blocId,
        BlocName = "Nội chính",
        Year = year,
        LeaderUnitId = leader,
        Members = [new("so-noi-vu", "Sở Nội vụ"), new("so-tu-phap", "Sở Tư pháp"), new("cong-an-tinh", "Công an tỉnh")],
        Commitments = ["Hoàn thành xuất sắc nhiệm vụ chính trị được giao."],
        Criteria = new CriteriaTable
        {
            Scale = 100,
            Criteria =
            [
                new Criterion { Id = "1-1", Group = "I. Thực hiện nhiệm vụ chuyên môn", Title = "Kết quả công tác chuyên môn", MaxPoints = 60 },
                new Criterion { Id = "1-2", Group = "II. Công tác thi đua", Title = "Phong trào thi đua", MaxPoints = 40 },
                new Criterion { Id = "t-1", Title = "Điểm thưởng", MaxPoints = 5, Kind = CriterionKind.Bonus },
            ],
        },
        Schedule = new CampaignSchedule
        {
            LaunchAt = new DateTimeOffset(2026, 1, 15, 1, 0, 0, TimeSpan.Zero),
            SigningDeadline = new DateTimeOffset(2026, 1, 31, 16, 59, 59, TimeSpan.Zero),
            ScoringDeadline = new DateTimeOffset(2026, 12, 15, 16, 59, 59, TimeSpan.Zero),
            ReviewDeadline = new DateTimeOffset(2026, 12, 22, 16, 59, 59, TimeSpan.Zero),
            VotingDeadline = new DateTimeOffset(2026, 12, 29, 16, 59, 59, TimeSpan.Zero),
            VoteRoundDuration = TimeSpan.FromDays(1),
            LeaderElectionDeadline = new DateTimeOffset(2027, 1, 5, 16, 59, 59, TimeSpan.Zero),
            ArchiveAt = new DateTimeOffset(2027, 1, 12, 1, 0, 0, TimeSpan.Zero),
        },
    };

    /// <summary>A draft sheet; the store assigns the version.</summary>
    public static ScoreSheet Draft(string unitId, string clientRequestId, decimal points = 50, string blocId = "noi-chinh", int year = 2026) => new()
    {
        BlocId = blocId,
        Year = year,
        UnitId = unitId,
        Version = 0,
        ClientRequestId = clientRequestId,
        Lines = [new ScoreLine("1-1", points), new ScoreLine("1-2", 30)],
        Totals = new ScoreTotals(points + 30, 0, 0, points + 30),
        SubmittedAt = Now,
    };
}
