using System.Security.Cryptography;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using ThiDua.TestKit;

namespace ThiDua.Documents.Tests;

/// <summary>Reading rendered documents back the way a person or another program would.</summary>
public static class DocumentChecks
{
    /// <summary>The PDF's text (<see cref="DocumentText.OfPdf"/>) and its number of pages.</summary>
    public static (string Text, int Pages) PdfText(byte[] pdf) => (DocumentText.OfPdf(pdf), DocumentText.PageCount(pdf));

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

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
