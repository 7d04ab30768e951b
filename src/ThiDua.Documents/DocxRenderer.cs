using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ThiDua.Documents;

/// <summary>
/// Renders an <see cref="OfficialDocument"/> to .docx (WordprocessingML) in Times New Roman, the
/// decree's font (Liberation Serif, metric-compatible, stands in for it where Word is absent).
/// The same model always gives the same bytes: relationship ids are fixed, the core properties
/// carry the model's date, and the zip entries a fixed time.
/// </summary>
public static class DocxRenderer
{
    private const string FontName = "Times New Roman";

    // Twentieths of a point per millimetre.
    private static int Twips(double mm) => (int)Math.Round(mm * 1440 / 25.4);

    private static string HalfPoints(double points) => ((int)Math.Round(points * 2)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The .docx bytes of <paramref name="document"/>.</summary>
    public static byte[] Render(OfficialDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var package = new MemoryStream();
        using (var word = WordprocessingDocument.Create(package, WordprocessingDocumentType.Document))
        {
            var main = word.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rId1");
            var styles = main.AddNewPart<StyleDefinitionsPart>("rId1");
            styles.Styles = Styles();
            var core = word.AddNewPart<CoreFilePropertiesPart>("application/vnd.openxmlformats-package.core-properties+xml", "rId2");
            using (var stream = core.GetStream(FileMode.Create))
            {
                var bytes = Encoding.UTF8.GetBytes(CoreProperties(document));
                stream.Write(bytes);
            }

            main.Document = new W.Document(Body(document));
        }

        return FixedZip(package.ToArray(), document.Date);
    }

    private static string CoreProperties(OfficialDocument document)
    {
        var date = document.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        var title = System.Security.SecurityElement.Escape(document.Title);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + $"<dc:title>{title}</dc:title><dc:creator>ThiDua</dc:creator>"
            + $"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>"
            + $"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>"
            + "</cp:coreProperties>";
    }

    /// <summary>Copies the package into a new zip, entries in the same order with the document's date as their time.</summary>
    private static byte[] FixedZip(byte[] package, DateOnly date)
    {
        var time = new DateTimeOffset(date.Year, date.Month, date.Day, 0, 0, 0, TimeSpan.Zero);
        using var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = time;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }

    private static Styles Styles()
    {
        var runDefaults = new RunProperties
        {
            RunFonts = new RunFonts { Ascii = FontName, HighAnsi = FontName, ComplexScript = FontName, EastAsia = FontName },
            FontSize = new FontSize { Val = HalfPoints(Layout.BodySize) },
            FontSizeComplexScript = new FontSizeComplexScript { Val = HalfPoints(Layout.BodySize) },
            Languages = new Languages { Val = "vi-VN" },
        };
        var paragraphDefaults = new ParagraphProperties
        {
            SpacingBetweenLines = new SpacingBetweenLines { Before = "0", After = "0", Line = "276", LineRule = LineSpacingRuleValues.Auto },
        };
        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(runDefaults.Elements<OpenXmlElement>().Select(e => e.CloneNode(true)))),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(paragraphDefaults.Elements<OpenXmlElement>().Select(e => e.CloneNode(true))))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
    }

    private static Body Body(OfficialDocument document)
    {
        var body = new Body();
        body.Append(Header(document));
        body.Append(Para(document.DocumentType, JustificationValues.Center, bold: true, size: Layout.TitleSize, before: 12));
        body.Append(Para(document.Summary, JustificationValues.Center, bold: true, size: Layout.TitleSize));
        body.Append(Rule(Twips(Layout.TextWidthMm), Twips(30)));
        foreach (var block in document.Body)
        {
            body.Append(block switch
            {
                Heading h => Para(h.Text, JustificationValues.Left, bold: true, before: 6, after: 3),
                Paragraph p => Para(
                    p.Text,
                    p.Centered ? JustificationValues.Center : JustificationValues.Both,
                    p.Bold,
                    p.Italic,
                    after: 3,
                    indent: p.Centered ? 0 : Twips(Layout.FirstLineIndentMm)),
                BulletLine b => Para(BulletLine.Dash + b.Text, JustificationValues.Both, after: 3, indent: Twips(Layout.FirstLineIndentMm)),
                DocumentTable t => Table(t),
                _ => throw new NotSupportedException(block.GetType().Name),
            });
            if (block is DocumentTable)
            {
                body.Append(Para("", JustificationValues.Left));
            }
        }

        body.Append(Para("", JustificationValues.Left));
        body.Append(Closing(document));
        body.Append(new SectionProperties(
            new W.PageSize { Width = (UInt32Value)(uint)Twips(Layout.PageWidthMm), Height = (UInt32Value)(uint)Twips(Layout.PageHeightMm) },
            new PageMargin
            {
                Top = Twips(Layout.TopMm),
                Bottom = Twips(Layout.BottomMm),
                Left = (UInt32Value)(uint)Twips(Layout.LeftMm),
                Right = (UInt32Value)(uint)Twips(Layout.RightMm),
                Header = 567U,
                Footer = 567U,
                Gutter = 0U,
            }));
        return body;
    }

    private static W.Paragraph Para(
        string text,
        JustificationValues justification,
        bool bold = false,
        bool italic = false,
        double size = Layout.BodySize,
        int before = 0,
        int after = 0,
        int indent = 0,
        bool underline = false)
    {
        var properties = new ParagraphProperties
        {
            SpacingBetweenLines = new SpacingBetweenLines
            {
                Before = (before * 20).ToString(CultureInfo.InvariantCulture),
                After = (after * 20).ToString(CultureInfo.InvariantCulture),
            },
            Justification = new Justification { Val = justification },
        };
        if (indent > 0)
        {
            properties.Indentation = new Indentation { FirstLine = indent.ToString(CultureInfo.InvariantCulture) };
        }

        var paragraph = new W.Paragraph(properties);
        if (text.Length > 0)
        {
            paragraph.Append(Run(text, bold, italic, size, underline));
        }

        return paragraph;
    }

    private static Run Run(string text, bool bold, bool italic, double size, bool underline)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Bold = new Bold();
            properties.BoldComplexScript = new BoldComplexScript();
        }

        if (italic)
        {
            properties.Italic = new Italic();
            properties.ItalicComplexScript = new ItalicComplexScript();
        }

        properties.FontSize = new FontSize { Val = HalfPoints(size) };
        properties.FontSizeComplexScript = new FontSizeComplexScript { Val = HalfPoints(size) };
        if (underline)
        {
            properties.Underline = new Underline { Val = UnderlineValues.Single };
        }

        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>A short horizontal line: an empty paragraph whose bottom border is narrowed by indents to <paramref name="length"/>.</summary>
    private static W.Paragraph Rule(int columnWidth, int length)
    {
        var side = Math.Max(0, (columnWidth - length) / 2).ToString(CultureInfo.InvariantCulture);
        var properties = new ParagraphProperties
        {
            ParagraphBorders = new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 6U, Space = 0U, Color = "000000" }),
            SpacingBetweenLines = new SpacingBetweenLines { Before = "0", After = "240", Line = "120", LineRule = LineSpacingRuleValues.Exact },
            Indentation = new Indentation { Left = side, Right = side },
        };
        return new W.Paragraph(properties);
    }

    private static W.Table Header(OfficialDocument document)
    {
        var total = Twips(Layout.TextWidthMm);
        var left = (int)Math.Round(total * Layout.IssuerColumnShare);
        var right = total - left;

        var issuer = new List<OpenXmlElement>();
        if (document.Issuer.Superior is not null)
        {
            issuer.Add(Para(document.Issuer.Superior, JustificationValues.Center, size: Layout.TableSize));
        }

        issuer.Add(Para(document.Issuer.Name, JustificationValues.Center, bold: true, size: Layout.TableSize));
        issuer.Add(Rule(left, left / 3));
        if (document.Number is not null)
        {
            issuer.Add(Para("Số: " + document.Number, JustificationValues.Center));
        }

        var nation = new List<OpenXmlElement>
        {
            Para(OfficialDocument.NationalTitle, JustificationValues.Center, bold: true, size: Layout.TableSize),
            Para(OfficialDocument.Motto, JustificationValues.Center, bold: true, underline: true),
            Para("", JustificationValues.Center),
            Para(document.PlaceAndDate, JustificationValues.Center, italic: true),
        };

        var table = new W.Table(
            TableProperties(total, borders: false),
            new TableGrid(new GridColumn { Width = Str(left) }, new GridColumn { Width = Str(right) }),
            new TableRow(Cell(left, issuer), Cell(right, nation)));
        return table;
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static TableProperties TableProperties(int width, bool borders)
    {
        var properties = new TableProperties
        {
            TableWidth = new TableWidth { Width = Str(width), Type = TableWidthUnitValues.Dxa },
            TableLayout = new TableLayout { Type = TableLayoutValues.Fixed },
        };
        var value = borders ? BorderValues.Single : BorderValues.None;
        properties.TableBorders = new TableBorders(
            new TopBorder { Val = value, Size = 4U, Space = 0U, Color = "000000" },
            new LeftBorder { Val = value, Size = 4U, Space = 0U, Color = "000000" },
            new BottomBorder { Val = value, Size = 4U, Space = 0U, Color = "000000" },
            new RightBorder { Val = value, Size = 4U, Space = 0U, Color = "000000" },
            new InsideHorizontalBorder { Val = value, Size = 4U, Space = 0U, Color = "000000" },
            new InsideVerticalBorder { Val = value, Size = 4U, Space = 0U, Color = "000000" });
        return properties;
    }

    private static TableCell Cell(int width, IEnumerable<OpenXmlElement> content, VerticalMerge? merge = null)
    {
        var properties = new TableCellProperties(new TableCellWidth { Width = Str(width), Type = TableWidthUnitValues.Dxa });
        if (merge is not null)
        {
            properties.Append(merge);
        }

        var cell = new TableCell(properties);
        cell.Append(content);
        if (!cell.Elements<W.Paragraph>().Any())
        {
            cell.Append(new W.Paragraph());
        }

        return cell;
    }

    private static W.Table Table(DocumentTable table)
    {
        var total = Twips(Layout.TextWidthMm);
        var widths = table.Widths(total).Select(w => (int)Math.Round(w)).ToList();
        var result = new W.Table(
            TableProperties(total, borders: true),
            new TableGrid(widths.Select(w => new GridColumn { Width = Str(w) })));

        var header = new TableRow(new TableRowProperties(new TableHeader(), new CantSplit()));
        for (var c = 0; c < table.Header.Count; c++)
        {
            header.Append(Cell(widths[c], [Para(table.Header[c], JustificationValues.Center, bold: true, size: Layout.TableSize)]));
        }

        result.Append(header);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = new TableRow(new TableRowProperties(new CantSplit()));
            for (var c = 0; c < table.Header.Count; c++)
            {
                var text = c < table.Rows[r].Count ? table.Rows[r][c] : "";
                var alignment = table.CenteredColumns.Contains(c) ? JustificationValues.Center : JustificationValues.Left;
                row.Append(Cell(widths[c], [Para(text, alignment, bold: table.BoldRows.Contains(r), size: Layout.TableSize)]));
            }

            result.Append(row);
        }

        return result;
    }

    /// <summary>
    /// Signatures side by side (at most three a row; with a single signer, "Nơi nhận" to its left): one
    /// table row for capacities and titles, one for the room to sign and the names, so names line up.
    /// </summary>
    private static OpenXmlElement[] Closing(OfficialDocument document)
    {
        var total = Twips(Layout.TextWidthMm);
        var elements = new List<OpenXmlElement>();
        var signatures = document.Signatures;
        var recipientsBeside = signatures.Count == 1;
        for (var i = 0; i < signatures.Count; i += 3)
        {
            var row = signatures.Skip(i).Take(3).ToList();
            var columns = row.Count == 1 ? 2 : row.Count;
            var width = total / columns;
            var headings = new TableRow(new TableRowProperties(new CantSplit()));
            var names = new TableRow(new TableRowProperties(new CantSplit()));
            if (row.Count == 1)
            {
                headings.Append(Cell(width, recipientsBeside ? Recipients(document.Recipients) : [], new VerticalMerge { Val = MergedCellValues.Restart }));
                names.Append(Cell(width, [], new VerticalMerge()));
            }

            headings.Append(row.Select(s => Cell(width, SignatureHeading(s))));
            names.Append(row.Select(s => Cell(width, SignatureName(s))));
            elements.Add(new W.Table(
                TableProperties(width * columns, borders: false),
                new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = Str(width) })),
                headings,
                names));
            elements.Add(Para("", JustificationValues.Left));
        }

        if (!recipientsBeside)
        {
            elements.AddRange(Recipients(document.Recipients));
        }

        return [.. elements];
    }

    private static List<OpenXmlElement> SignatureHeading(SignatureBlock signature)
    {
        var lines = new List<OpenXmlElement>();
        if (signature.Capacity is not null)
        {
            lines.Add(Para(signature.Capacity, JustificationValues.Center, bold: true));
        }

        lines.Add(Para(signature.Title, JustificationValues.Center, bold: true));
        return lines;
    }

    private static List<OpenXmlElement> SignatureName(SignatureBlock signature)
    {
        var lines = new List<OpenXmlElement>
        {
            Para("", JustificationValues.Center, after: 60),
            Para(signature.Name, JustificationValues.Center, bold: true),
        };
        if (signature.Note is not null)
        {
            lines.Add(Para(signature.Note, JustificationValues.Center, italic: true, size: Layout.SmallSize - 1));
        }

        return lines;
    }

    private static List<OpenXmlElement> Recipients(IReadOnlyList<string> recipients)
    {
        if (recipients.Count == 0)
        {
            return [];
        }

        var lines = new List<OpenXmlElement> { Para(OfficialDocument.RecipientsHeading, JustificationValues.Left, bold: true, italic: true, size: Layout.TableSize) };
        lines.AddRange(recipients.Select(r => Para(BulletLine.Dash + r, JustificationValues.Left, size: Layout.SmallSize)));
        return lines;
    }
}
