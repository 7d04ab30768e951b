using System.Text;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;

namespace ThiDua.TestKit;

/// <summary>
/// The text of a downloaded official document, read back as another program would: the PDF with PdfPig, the
/// .docx with OpenXml; one space between words and lines, NFC. (The Documents tests read the rendered files the same way.)
/// </summary>
public static class DocumentText
{
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

    /// <summary>The .docx text, paragraph by paragraph; throws when the bytes are no Word document.</summary>
    public static string OfDocx(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        return Collapse(string.Join(' ', body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText)));
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
