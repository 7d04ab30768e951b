using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ThiDua.Domain;

namespace ThiDua.Spreadsheets;

/// <summary>
/// Opens an uploaded .xlsx without trusting it. Before OpenXml parses anything: the size, the zip signature, the
/// number of entries, and every entry's uncompressed size, declared and actual (inflated with a cap), so a zip bomb
/// is refused having cost at most the cap. Then the first sheet's cells are read as text and numbers; formulas and
/// merged ranges are kept as facts for the layouts to refuse where they matter.
/// </summary>
public static class XlsxFile
{
    /// <summary>The largest file accepted, in bytes.</summary>
    public const int MaxFileBytes = 2 * 1024 * 1024;

    /// <summary>The largest uncompressed entry (a sheet's XML), in bytes.</summary>
    public const long MaxEntryBytes = 16L * 1024 * 1024;

    /// <summary>The most uncompressed bytes of all entries together.</summary>
    public const long MaxTotalBytes = 40L * 1024 * 1024;

    /// <summary>The most entries a workbook of these layouts may have.</summary>
    public const int MaxEntries = 200;

    /// <summary>The media type of .xlsx files.</summary>
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The first sheet of the workbook in <paramref name="bytes"/>, or the problem that refuses the file.</summary>
    internal static SheetRead<SheetGrid> ReadFirstSheet(byte[] bytes)
    {
        if (bytes.Length > MaxFileBytes)
        {
            return SheetRead<SheetGrid>.Refused(TooLarge());
        }

        if (bytes.Length == 0)
        {
            return SheetRead<SheetGrid>.Refused(SheetProblem.OfFile(ErrorCodes.Required, new("Tệp trống: hãy gửi tệp Excel (.xlsx).", "The file is empty: send an Excel (.xlsx) file.")));
        }

        if (!bytes.AsSpan().StartsWith(ZipSignature))
        {
            return SheetRead<SheetGrid>.Refused(NotXlsx());
        }

        if (CheckEntries(bytes) is { } refused)
        {
            return SheetRead<SheetGrid>.Refused(refused);
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxEntryBytes });
            if (document.WorkbookPart?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() is not { } sheet)
            {
                return SheetRead<SheetGrid>.Refused(SheetProblem.OfFile(ErrorCodes.Required, new(
                    "Tệp không có trang tính nào: đây không phải là một sổ tính Excel (.xlsx).", "The file has no sheet: it is not an Excel (.xlsx) workbook.")));
            }

            var name = sheet.Name?.Value ?? "Sheet1";
            if (sheet.Id?.Value is not { } id || document.WorkbookPart.GetPartById(id) is not WorksheetPart part)
            {
                return SheetRead<SheetGrid>.Refused(SheetProblem.OfFile(ErrorCodes.Required, new(
                    $"Trang tính '{name}' không có nội dung đọc được (có thể là trang biểu đồ).", $"Sheet '{name}' has no readable cells (it may be a chart sheet).")));
            }

            return new(Grid(name, part, document.WorkbookPart.SharedStringTablePart?.SharedStringTable), []);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or IOException or InvalidOperationException or ArgumentException or FormatException)
        {
            return SheetRead<SheetGrid>.Refused(NotXlsx());
        }
    }

    internal static SheetProblem TooLarge() => SheetProblem.OfFile(ErrorCodes.OutOfRange, new(
        string.Create(CultureInfo.InvariantCulture, $"Tệp quá lớn: chỉ nhận tệp tối đa {MaxFileBytes / 1024 / 1024} MB."),
        string.Create(CultureInfo.InvariantCulture, $"The file is too large: at most {MaxFileBytes / 1024 / 1024} MB is accepted.")));

    private static SheetProblem NotXlsx() => SheetProblem.OfFile(ErrorCodes.InvalidFormat, new(
        "Tệp không phải là tệp Excel (.xlsx) đọc được; hãy lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx.",
        "The file is not a readable Excel (.xlsx) file; save it again from Excel or LibreOffice as .xlsx."));

    private static SheetProblem Bomb(string entry) => SheetProblem.OfFile(ErrorCodes.OutOfRange, new(
        $"Tệp bị từ chối: phần '{entry}' khi giải nén lớn bất thường so với một bảng tính (tệp có thể là một \"zip bomb\").",
        $"The file is refused: its part '{entry}' inflates to far more than a spreadsheet needs (it may be a zip bomb)."));

    /// <summary>The problem of the zip's entries, or null: too many, or one (or all) inflating past the limits.</summary>
    private static SheetProblem? CheckEntries(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                return SheetProblem.OfFile(ErrorCodes.OutOfRange, new(
                    string.Create(CultureInfo.InvariantCulture, $"Tệp có {zip.Entries.Count} phần, quá nhiều đối với một bảng tính (tối đa {MaxEntries})."),
                    string.Create(CultureInfo.InvariantCulture, $"The file has {zip.Entries.Count} parts, too many for a spreadsheet (at most {MaxEntries}).")));
            }

            if (!zip.Entries.Any(e => string.Equals(e.FullName, "[Content_Types].xml", StringComparison.Ordinal)))
            {
                return NotXlsx();
            }

            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                // The declared size first (free), then the actual one: the header may lie.
                if (entry.Length > MaxEntryBytes || (total += entry.Length) > MaxTotalBytes)
                {
                    return Bomb(entry.FullName);
                }

                using var inflated = entry.Open();
                long actual = 0;
                int read;
                while ((read = inflated.Read(buffer, 0, buffer.Length)) > 0)
                {
                    actual += read;
                    if (actual > MaxEntryBytes || actual > entry.Length)
                    {
                        return Bomb(entry.FullName);
                    }
                }
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return NotXlsx();
        }
    }

    private static SheetGrid Grid(string name, WorksheetPart part, SharedStringTable? shared)
    {
        var strings = shared?.Elements<SharedStringItem>().Select(item => item.InnerText).ToList() ?? [];
        var cells = new Dictionary<(int, int), GridCell>();
        var worksheet = part.Worksheet;
        var (row, column) = (0, 0);
        foreach (var cell in worksheet.Descendants<Cell>())
        {
            // The cell and row references are optional in the format: without them a cell follows the one before it.
            if (CellAddress.TryParse(cell.CellReference?.Value, out var r, out var c))
            {
                (row, column) = (r, c);
            }
            else
            {
                var lineIndex = (int?)(cell.Parent as Row)?.RowIndex?.Value;
                (row, column) = cell.PreviousSibling<Cell>() is null
                    ? (lineIndex ?? row + 1, 1)
                    : (lineIndex ?? row, column + 1);
            }

            var raw = cell.CellValue?.Text ?? "";
            var formula = cell.CellFormula is not null;
            var type = cell.DataType?.Value;
            GridCell value;
            if (type == CellValues.SharedString)
            {
                var index = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? i : -1;
                value = new GridCell(index >= 0 ? strings[index] : "", null, formula);
            }
            else if (type == CellValues.InlineString)
            {
                value = new GridCell(cell.InlineString?.InnerText ?? raw, null, formula);
            }
            else if (type == CellValues.String || type == CellValues.Error || type == CellValues.Boolean)
            {
                value = new GridCell(raw, null, formula);
            }
            else
            {
                value = decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new GridCell(Points.Format(Math.Round(number, 10)), Math.Round(number, 10), formula)
                    : new GridCell(raw, null, formula);
            }

            cells[(row, column)] = value;
        }

        var merges = new List<MergedRange>();
        foreach (var merge in worksheet.Descendants<MergeCell>())
        {
            var parts = merge.Reference?.Value?.Split(':') ?? [];
            if (parts.Length == 2 && CellAddress.TryParse(parts[0], out var top, out var left) && CellAddress.TryParse(parts[1], out var bottom, out var right))
            {
                merges.Add(new MergedRange(top, left, bottom, right));
            }
        }

        return new SheetGrid(name, cells, merges);
    }
}
