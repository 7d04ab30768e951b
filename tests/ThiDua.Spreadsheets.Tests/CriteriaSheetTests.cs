using System.Text;
using ThiDua.Domain;

namespace ThiDua.Spreadsheets.Tests;

/// <summary>
/// The criteria layout: what the export writes imports as the same table, and every bad file of the issue is
/// refused with problems naming the sheet, the line (as Excel numbers it) and the column letter, in Vietnamese
/// and in English.
/// </summary>
public sealed class CriteriaSheetTests
{
    // The export's layout: title on line 1, "Thang điểm" on line 2, header on line 4, criteria from line 5.
    private static readonly byte[] Good = CriteriaSheet.Write(TestData.Criteria2027, "Bảng tiêu chí chấm điểm năm 2027");

    [Fact]
    public void The_export_imports_as_the_same_table()
    {
        var read = CriteriaSheet.Read(Good);

        Assert.Empty(read.Problems);
        Assert.Equal(TestData.Criteria2027.Scale, read.Value!.Scale);
        Assert.Equal(TestData.Criteria2027.Criteria, read.Value.Criteria);
    }

    [Fact]
    public void Text_kept_in_a_shared_string_table_as_Excel_saves_it_reads_the_same()
    {
        var read = CriteriaSheet.Read(Xlsx.WithSharedStrings(Good));

        Assert.Empty(read.Problems);
        Assert.Equal(TestData.Criteria2027.Criteria, read.Value!.Criteria);
    }

    [Fact]
    public void Cells_without_references_follow_the_one_before_them()
    {
        var file = Xlsx.Change(Good, sheet =>
        {
            foreach (var cell in sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Where(c => c.CellReference!.Value!.EndsWith('7')))
            {
                cell.CellReference = null;
            }
        });

        var read = CriteriaSheet.Read(file);

        Assert.Empty(read.Problems);
        Assert.Equal(TestData.Criteria2027.Criteria, read.Value!.Criteria);
    }

    [Fact]
    public void Fractional_points_typed_as_text_with_a_decimal_comma_are_read()
    {
        var file = Xlsx.Change(Good, sheet =>
        {
            Xlsx.SetText(sheet, "D12", "2,5");
        });

        var read = CriteriaSheet.Read(file);

        Assert.Empty(read.Problems);
        Assert.Equal(2.5m, read.Value!.Find("3-1")!.MaxPoints);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused_as_a_whole_before_any_parsing()
    {
        var read = CriteriaSheet.Read(Encoding.UTF8.GetBytes("Mã tiêu chí,Nội dung tiêu chí,Điểm tối đa\n1-1,Chuyên môn,100\n"));

        var problem = Assert.Single(read.Problems);
        Assert.Null(read.Value);
        Assert.Null(problem.Sheet);
        Assert.Equal("body", problem.Field);
        Assert.Equal(ErrorCodes.InvalidFormat, problem.Code);
        Assert.Contains("không phải là tệp Excel (.xlsx)", problem.Message.Vietnamese, StringComparison.Ordinal);
        Assert.Contains("not a readable Excel (.xlsx) file", problem.Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_2_MB_is_refused_by_its_size()
    {
        var big = new byte[XlsxFile.MaxFileBytes + 1];
        Good.CopyTo(big, 0);

        var problem = Assert.Single(CriteriaSheet.Read(big).Problems);

        Assert.Equal(ErrorCodes.OutOfRange, problem.Code);
        Assert.Contains("tối đa 2 MB", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_declaring_a_huge_part_is_refused_by_the_declared_size()
    {
        var bomb = Xlsx.Zip(("xl/worksheets/sheet1.xml", 64 * 1024 * 1024));
        Assert.True(bomb.Length < XlsxFile.MaxFileBytes, $"The bomb is {bomb.Length} bytes.");

        var problem = Assert.Single(CriteriaSheet.Read(bomb).Problems);

        Assert.Equal(ErrorCodes.OutOfRange, problem.Code);
        Assert.Contains("xl/worksheets/sheet1.xml", problem.Message.Vietnamese, StringComparison.Ordinal);
        Assert.Contains("zip bomb", problem.Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_whose_headers_understate_the_size_is_refused_once_it_inflates_past_them()
    {
        var bomb = Xlsx.Lie(Xlsx.Zip(("xl/worksheets/sheet1.xml", 24 * 1024 * 1024)), "xl/worksheets/sheet1.xml", 1000);

        var problem = Assert.Single(CriteriaSheet.Read(bomb).Problems);

        // Inflating stops at the declared size (.NET's zip reader ends the entry there; the reader's count would
        // refuse more), so the lie costs 1000 bytes and the file is refused as no workbook.
        Assert.Null(problem.Sheet);
        Assert.Equal("body", problem.Field);
    }

    [Fact]
    public void A_zip_without_a_workbook_is_refused()
    {
        var read = CriteriaSheet.Read(Xlsx.Zip(("word/document.xml", 100)));

        var problem = Assert.Single(read.Problems);
        Assert.Null(problem.Sheet);
        Assert.Contains("Excel (.xlsx)", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_sheet_is_named_at_its_first_cell()
    {
        var problem = Assert.Single(CriteriaSheet.Read(Xlsx.EmptySheet("Tiêu chí 2027")).Problems);

        Assert.Equal(("Tiêu chí 2027", 1, "A"), (problem.Sheet, problem.Row, problem.Column));
        Assert.Equal("Trang tính 'Tiêu chí 2027', dòng 1, cột A: Trang tính trống: không có ô nào có nội dung.", problem.Message.Vietnamese);
        Assert.Equal("Sheet 'Tiêu chí 2027', line 1, column A: The sheet is empty: no cell holds anything.", problem.Message.English);
    }

    [Fact]
    public void A_missing_column_is_named_on_the_header_line()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.SetText(sheet, "D4", "Ghi chú"));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.Equal((CriteriaSheet.SheetName, 4, "F"), (problem.Sheet, problem.Row, problem.Column));
        Assert.Contains("Thiếu cột 'Điểm tối đa'", problem.Message.Vietnamese, StringComparison.Ordinal);
        Assert.Contains("Column 'Maximum points' is missing", problem.Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Merged_cells_in_the_criteria_are_named_by_their_first_cell()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.Merge(sheet, "B5:B7"));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.Equal((CriteriaSheet.SheetName, 5, "B"), (problem.Sheet, problem.Row, problem.Column));
        Assert.Contains("Các ô B5:B7 được gộp", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merged_title_above_the_header_is_accepted()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.Merge(sheet, "A1:E1"));

        Assert.Empty(CriteriaSheet.Read(file).Problems);
    }

    [Fact]
    public void A_formula_is_refused_at_its_cell_even_with_its_value_saved()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.Formula(sheet, "D6", "10+5", "15"));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.Equal((CriteriaSheet.SheetName, 6, "D"), (problem.Sheet, problem.Row, problem.Column));
        Assert.Contains("công thức", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void A_formula_for_the_scale_is_refused_at_the_scale_cell()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.Formula(sheet, "B2", "SUM(D5:D11)", "100"));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.Equal((CriteriaSheet.SheetName, 2, "B"), (problem.Sheet, problem.Row, problem.Column));
    }

    [Fact]
    public void Points_above_the_scale_are_named_at_their_cell()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.SetNumber(sheet, "D13", 150));

        var problems = CriteriaSheet.Read(file).Problems;

        var problem = Assert.Single(problems);
        Assert.Equal((CriteriaSheet.SheetName, 13, "D", "criteria[8].maxPoints"), (problem.Sheet, problem.Row, problem.Column, problem.Field));
        Assert.Equal("Trang tính 'Tiêu chí', dòng 13, cột D: Điểm tối đa 150 lớn hơn thang điểm 100.", problem.Message.Vietnamese);
    }

    [Fact]
    public void A_duplicate_criterion_id_is_named_at_its_second_line()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.SetText(sheet, "A6", "1-1"));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.Equal((CriteriaSheet.SheetName, 6, "A", ErrorCodes.Duplicate), (problem.Sheet, problem.Row, problem.Column, problem.Code));
        Assert.Contains("'1-1'", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void Maxima_that_do_not_add_up_to_the_scale_are_named_at_the_scale()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.SetNumber(sheet, "B2", 1000));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.Equal((2, "B", ErrorCodes.Mismatch), (problem.Row, problem.Column, problem.Code));
        Assert.Contains("không bằng thang điểm 1000", problem.Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_cell_of_a_file_is_listed_at_once()
    {
        var file = Xlsx.Change(Good, sheet =>
        {
            Xlsx.SetText(sheet, "D5", "ba mươi");
            Xlsx.SetText(sheet, "E6", "khuyến khích");
            Xlsx.SetText(sheet, "A7", "1.3");
        });

        var problems = CriteriaSheet.Read(file).Problems;

        Assert.Equal(["D5", "E6"], problems.Select(p => p.Column + p.Row));
        Assert.Contains("'ba mươi' không phải là số điểm", problems[0].Message.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_id_is_named_at_its_cell_once_the_cells_read()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.SetText(sheet, "A7", "1.3"));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.Equal((7, "A", "criteria[2].id"), (problem.Row, problem.Column, problem.Field));
    }

    [Fact]
    public void Every_message_is_NFC_in_both_languages()
    {
        var file = Xlsx.Change(Good, sheet => Xlsx.SetNumber(sheet, "D13", 150));

        var problem = Assert.Single(CriteriaSheet.Read(file).Problems);

        Assert.True(problem.Message.Vietnamese.IsNormalized(NormalizationForm.FormC));
        Assert.DoesNotContain("row", problem.Message.English, StringComparison.OrdinalIgnoreCase);
    }
}
