using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace ThiDua.Spreadsheets.Tests;

/// <summary>The committed test data and templates read back as what they were written from, and are valid .xlsx.</summary>
public sealed class TestDataFiles
{
    private static readonly bool Write = Environment.GetEnvironmentVariable("THIDUA_WRITE_TEST_DATA") == "1";

    [Fact]
    public void The_units_file_lists_the_five_units_of_the_bloc_with_their_contacts()
    {
        var path = Path.Combine(TestData.Folder, "don-vi.xlsx");
        if (Write)
        {
            File.WriteAllBytes(path, UnitsSheet.Write(TestData.Units, $"Danh sách đơn vị thành viên – {TestData.BlocName}"));
        }

        var read = UnitsSheet.ReadXlsx(File.ReadAllBytes(path));

        Assert.Empty(read.Problems);
        AssertSameUnits(TestData.Units, read.Value!);
        AssertValidXlsx(path);
    }

    [Fact]
    public void The_units_csv_holds_the_same_units_in_utf8_with_a_header_line()
    {
        var path = Path.Combine(TestData.Folder, "don-vi.csv");
        if (Write)
        {
            File.WriteAllText(path, UnitsSheet.WriteCsv(TestData.Units), new UTF8Encoding(false));
        }

        var bytes = File.ReadAllBytes(path);
        var read = UnitsSheet.ReadCsv(bytes);

        Assert.Empty(read.Problems);
        AssertSameUnits(TestData.Units, read.Value!);
        Assert.StartsWith("Mã đơn vị,Tên đơn vị,Người liên hệ,Chức vụ,Thư điện tử", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void The_2027_criteria_file_reads_as_the_bloc_table_on_a_scale_of_100()
    {
        var path = Path.Combine(TestData.Folder, "tieu-chi-2027.xlsx");
        if (Write)
        {
            File.WriteAllBytes(path, CriteriaSheet.Write(TestData.Criteria2027, $"Bảng tiêu chí chấm điểm năm 2027 – {TestData.BlocName}"));
        }

        var read = CriteriaSheet.Read(File.ReadAllBytes(path));

        Assert.Empty(read.Problems);
        Assert.Equal(100, read.Value!.Scale);
        Assert.Equal(TestData.Criteria2027.Criteria, read.Value.Criteria);
        Assert.Empty(read.Value.Validate());
        AssertValidXlsx(path);
    }

    [Theory]
    [InlineData("tieu-chi-cham-diem.xlsx")]
    [InlineData("danh-sach-don-vi.xlsx")]
    public void The_templates_in_the_repository_are_the_ones_the_api_serves_and_import_cleanly(string file)
    {
        var path = Path.Combine(TestData.Folder, "..", "..", "..", "docs", "templates", file);
        var template = file.StartsWith("tieu-chi", StringComparison.Ordinal) ? CriteriaSheet.Template() : UnitsSheet.Template();
        if (Write)
        {
            File.WriteAllBytes(path, template);
        }

        var committed = File.ReadAllBytes(path);
        if (file.StartsWith("tieu-chi", StringComparison.Ordinal))
        {
            Assert.Equal(CriteriaSheet.Read(template).Value!.Criteria, CriteriaSheet.Read(committed).Value!.Criteria);
        }
        else
        {
            AssertSameUnits(UnitsSheet.ReadXlsx(template).Value!, UnitsSheet.ReadXlsx(committed).Value!);
        }

        AssertValidXlsx(path);
    }

    private static void AssertSameUnits(IReadOnlyList<UnitEntry> expected, IReadOnlyList<UnitEntry> actual)
    {
        Assert.Equal(expected.Select(u => (u.UnitId, u.Name)), actual.Select(u => (u.UnitId, u.Name)));
        Assert.Equal(expected.SelectMany(u => u.Contacts), actual.SelectMany(u => u.Contacts));
        Assert.All(actual, u => Assert.True(u.Name.IsNormalized(NormalizationForm.FormC)));
    }

    internal static void AssertValidXlsx(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
