using ThiDua.Azurite;
using ThiDua.Domain;

namespace ThiDua.Spreadsheets.Tests;

/// <summary>
/// The files of tests/data/khoi-van-hoa-xa-hoi that the API, portal and CLI tests upload: a bloc that is not the
/// demo's, its five units and its 2027 criteria. They are committed; <see cref="TestDataFiles"/> checks they read as
/// written here and rewrites them when THIDUA_WRITE_TEST_DATA=1.
/// </summary>
public static class TestData
{
    public const string BlocName = "Khối Văn hóa – Xã hội";

    public static string Folder => Path.Combine(RepositoryRoot.Locate(), "tests", "data", "khoi-van-hoa-xa-hoi");

    public static IReadOnlyList<UnitEntry> Units { get; } =
    [
        new("so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch",
        [
            new("Lê Thị Thu Hà", "vanphong.svhttdl@example.gov.vn", "Chánh Văn phòng"),
            new("Phạm Minh Tuấn", "thidua.svhttdl@example.gov.vn", "Chuyên viên thi đua – khen thưởng"),
        ]),
        new("so-giao-duc", "Sở Giáo dục và Đào tạo",
        [
            new("Nguyễn Văn Đức", "vanphong.sgddt@example.gov.vn", "Chánh Văn phòng"),
        ]),
        new("so-y-te", "Sở Y tế",
        [
            new("Trần Thị Mai", "vanphong.syt@example.gov.vn", "Phó Chánh Văn phòng"),
            new("Hoàng Quốc Việt", "tckt.syt@example.gov.vn", "Trưởng phòng Tổ chức cán bộ"),
        ]),
        new("so-lao-dong", "Sở Lao động – Thương binh và Xã hội",
        [
            new("Đặng Thị Hồng", "vanphong.sldtbxh@example.gov.vn", "Chánh Văn phòng"),
        ]),
        new("dai-phat-thanh", "Đài Phát thanh và Truyền hình tỉnh",
        [
            new("Vũ Đình Khôi", "vanphong.ptth@example.gov.vn", "Chánh Văn phòng"),
            new("Bùi Thanh Hương", "thidua.ptth@example.gov.vn", "Chuyên viên"),
        ]),
    ];

    public static CriteriaTable Criteria2027 { get; } = new()
    {
        Scale = 100,
        Criteria =
        [
            Line("1-1", "I. Thực hiện nhiệm vụ chuyên môn", "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được giao trong năm", 30),
            Line("1-2", "I. Thực hiện nhiệm vụ chuyên môn", "Tham mưu ban hành văn bản, chương trình, đề án của ngành đúng tiến độ", 15),
            Line("1-3", "I. Thực hiện nhiệm vụ chuyên môn", "Cải cách hành chính, chuyển đổi số trong lĩnh vực của ngành", 15),
            Line("2-1", "II. Xây dựng cơ quan, đơn vị và phong trào thi đua", "Tổ chức phát động, triển khai phong trào thi đua của khối", 10),
            Line("2-2", "II. Xây dựng cơ quan, đơn vị và phong trào thi đua", "Xây dựng tổ chức đảng, đoàn thể trong sạch, vững mạnh", 10),
            Line("2-3", "II. Xây dựng cơ quan, đơn vị và phong trào thi đua", "Thực hiện chế độ thông tin, báo cáo đúng thời hạn", 10),
            Line("2-4", "II. Xây dựng cơ quan, đơn vị và phong trào thi đua", "Tham gia đầy đủ các hoạt động chung của khối", 10),
            Line("3-1", "III. Điểm thưởng, điểm trừ", "Sáng kiến, mô hình mới được cấp tỉnh trở lên công nhận", 5, CriterionKind.Bonus),
            Line("3-2", "III. Điểm thưởng, điểm trừ", "Để xảy ra sai phạm bị cơ quan có thẩm quyền kết luận", 10, CriterionKind.Penalty),
        ],
    };

    private static Criterion Line(string id, string group, string title, decimal max, CriterionKind kind = CriterionKind.Regular) =>
        new() { Id = id, Group = group, Title = title, MaxPoints = max, Kind = kind };
}
