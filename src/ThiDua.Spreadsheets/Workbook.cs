using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ThiDua.Spreadsheets;

/// <summary>A value of one cell to write: text, a number or a date and time (shown as dd/mm/yyyy hh:mm).</summary>
public sealed record SheetCell
{
    private SheetCell()
    {
    }

    public string? Text { get; private init; }

    public decimal? Number { get; private init; }

    public DateTime? Date { get; private init; }

    public static SheetCell Of(string? text) => new() { Text = text ?? "" };

    public static SheetCell Of(decimal number) => new() { Number = number };

    /// <summary>A date and time as people read it where the sheet is used (pass Vietnam time, not UTC).</summary>
    public static SheetCell Of(DateTime date) => new() { Date = date };
}

/// <summary>
/// One sheet to write: its name, a title line, optional label–value lines under it (for example "Thang điểm | 100"),
/// then a bold header line, frozen, and the lines of cells. <see cref="ColumnWidths"/> are in characters.
/// </summary>
public sealed record SheetTable
{
    public required string Name { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<IReadOnlyList<SheetCell>> Lines { get; init; } = [];

    public required IReadOnlyList<string> Header { get; init; }

    public IReadOnlyList<IReadOnlyList<SheetCell>> Rows { get; init; } = [];

    public IReadOnlyList<double> ColumnWidths { get; init; } = [];

    /// <summary>The 1-based line of the header: after the title, the label–value lines and one blank line between.</summary>
    public int HeaderRow => (Title is null ? 0 : 1) + (Lines.Count == 0 ? 0 : Lines.Count + 1) + 1;
}

/// <summary>The one .xlsx writer (SheetWriter): plain sheets with a title, a bold frozen header, widths; no formulas, no merged cells.</summary>
public static class Workbook
{
    private const uint BoldStyle = 1;
    private const uint DateStyle = 2;
    private const uint TitleStyle = 3;
    private const uint WrapStyle = 4;

    /// <summary>Writes <paramref name="sheets"/> in order as one .xlsx workbook to <paramref name="output"/>.</summary>
    public static void Write(Stream output, IReadOnlyList<SheetTable> sheets)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Count == 0)
        {
            throw new ArgumentException("A workbook needs at least one sheet.", nameof(sheets));
        }

        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetList = new Sheets();
            for (var i = 0; i < sheets.Count; i++)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheets[i]);
                sheetList.Append(new Sheet { Name = sheets[i].Name, SheetId = (uint)(i + 1), Id = workbookPart.GetIdOfPart(part) });
            }

            workbookPart.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(sheetList);
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>The .xlsx bytes of <paramref name="sheets"/>.</summary>
    public static byte[] Write(IReadOnlyList<SheetTable> sheets)
    {
        using var output = new MemoryStream();
        Write(output, sheets);
        return output.ToArray();
    }

    private static Worksheet Worksheet(SheetTable table)
    {
        var data = new SheetData();
        var row = 0;
        if (table.Title is not null)
        {
            data.Append(Row(++row, [SheetCell.Of(table.Title)], TitleStyle));
        }

        foreach (var line in table.Lines)
        {
            data.Append(Row(++row, line, null));
        }

        if (table.Lines.Count > 0)
        {
            row++;
        }

        data.Append(Row(++row, [.. table.Header.Select(SheetCell.Of)], BoldStyle));
        var headerRow = row;
        foreach (var line in table.Rows)
        {
            data.Append(Row(++row, line, null));
        }

        var worksheet = new Worksheet();
        worksheet.Append(new SheetViews(new SheetView(
            new Pane
            {
                VerticalSplit = headerRow,
                TopLeftCell = CellAddress.Of(headerRow + 1, 1),
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = CellAddress.Of(headerRow + 1, 1), SequenceOfReferences = new ListValue<StringValue>([CellAddress.Of(headerRow + 1, 1)]) })
        { WorkbookViewId = 0 }));
        if (table.ColumnWidths.Count > 0)
        {
            var columns = new Columns();
            for (var i = 0; i < table.ColumnWidths.Count; i++)
            {
                columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = table.ColumnWidths[i], CustomWidth = true });
            }

            worksheet.Append(columns);
        }

        worksheet.Append(data);
        return worksheet;
    }

    private static Row Row(int index, IReadOnlyList<SheetCell> cells, uint? style)
    {
        var row = new Row { RowIndex = (uint)index };
        for (var i = 0; i < cells.Count; i++)
        {
            var reference = CellAddress.Of(index, i + 1);
            var value = cells[i];
            Cell cell;
            if (value.Number is { } number)
            {
                cell = new Cell { CellReference = reference, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) };
            }
            else if (value.Date is { } date)
            {
                cell = new Cell { CellReference = reference, CellValue = new CellValue(date.ToOADate().ToString("R", CultureInfo.InvariantCulture)), StyleIndex = DateStyle };
            }
            else if (string.IsNullOrEmpty(value.Text))
            {
                continue;
            }
            else
            {
                cell = new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value.Text) { Space = SpaceProcessingModeValues.Preserve }) };
                cell.StyleIndex = style ?? (value.Text.Length > 60 ? WrapStyle : null);
            }

            if (style is not null && value.Date is null)
            {
                cell.StyleIndex = style;
            }

            row.Append(cell);
        }

        return row;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy hh:mm" }) { Count = 1 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Times New Roman" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Times New Roman" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Times New Roman" }))
        { Count = 3 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0, FontId = 2, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true })
        { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
