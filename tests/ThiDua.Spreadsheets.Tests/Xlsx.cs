using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ThiDua.Spreadsheets.Tests;

/// <summary>Makes the bad files of the issue: a real workbook changed as a person (or an attacker) would.</summary>
internal static class Xlsx
{
    /// <summary>The workbook with its first sheet changed by <paramref name="change"/>.</summary>
    public static byte[] Change(byte[] xlsx, Action<Worksheet> change)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = (WorksheetPart)document.WorkbookPart!.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!);
            change(part.Worksheet);
            part.Worksheet.Save();
        }

        return stream.ToArray();
    }

    /// <summary>The workbook with its text in a shared string table, as Excel and LibreOffice save it.</summary>
    public static byte[] WithSharedStrings(byte[] xlsx)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var workbook = document.WorkbookPart!;
            var table = new SharedStringTable();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var part in workbook.WorksheetParts)
            {
                foreach (var cell in part.Worksheet.Descendants<Cell>().Where(c => c.DataType?.Value == CellValues.InlineString).ToList())
                {
                    var text = cell.InlineString!.InnerText;
                    if (!index.TryGetValue(text, out var i))
                    {
                        index[text] = i = index.Count;
                        table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                    }

                    cell.RemoveAllChildren();
                    cell.DataType = CellValues.SharedString;
                    cell.Append(new CellValue(i));
                }

                part.Worksheet.Save();
            }

            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = table;
        }

        return stream.ToArray();
    }

    public static Cell Cell(Worksheet sheet, string reference) =>
        sheet.Descendants<Cell>().Single(c => c.CellReference == reference);

    /// <summary>Replaces a cell's value by a formula computing the same, with its cached value, as Excel saves it.</summary>
    public static void Formula(Worksheet sheet, string reference, string formula, string cached)
    {
        var cell = Cell(sheet, reference);
        cell.RemoveAllChildren();
        cell.DataType = null;
        cell.Append(new CellFormula(formula), new CellValue(cached));
    }

    public static void Merge(Worksheet sheet, string range)
    {
        var merges = sheet.Elements<MergeCells>().FirstOrDefault();
        if (merges is null)
        {
            merges = new MergeCells();
            sheet.InsertAfter(merges, sheet.Elements<SheetData>().Single());
        }

        merges.Append(new MergeCell { Reference = range });
    }

    public static void SetText(Worksheet sheet, string reference, string text)
    {
        var cell = Cell(sheet, reference);
        cell.RemoveAllChildren();
        cell.DataType = CellValues.InlineString;
        cell.Append(new InlineString(new Text(text)));
    }

    public static void SetNumber(Worksheet sheet, string reference, decimal number)
    {
        var cell = Cell(sheet, reference);
        cell.RemoveAllChildren();
        cell.DataType = null;
        cell.Append(new CellValue(number));
    }

    /// <summary>A workbook whose one sheet has no cell.</summary>
    public static byte[] EmptySheet(string name)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = new Worksheet(new SheetData());
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new Sheets(new Sheet { Name = name, SheetId = 1, Id = workbook.GetIdOfPart(part) }));
        }

        return stream.ToArray();
    }

    /// <summary>A zip with a content types entry and <paramref name="entries"/> of zeros, each of the given size.</summary>
    public static byte[] Zip(params (string Name, int Bytes)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = zip.CreateEntry("[Content_Types].xml").Open())
            {
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8);
            }

            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1024 * 1024];
                for (var left = bytes; left > 0; left -= zeros.Length)
                {
                    entry.Write(zeros, 0, Math.Min(left, zeros.Length));
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// <paramref name="zip"/> with every size field of the entry named <paramref name="name"/> rewritten to
    /// <paramref name="declared"/>: a header that lies about how far the entry inflates.
    /// </summary>
    public static byte[] Lie(byte[] zip, string name, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var local = bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x03 && bytes[i + 3] == 0x04;
            var central = bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02;
            var (sizeAt, nameAt) = local ? (22, 30) : central ? (24, 46) : (0, 0);
            if (sizeAt > 0 && bytes.AsSpan(i + nameAt).StartsWith(nameBytes))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + sizeAt, 4), declared);
            }
        }

        return bytes;
    }
}
