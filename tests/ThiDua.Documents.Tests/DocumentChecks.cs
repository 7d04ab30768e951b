using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using UglyToad.PdfPig;

namespace ThiDua.Documents.Tests;

/// <summary>Reading rendered documents back the way a person or another program would.</summary>
public static class DocumentChecks
{
    private static readonly Lazy<IReadOnlyList<(string Face, TrueTypeCmap Cmap)>> Faces = new(() =>
        DocumentFonts.FaceFiles.Select(f => (f, new TrueTypeCmap(DocumentFonts.Load(f)))).ToList());

    /// <summary>The PDF's text in drawing order, one space between words and lines, NFC.</summary>
    public static (string Text, int Pages) PdfText(byte[] pdf)
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

        return (Collapse(text.ToString()), document.NumberOfPages);
    }

    /// <summary>The .docx text, paragraph by paragraph, NFC.</summary>
    public static string DocxText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        return Collapse(string.Join(' ', body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText)));
    }

    /// <summary>Schema errors of the .docx as Office 2019 sees them.</summary>
    public static IReadOnlyList<string> DocxErrors(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var word = WordprocessingDocument.Open(stream, false);
        return new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019)
            .Validate(word)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
    }

    /// <summary>Characters of <paramref name="text"/> that some face of the embedded font has no glyph for.</summary>
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

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Writes the files and one PNG per PDF page (pdftoppm) under TestResults/documents; returns the PNG paths.</summary>
    public static IReadOnlyList<string> Keep(string name, byte[] pdf, byte[] docx)
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "documents");
        Directory.CreateDirectory(folder);
        var pdfPath = Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(pdfPath, pdf);
        File.WriteAllBytes(Path.Combine(folder, name + ".docx"), docx);
        foreach (var old in Directory.GetFiles(folder, name + "-*.png"))
        {
            File.Delete(old);
        }

        var tool = Environment.GetEnvironmentVariable("PDFTOPPM") ?? "/usr/bin/pdftoppm";
        Assert.True(File.Exists(tool), $"{tool} is missing: tests/run.sh installs Debian's poppler-utils (apt-get install poppler-utils).");
        using var process = Process.Start(new ProcessStartInfo(tool, ["-r", "80", "-png", pdfPath, Path.Combine(folder, name)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pdftoppm failed on {name}.pdf: {errors}");
        Assert.True(errors.Length == 0, $"pdftoppm complained about {name}.pdf: {errors}");
        return [.. Directory.GetFiles(folder, name + "-*.png").Order(StringComparer.Ordinal)];
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));

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
