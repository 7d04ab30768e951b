using System.Text;
using ThiDua.Domain;

namespace ThiDua.Spreadsheets;

/// <summary>
/// Reads a CSV file (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) in UTF-8, with or without
/// a byte order mark, separated by commas, or by semicolons as Excel saves it where the decimal mark is a comma.
/// Every cell is text; the layouts read it as the cells of a sheet named <see cref="SheetName"/>.
/// </summary>
public static class CsvFile
{
    /// <summary>The name problems give a CSV file's one sheet.</summary>
    public const string SheetName = "CSV";

    /// <summary>The media type of CSV files.</summary>
    public const string MediaType = "text/csv";

    internal static SheetRead<SheetGrid> Read(byte[] bytes)
    {
        if (bytes.Length > XlsxFile.MaxFileBytes)
        {
            return SheetRead<SheetGrid>.Refused(XlsxFile.TooLarge());
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return SheetRead<SheetGrid>.Refused(SheetProblem.OfFile(ErrorCodes.InvalidFormat, new(
                "Tệp CSV không ở mã UTF-8; trong Excel hãy chọn Lưu thành \"CSV UTF-8 (Comma delimited)\".",
                "The CSV file is not UTF-8; in Excel choose Save As \"CSV UTF-8 (Comma delimited)\".")));
        }

        text = text.TrimStart('\uFEFF').Normalize(NormalizationForm.FormC);
        var firstLine = text.AsSpan(0, Math.Max(0, text.IndexOfAny(['\r', '\n']) is var end and >= 0 ? end : text.Length));
        var separator = !firstLine.Contains(',') && firstLine.Contains(';') ? ';' : ',';
        var cells = new Dictionary<(int, int), GridCell>();
        var (row, column, quoted) = (1, 1, false);
        var field = new StringBuilder();
        var wasQuoted = false;

        void Flush()
        {
            if (field.Length > 0 || wasQuoted)
            {
                cells[(row, column)] = new GridCell(field.ToString(), null, false);
            }

            field.Clear();
            wasQuoted = false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                (quoted, wasQuoted) = (true, true);
            }
            else if (c == separator)
            {
                Flush();
                column++;
            }
            else if (c is '\r' or '\n')
            {
                Flush();
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                (row, column) = (row + 1, 1);
            }
            else
            {
                field.Append(c);
            }
        }

        Flush();
        if (quoted)
        {
            return SheetRead<SheetGrid>.Refused(SheetProblem.At(SheetName, row, column, "body", ErrorCodes.InvalidFormat, new(
                "Dấu ngoặc kép (\") mở ở đây không được đóng lại.", "A double quote (\") opened here is never closed.")));
        }

        return new(new SheetGrid(SheetName, cells, []), []);
    }
}
