using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ThiDua.Documents;

/// <summary>
/// Renders an <see cref="OfficialDocument"/> to PDF with PDFsharp, fonts embedded as subsets.
/// The same model always gives the same bytes: dates come from the model and every id PDFsharp
/// would draw at random (trailer ID, font subset tags, XMP ids) is derived from the content.
/// </summary>
public static class PdfRenderer
{
    /// <summary>The PDF bytes of <paramref name="document"/>.</summary>
    public static byte[] Render(OfficialDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        DocumentFonts.EnsureInstalled();
        using var pdf = new PdfDocument();
        var created = new DateTime(document.Date.Year, document.Date.Month, document.Date.Day, 0, 0, 0, DateTimeKind.Utc);
        pdf.Info.Title = document.Title;
        pdf.Info.Creator = "ThiDua";
        pdf.Info.CreationDate = created;
        pdf.Info.ModificationDate = created;
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", document.Texts()))))[..16];
        pdf.Internals.FirstDocumentID = id;
        pdf.Internals.SecondDocumentID = id;

        new PageWriter(pdf).Write(document);
        FixSubsetTags(pdf);
        using var output = new MemoryStream();
        pdf.Save(output, false);
        return FixXmpIds(output.ToArray());
    }

    /// <summary>Subset tags ("ABCDEF+LiberationSerif") come from Guid.NewGuid; a tag made from the face name is as valid and stable.</summary>
    private static void FixSubsetTags(PdfDocument pdf)
    {
        foreach (var item in pdf.Internals.GetAllObjects())
        {
            if (item is not PdfDictionary dictionary)
            {
                continue;
            }

            foreach (var key in (string[])["/BaseFont", "/FontName"])
            {
                var name = dictionary.Elements.GetName(key);
                // GetName returns the name with its leading slash.
                if (name.Length > 8 && name[7] == '+' && name[1..7].All(char.IsAsciiLetterUpper))
                {
                    var face = name[8..];
                    var hash = SHA256.HashData(Encoding.ASCII.GetBytes(face));
                    var tag = new string(hash.Take(6).Select(b => (char)('A' + (b % 26))).ToArray());
                    dictionary.Elements.SetName(key, "/" + tag + "+" + face);
                }
            }
        }
    }

    /// <summary>PrepareForSave regenerates the XMP DocumentID and InstanceID (uuid:…); replaced in place by a uuid of the rest of the file.</summary>
    private static byte[] FixXmpIds(byte[] bytes)
    {
        var marker = "uuid:"u8.ToArray();
        const int UuidLength = 36;
        var positions = new List<int>();
        for (var i = bytes.AsSpan().IndexOf(marker); i >= 0;)
        {
            positions.Add(i + marker.Length);
            var next = bytes.AsSpan(i + marker.Length).IndexOf(marker);
            i = next < 0 ? -1 : i + marker.Length + next;
        }

        foreach (var p in positions)
        {
            "00000000-0000-0000-0000-000000000000"u8.CopyTo(bytes.AsSpan(p, UuidLength));
        }

        var digest = SHA256.HashData(bytes);
        var uuid = Encoding.ASCII.GetBytes(new Guid(digest.AsSpan(0, 16)).ToString("D"));
        foreach (var p in positions)
        {
            uuid.CopyTo(bytes.AsSpan(p, UuidLength));
        }

        return bytes;
    }

    /// <summary>Lays the document out top to bottom, opening pages as needed; pages from the second are numbered at the top, as the decree asks.</summary>
    private sealed class PageWriter(PdfDocument pdf)
    {
        private static readonly double Left = Layout.Points(Layout.LeftMm);
        private static readonly double Width = Layout.Points(Layout.TextWidthMm);
        private static readonly double Top = Layout.Points(Layout.TopMm);
        private static readonly double Bottom = Layout.Points(Layout.PageHeightMm - Layout.BottomMm);
        private static readonly double Indent = Layout.Points(Layout.FirstLineIndentMm);
        private static readonly XPen Thin = new(XColors.Black, 0.6);

        private XGraphics? _graphics;
        private double _y;
        private int _pages;

        private XGraphics G => _graphics ?? throw new InvalidOperationException("No page open.");

        public void Write(OfficialDocument document)
        {
            NewPage();
            WriteHeader(document);
            foreach (var block in document.Body)
            {
                switch (block)
                {
                    case Heading heading:
                        Space(4);
                        WriteText(heading.Text, Font(Layout.BodySize, bold: true), Left, Width, Align.Left, indent: 0);
                        break;
                    case Paragraph paragraph:
                        WriteText(
                            paragraph.Text,
                            Font(Layout.BodySize, paragraph.Bold, paragraph.Italic),
                            Left,
                            Width,
                            paragraph.Centered ? Align.Center : Align.Justify,
                            paragraph.Centered ? 0 : Indent);
                        break;
                    case BulletLine bullet:
                        WriteText(BulletLine.Dash + bullet.Text, Font(Layout.BodySize), Left, Width, Align.Justify, Indent);
                        break;
                    case DocumentTable table:
                        Space(3);
                        WriteTable(table);
                        Space(6);
                        break;
                    default:
                        throw new NotSupportedException(block.GetType().Name);
                }

                Space(3);
            }

            WriteClosing(document);
            _graphics?.Dispose();
        }

        private static XFont Font(double size, bool bold = false, bool italic = false) =>
            new(DocumentFonts.Family, size, (bold, italic) switch
            {
                (true, true) => XFontStyleEx.BoldItalic,
                (true, false) => XFontStyleEx.Bold,
                (false, true) => XFontStyleEx.Italic,
                _ => XFontStyleEx.Regular,
            });

        private static double LineHeight(XFont font) => font.Size * 1.2;

        private void NewPage()
        {
            _graphics?.Dispose();
            var page = pdf.AddPage();
            page.Width = XUnit.FromMillimeter(Layout.PageWidthMm);
            page.Height = XUnit.FromMillimeter(Layout.PageHeightMm);
            _graphics = XGraphics.FromPdfPage(page);
            _pages++;
            _y = Top;
            if (_pages > 1)
            {
                var font = Font(Layout.BodySize);
                var number = _pages.ToString(System.Globalization.CultureInfo.InvariantCulture);
                G.DrawString(number, font, XBrushes.Black, Left + ((Width - G.MeasureString(number, font).Width) / 2), Top - 10);
                _y = Top + 8;
            }
        }

        private void Space(double points) => _y += points;

        private void EnsureRoom(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        private void WriteHeader(OfficialDocument document)
        {
            var leftWidth = Width * Layout.IssuerColumnShare;
            var rightX = Left + leftWidth;
            var rightWidth = Width - leftWidth;
            var start = _y;

            var left = start;
            if (document.Issuer.Superior is not null)
            {
                left = DrawLines(document.Issuer.Superior, Font(Layout.TableSize), Left, leftWidth, left);
            }

            left = DrawLines(document.Issuer.Name, Font(Layout.TableSize, bold: true), Left, leftWidth, left);
            Rule(Left + (leftWidth / 3), Left + (2 * leftWidth / 3), left + 3);
            left += 8;
            if (document.Number is not null)
            {
                left = DrawLines("Số: " + document.Number, Font(Layout.BodySize), Left, leftWidth, left);
            }

            var right = DrawLines(OfficialDocument.NationalTitle, Font(Layout.TableSize, bold: true), rightX, rightWidth, start);
            var mottoFont = Font(Layout.BodySize, bold: true);
            right = DrawLines(OfficialDocument.Motto, mottoFont, rightX, rightWidth, right);
            var mottoWidth = G.MeasureString(OfficialDocument.Motto, mottoFont).Width;
            Rule(rightX + ((rightWidth - mottoWidth) / 2), rightX + ((rightWidth + mottoWidth) / 2), right + 3);
            right += 8;
            right = DrawLines(document.PlaceAndDate, Font(Layout.BodySize, italic: true), rightX, rightWidth, right);

            _y = Math.Max(left, right) + 14;
            WriteText(document.DocumentType, Font(Layout.TitleSize, bold: true), Left, Width, Align.Center, 0);
            WriteText(document.Summary, Font(Layout.TitleSize, bold: true), Left, Width, Align.Center, 0);
            var ruleWidth = Layout.Points(30);
            Rule(Left + ((Width - ruleWidth) / 2), Left + ((Width + ruleWidth) / 2), _y + 3);
            _y += 14;
        }

        /// <summary>Centred lines in a column starting at <paramref name="y"/> (top of the first line); returns the top of the next line.</summary>
        private double DrawLines(string text, XFont font, double x, double width, double y)
        {
            foreach (var line in Wrap(text, font, width, 0))
            {
                var w = G.MeasureString(line, font).Width;
                G.DrawString(line, font, XBrushes.Black, x + ((width - w) / 2), y + font.Size);
                y += LineHeight(font);
            }

            return y;
        }

        private void Rule(double x1, double x2, double y) => G.DrawLine(Thin, x1, y, x2, y);

        private enum Align
        {
            Left,
            Center,
            Justify,
        }

        private void WriteText(string text, XFont font, double x, double width, Align align, double indent)
        {
            var lines = Wrap(text, font, width, indent);
            for (var i = 0; i < lines.Count; i++)
            {
                EnsureRoom(LineHeight(font));
                var lineIndent = i == 0 ? indent : 0;
                var baseline = _y + font.Size;
                var available = width - lineIndent;
                var lineWidth = G.MeasureString(lines[i], font).Width;
                var words = lines[i].Split(' ');
                if (align == Align.Justify && i < lines.Count - 1 && words.Length > 1)
                {
                    var wordsWidth = words.Sum(w => G.MeasureString(w, font).Width);
                    var gap = (available - wordsWidth) / (words.Length - 1);
                    var position = x + lineIndent;
                    foreach (var word in words)
                    {
                        G.DrawString(word, font, XBrushes.Black, position, baseline);
                        position += G.MeasureString(word, font).Width + gap;
                    }
                }
                else
                {
                    var offset = align == Align.Center ? (available - lineWidth) / 2 : 0;
                    G.DrawString(lines[i], font, XBrushes.Black, x + lineIndent + offset, baseline);
                }

                _y += LineHeight(font);
            }
        }

        /// <summary>Greedy word wrap; a word longer than the width stands alone on its line.</summary>
        private List<string> Wrap(string text, XFont font, double width, double firstIndent)
        {
            var lines = new List<string>();
            foreach (var part in text.Split('\n'))
            {
                var current = new StringBuilder();
                foreach (var word in part.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    var limit = lines.Count == 0 ? width - firstIndent : width;
                    if (current.Length > 0 && G.MeasureString(candidate, font).Width > limit)
                    {
                        lines.Add(current.ToString());
                        current.Clear().Append(word);
                    }
                    else
                    {
                        current.Clear().Append(candidate);
                    }
                }

                lines.Add(current.ToString());
            }

            return lines;
        }

        private void WriteTable(DocumentTable table)
        {
            const double Padding = 3;
            var widths = table.Widths(Width);
            var regular = Font(Layout.TableSize);
            var bold = Font(Layout.TableSize, bold: true);

            List<string>[] Cells(IReadOnlyList<string> row, XFont font) =>
                row.Select((cell, c) => Wrap(cell, font, widths[c] - (2 * Padding), 0)).ToArray();

            double Height(List<string>[] cells, XFont font) => (cells.Max(c => c.Count) * LineHeight(font)) + (2 * Padding);

            void DrawRow(List<string>[] cells, XFont font, bool header)
            {
                var height = Height(cells, font);
                var x = Left;
                for (var c = 0; c < cells.Length; c++)
                {
                    G.DrawRectangle(Thin, x, _y, widths[c], height);
                    var y = _y + Padding;
                    foreach (var line in cells[c])
                    {
                        var w = G.MeasureString(line, font).Width;
                        var centered = header || table.CenteredColumns.Contains(c);
                        var offset = centered ? (widths[c] - w) / 2 : Padding;
                        G.DrawString(line, font, XBrushes.Black, x + offset, y + font.Size);
                        y += LineHeight(font);
                    }

                    x += widths[c];
                }

                _y += height;
            }

            var headerCells = Cells(table.Header, bold);
            var headerHeight = Height(headerCells, bold);
            EnsureRoom(headerHeight + LineHeight(regular) + (2 * Padding));
            DrawRow(headerCells, bold, header: true);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var font = table.BoldRows.Contains(r) ? bold : regular;
                var cells = Cells(table.Rows[r], font);
                if (_y + Height(cells, font) > Bottom)
                {
                    NewPage();
                    DrawRow(headerCells, bold, header: true);
                }

                DrawRow(cells, font, header: false);
            }
        }

        private void WriteClosing(OfficialDocument document)
        {
            Space(10);
            var signatures = document.Signatures;
            if (signatures.Count == 1)
            {
                // One signer: the signature on the right, "Nơi nhận" on the left at the same height.
                var half = Width / 2;
                EnsureRoom(SignatureHeight(signatures, half));
                var start = _y;
                var recipientsEnd = document.Recipients.Count > 0 ? WriteRecipients(document.Recipients, Left, half, start) : start;
                var signatureEnd = WriteSignatures([(signatures[0], Left + half)], half, start);
                _y = Math.Max(recipientsEnd, signatureEnd);
                return;
            }

            for (var i = 0; i < signatures.Count; i += 3)
            {
                var row = signatures.Skip(i).Take(3).ToList();
                var columns = row.Count == 1 ? 2 : row.Count;
                var columnWidth = Width / columns;
                EnsureRoom(SignatureHeight(row, columnWidth));
                var placed = row.Select((s, c) => (s, row.Count == 1 ? Left + columnWidth : Left + (c * columnWidth))).ToList();
                _y = WriteSignatures(placed, columnWidth, _y) + 12;
            }

            if (document.Recipients.Count > 0)
            {
                EnsureRoom(LineHeight(Font(Layout.SmallSize)) * (document.Recipients.Count + 1));
                _y = WriteRecipients(document.Recipients, Left, Width / 2, _y);
            }
        }

        private const double SignatureSpace = 62;

        private static XFont SignatureFont => Font(Layout.BodySize, bold: true);

        private static XFont NoteFont => Font(Layout.SmallSize - 1, italic: true);

        private double Lines(string? text, XFont font, double width) =>
            text is null ? 0 : Wrap(text, font, width, 0).Count * LineHeight(font);

        private double Heading(SignatureBlock signature, double width) =>
            Lines(signature.Capacity, SignatureFont, width) + Lines(signature.Title, SignatureFont, width);

        private double SignatureHeight(IReadOnlyList<SignatureBlock> row, double width) =>
            row.Max(s => Heading(s, width)) + SignatureSpace + row.Max(s => Lines(s.Name, SignatureFont, width) + Lines(s.Note, NoteFont, width));

        /// <summary>A row of signature blocks: capacity and title on top, the names all on one line below the room for signing.</summary>
        private double WriteSignatures(IReadOnlyList<(SignatureBlock Signature, double X)> row, double width, double y)
        {
            var namesAt = y + row.Max(p => Heading(p.Signature, width)) + SignatureSpace;
            var end = namesAt;
            foreach (var (signature, x) in row)
            {
                var top = y;
                if (signature.Capacity is not null)
                {
                    top = DrawLines(signature.Capacity, SignatureFont, x, width, top);
                }

                DrawLines(signature.Title, SignatureFont, x, width, top);
                var bottom = DrawLines(signature.Name, SignatureFont, x, width, namesAt);
                if (signature.Note is not null)
                {
                    bottom = DrawLines(signature.Note, NoteFont, x, width, bottom);
                }

                end = Math.Max(end, bottom);
            }

            return end;
        }

        private double WriteRecipients(IReadOnlyList<string> recipients, double x, double width, double y)
        {
            var heading = Font(Layout.TableSize, bold: true, italic: true);
            G.DrawString(OfficialDocument.RecipientsHeading, heading, XBrushes.Black, x, y + heading.Size);
            y += LineHeight(heading);
            var font = Font(Layout.SmallSize);
            foreach (var recipient in recipients)
            {
                foreach (var line in Wrap(BulletLine.Dash + recipient, font, width, 0))
                {
                    G.DrawString(line, font, XBrushes.Black, x, y + font.Size);
                    y += LineHeight(font);
                }
            }

            return y;
        }
    }
}
