using ThiDua.Api.Endpoints;
using ThiDua.Domain;

namespace ThiDua.Cli.Demo;

/// <summary>A member unit of the demo bloc and its contacts.</summary>
public sealed record DemoUnit(string UnitId, string Name, IReadOnlyList<Contact> Contacts);

/// <summary>
/// The "Nội chính" bloc of the January 2018 provincial example: the Provincial Military Command,
/// the Provincial Police, the Departments of Justice and of Home Affairs, and the Provincial Civil
/// Judgment Enforcement Department, which the bloc elected leader for 2018.
/// </summary>
public static class NoiChinhBloc
{
    public const string BlocId = "noi-chinh";
    public const string Name = "Nội chính";
    public const string MilitaryCommand = "bch-quan-su-tinh";
    public const string Police = "cong-an-tinh";
    public const string Justice = "so-tu-phap";
    public const string HomeAffairs = "so-noi-vu";
    public const string JudgmentEnforcement = "cuc-thads-tinh";

    public static IReadOnlyList<DemoUnit> Units { get; } =
    [
        new(MilitaryCommand, "Bộ Chỉ huy Quân sự tỉnh", [new("Đại tá Nguyễn Văn Thắng", "thanh.nv@bchqs.noichinh.example", "Chính ủy"), new("Thiếu tá Lê Thị Hồng", "hong.lt@bchqs.noichinh.example", "Trợ lý thi đua")]),
        new(Police, "Công an tỉnh", [new("Thượng tá Trần Quốc Huy", "huy.tq@congan.noichinh.example", "Phó Giám đốc"), new("Đại úy Phạm Thu Hà", "ha.pt@congan.noichinh.example", "Cán bộ thi đua")]),
        new(Justice, "Sở Tư pháp", [new("Bà Đỗ Thị Thanh Hương", "huong.dtt@stp.noichinh.example", "Giám đốc Sở"), new("Ông Vũ Minh Đức", "duc.vm@stp.noichinh.example", "Chánh Văn phòng")]),
        new(HomeAffairs, "Sở Nội vụ", [new("Ông Hoàng Văn Dũng", "dung.hv@snv.noichinh.example", "Giám đốc Sở"), new("Bà Ngô Thị Lan", "lan.nt@snv.noichinh.example", "Trưởng ban Thi đua - Khen thưởng")]),
        new(JudgmentEnforcement, "Cục Thi hành án dân sự tỉnh", [new("Ông Bùi Đức Thịnh", "thinh.bd@thads.noichinh.example", "Cục trưởng"), new("Bà Đặng Thị Mai", "mai.dt@thads.noichinh.example", "Chánh Văn phòng")]),
    ];

    /// <summary>Leadership rotates in this order: after the Enforcement Department comes Home Affairs.</summary>
    public static IReadOnlyList<string> RotationOrder { get; } = [JudgmentEnforcement, HomeAffairs, Police, MilitaryCommand, Justice];

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

    /// <summary>Where the bloc sits, as its documents print it ("Bắc Kạn, ngày … tháng … năm …").</summary>
    public const string Place = "Bắc Kạn";

    /// <summary>
    /// The bloc as council staff register it; <paramref name="reminderOffsets"/> compress the reminders to seconds for the demo. With <paramref name="atConference"/> it holds its year-end votes at
    /// the conference and elects its leader and deputy there (the demo); otherwise it votes by deadline and
    /// rotates its leadership (the defaults).
    /// </summary>
    public static BlocRequest BlocRequest(IReadOnlyList<TimeSpan> reminderOffsets, bool atConference = false) => new()
    {
        Name = Name,
        MemberUnitIds = Units.Select(u => u.UnitId).ToList(),
        RotationOrder = RotationOrder,
        Rules = atConference
            ? new BlocRules
            {
                ReminderOffsets = reminderOffsets,
                YearEnd = YearEndMode.Conference,
                LeaderElection = LeaderElectionMode.Vote,
                DeputyElection = LeaderElectionMode.Vote,
                Documents = new DocumentRules { Place = Place },
            }
            : new BlocRules { ReminderOffsets = reminderOffsets, Documents = new DocumentRules { Place = Place } },
    };
}
