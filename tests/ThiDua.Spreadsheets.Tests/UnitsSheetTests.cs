using System.Text;
using ThiDua.Domain;

namespace ThiDua.Spreadsheets.Tests;

/// <summary>The units layout, in .xlsx and CSV: one line per contact, problems at their cells.</summary>
public sealed class UnitsSheetTests
{
    [Fact]
    public void The_xlsx_and_the_csv_of_the_same_units_read_the_same()
    {
        var xlsx = UnitsSheet.ReadXlsx(UnitsSheet.Write(TestData.Units, "Danh sách"));
        var csv = UnitsSheet.ReadCsv(Encoding.UTF8.GetBytes(UnitsSheet.WriteCsv(TestData.Units)));

        Assert.Equal(TestData.Units.Select(u => (u.UnitId, u.Name, string.Join("|", u.Contacts))), xlsx.Value!.Select(u => (u.UnitId, u.Name, string.Join("|", u.Contacts))));
        Assert.Equal(xlsx.Value!.Select(u => (u.UnitId, u.Name, string.Join("|", u.Contacts))), csv.Value!.Select(u => (u.UnitId, u.Name, string.Join("|", u.Contacts))));
    }

    [Fact]
    public void A_csv_saved_by_excel_with_semicolons_and_a_byte_order_mark_is_read()
    {
        var text = "\uFEFFMã đơn vị;Tên đơn vị;Người liên hệ;Chức vụ;Thư điện tử\r\nso-y-te;\"Sở Y tế; tỉnh\";Trần Thị Mai;;mai@example.gov.vn\r\n";

        var read = UnitsSheet.ReadCsv(Encoding.UTF8.GetBytes(text));

        var unit = Assert.Single(read.Value!);
        Assert.Equal(("so-y-te", "Sở Y tế; tỉnh"), (unit.UnitId, unit.Name));
        Assert.Equal(new Contact("Trần Thị Mai", "mai@example.gov.vn", ""), Assert.Single(unit.Contacts));
    }

    [Fact]
    public void A_contact_without_an_email_is_named_at_the_email_cell_of_its_line()
    {
        var text = "Mã đơn vị,Tên đơn vị,Người liên hệ,Chức vụ,Thư điện tử\nso-y-te,Sở Y tế,Trần Thị Mai,,mai@example.gov.vn\nso-y-te,,Hoàng Quốc Việt,,\n";

        var problem = Assert.Single(UnitsSheet.ReadCsv(Encoding.UTF8.GetBytes(text)).Problems);

        Assert.Equal((CsvFile.SheetName, 3, "E", "units[0].contacts[1].email"), (problem.Sheet, problem.Row, problem.Column, problem.Field));
    }

    [Fact]
    public void Two_names_for_one_unit_are_refused_at_the_second()
    {
        var text = "Mã đơn vị,Tên đơn vị,Người liên hệ,Chức vụ,Thư điện tử\nso-y-te,Sở Y tế,A,,a@example.gov.vn\nso-y-te,Sở Giáo dục,B,,b@example.gov.vn\n";

        var problem = Assert.Single(UnitsSheet.ReadCsv(Encoding.UTF8.GetBytes(text)).Problems);

        Assert.Equal((3, "B", ErrorCodes.Mismatch), (problem.Row, problem.Column, problem.Code));
        Assert.Contains("dòng 2", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_unit_id_is_named_at_its_cell()
    {
        var text = "Mã đơn vị,Tên đơn vị\nSở Y tế,Sở Y tế\n";

        var problem = Assert.Single(UnitsSheet.ReadCsv(Encoding.UTF8.GetBytes(text)).Problems);

        Assert.Equal((2, "A", "units[0].unitId"), (problem.Row, problem.Column, problem.Field));
    }

    [Fact]
    public void A_csv_that_is_not_utf8_is_refused_with_how_to_save_it()
    {
        var latin1 = Encoding.Latin1.GetBytes("Mã đơn vị,Tên đơn vị\nso-y-te,Sở Y tế\n".Replace("đ", "d", StringComparison.Ordinal).Replace("ở", "o", StringComparison.Ordinal).Replace("ế", "e", StringComparison.Ordinal).Replace("ã", "\u00e3", StringComparison.Ordinal));

        var problem = Assert.Single(UnitsSheet.ReadCsv(latin1).Problems);

        Assert.Contains("CSV UTF-8", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_line_without_the_name_column_is_refused()
    {
        var text = "Mã đơn vị,Người liên hệ,Thư điện tử\nso-y-te,A,a@example.gov.vn\n";

        var problem = Assert.Single(UnitsSheet.ReadCsv(Encoding.UTF8.GetBytes(text)).Problems);

        Assert.Equal((1, "D"), (problem.Row, problem.Column));
        Assert.Contains("Tên đơn vị", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void Merged_cells_in_a_units_workbook_are_refused()
    {
        var file = Xlsx.Change(UnitsSheet.Write(TestData.Units, "Danh sách"), sheet => Xlsx.Merge(sheet, "B3:B4"));

        var problem = Assert.Single(UnitsSheet.ReadXlsx(file).Problems);

        Assert.Equal((3, "B"), (problem.Row, problem.Column));
    }
}
