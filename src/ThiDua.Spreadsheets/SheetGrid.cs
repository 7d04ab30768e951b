using System.Globalization;
using System.Text;

namespace ThiDua.Spreadsheets;

/// <summary>What one cell holds as read: its text as shown, its number when it is one, whether a formula computes it.</summary>
internal sealed record GridCell(string Text, decimal? Number, bool IsFormula);

/// <summary>A merged range, 1-based and inclusive.</summary>
internal sealed record MergedRange(int Top, int Left, int Bottom, int Right)
{
    public string Reference => $"{CellAddress.Of(Top, Left)}:{CellAddress.Of(Bottom, Right)}";
}

/// <summary>The first sheet of a workbook (or a CSV file) as cells by position.</summary>
internal sealed class SheetGrid(string name, IReadOnlyDictionary<(int Row, int Column), GridCell> cells, IReadOnlyList<MergedRange> merges)
{
    public string Name { get; } = name;

    public IReadOnlyList<MergedRange> Merges { get; } = merges;

    public IEnumerable<(int Row, int Column, GridCell Cell)> Cells => cells.Select(c => (c.Key.Row, c.Key.Column, c.Value));

    public bool IsEmpty => cells.Values.All(c => c.Text.Trim().Length == 0 && !c.IsFormula);

    public int LastRow => cells.Count == 0 ? 0 : cells.Keys.Max(k => k.Row);

    public GridCell? At(int row, int column) => cells.GetValueOrDefault((row, column));

    /// <summary>The trimmed text of a cell, empty when there is none.</summary>
    public string Text(int row, int column) => At(row, column)?.Text.Trim() ?? "";

    public bool IsBlankRow(int row, int lastColumn)
    {
        for (var c = 1; c <= lastColumn; c++)
        {
            if (Text(row, c).Length > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A header as compared: lowercase, without Vietnamese marks (đ as d), single spaces, without a trailing note in
    /// parentheses or a colon, so "Điểm tối đa", "điểm tối  đa (điểm)" and "Diem toi da:" match.
    /// </summary>
    public static string Normalize(string text)
    {
        var cut = text.IndexOf('(', StringComparison.Ordinal);
        var s = (cut >= 0 ? text[..cut] : text).Trim().TrimEnd(':', '*').Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(ch))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(ch));
        }

        return builder.ToString();
    }
}
