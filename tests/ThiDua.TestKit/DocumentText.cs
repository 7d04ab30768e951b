using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using ThiDua.Documents;
using UglyToad.PdfPig;

namespace ThiDua.TestKit;

/// <summary>
/// The text of a downloaded official document, read back as another program would: the PDF with PdfPig, the
/// .docx and .xlsx with OpenXml; one space between words and lines, NFC. (The Documents tests read the rendered files the same way.)
/// </summary>
public static class DocumentText
{
    private static readonly Lazy<IReadOnlyList<(string Face, TrueTypeCmap Cmap)>> Faces = new(() =>
        DocumentFonts.FaceFiles.Select(f => (f, new TrueTypeCmap(DocumentFonts.Load(f)))).ToList());

    /// <summary>The PDF's text in drawing order; throws when the bytes are no PDF.</summary>
    public static string OfPdf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            UglyToad.PdfPig.Content.Letter? previous = null;
            foreach (var letter in page.Letters)
            {
                if (previous is not null
                    && (Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 1
                        || letter.StartBaseLine.X - previous.EndBaseLine.X > letter.PointSize * 0.15
                        || letter.StartBaseLine.X < previous.StartBaseLine.X))
                {
                    text.Append(' ');
                }

                text.Append(letter.Value);
                previous = letter;
            }

            text.Append(' ');
        }

        return Collapse(text.ToString());
    }

    /// <summary>The number of pages of the PDF.</summary>
    public static int PageCount(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    /// <summary>
    /// Characters of <paramref name="text"/> that some face of the font the documents embed has no glyph for
    /// (read from each face's cmap, independently of the renderer): each would print as an empty box.
    /// </summary>
    public static IReadOnlyList<string> MissingGlyphs(string text)
    {
        var missing = new List<string>();
        foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes().Distinct())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                continue;
            }

            foreach (var (face, cmap) in Faces.Value)
            {
                if (!cmap.Covers(rune.Value))
                {
                    missing.Add($"'{rune}' (U+{rune.Value:X4}) in {face}");
                }
            }
        }

        return missing;
    }

    /// <summary>The .docx text, paragraph by paragraph; throws when the bytes are no Word document.</summary>
    public static string OfDocx(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        return Collapse(string.Join(' ', body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText)));
    }

    /// <summary>
    /// The first sheet of an .xlsx, line by line, each cell's text as a spreadsheet program shows it (shared and
    /// inline strings, numbers as stored), NFC; throws when the bytes are no workbook.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> OfXlsx(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var part = workbook.WorkbookPart!;
        var shared = part.SharedStringTablePart?.SharedStringTable.Elements<DocumentFormat.OpenXml.Spreadsheet.SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var first = part.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First();
        var sheet = (WorksheetPart)part.GetPartById(first.Id!);
        return sheet.Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Select(Line).ToList();

        // Cells sit at their reference's column: a writer leaves empty cells out.
        IReadOnlyList<string> Line(DocumentFormat.OpenXml.Spreadsheet.Row row)
        {
            var line = new List<string>();
            foreach (var cell in row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
            {
                var column = cell.CellReference?.Value is { } reference
                    ? reference.TakeWhile(char.IsAsciiLetter).Aggregate(0, (n, c) => (n * 26) + (char.ToUpperInvariant(c) - 'A' + 1)) - 1
                    : line.Count;
                while (line.Count < column)
                {
                    line.Add("");
                }

                var kind = cell.DataType?.Value;
                var text = kind == DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : kind == DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString ? cell.InlineString!.InnerText
                    : cell.CellValue?.Text ?? "";
                line.Add(text.Normalize(NormalizationForm.FormC));
            }

            return line;
        }
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    /// <summary>Writes the files and one PNG per PDF page (pdftoppm) under TestResults/documents for a person to look at; returns the PNG paths. Throws when a page does not render cleanly.</summary>
    public static IReadOnlyList<string> Keep(string name, byte[] pdf, byte[]? docx = null)
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "documents");
        Directory.CreateDirectory(folder);
        var pdfPath = Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(pdfPath, pdf);
        if (docx is not null)
        {
            File.WriteAllBytes(Path.Combine(folder, name + ".docx"), docx);
        }
        foreach (var old in Directory.GetFiles(folder, name + "-*.png"))
        {
            File.Delete(old);
        }

        var tool = Environment.GetEnvironmentVariable("PDFTOPPM") ?? "/usr/bin/pdftoppm";
        if (!File.Exists(tool))
        {
            throw new InvalidOperationException($"{tool} is missing: tests/run.sh installs Debian's poppler-utils (apt-get install poppler-utils).");
        }

        using var process = Process.Start(new ProcessStartInfo(tool, ["-r", "80", "-png", pdfPath, Path.Combine(folder, name)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || errors.Length > 0)
        {
            throw new InvalidOperationException($"pdftoppm could not render {name}.pdf (exit {process.ExitCode}): {errors}");
        }

        return [.. Directory.GetFiles(folder, name + "-*.png").Order(StringComparer.Ordinal)];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ThiDua.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (ThiDua.Functions.sln) not found above " + AppContext.BaseDirectory);
    }
}
