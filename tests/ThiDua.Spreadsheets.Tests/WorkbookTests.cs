using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ThiDua.Spreadsheets.Tests;

/// <summary>The generic writer: what a summary download needs, valid for Excel.</summary>
public sealed class WorkbookTests
{
    [Fact]
    public void A_summary_sheet_has_its_title_a_bold_frozen_header_numbers_and_dates()
    {
        var path = Path.Combine(Path.GetTempPath(), $"summary-{Guid.NewGuid():N}.xlsx");
        try
        {
            using (var file = File.Create(path))
            {
                Workbook.Write(file,
                [
                    new SheetTable
                    {
                        Name = "Năm 2027",
                        Title = "Tổng hợp các khối thi đua năm 2027",
                        Header = ["Khối thi đua", "Thành viên", "Thời hạn tiếp theo"],
                        Rows = [[SheetCell.Of("Khối Văn hóa – Xã hội"), SheetCell.Of(5m), SheetCell.Of(new DateTime(2027, 3, 15, 17, 0, 0, DateTimeKind.Unspecified))]],
                        ColumnWidths = [40, 12, 20],
                    },
                ]);
            }

            TestDataFiles.AssertValidXlsx(path);
            using var document = SpreadsheetDocument.Open(path, false);
            var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
            var pane = sheet.Descendants<Pane>().Single();
            Assert.Equal((2d, PaneStateValues.Frozen), (pane.VerticalSplit!.Value, pane.State!.Value));
            var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
            Assert.Equal("Khối thi đua", cells["A2"].InnerText);
            Assert.Equal("5", cells["B3"].CellValue!.Text);
            Assert.Equal(new DateTime(2027, 3, 15, 17, 0, 0), DateTime.FromOADate(double.Parse(cells["C3"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal("Năm 2027", document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
