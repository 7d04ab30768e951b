using System.Globalization;

namespace ThiDua.Spreadsheets;

/// <summary>Cell references as Excel writes them: column letters (A, B, …, Z, AA, …) and 1-based row numbers.</summary>
public static class CellAddress
{
    /// <summary>The letters of the 1-based <paramref name="column"/>: 1 → A, 27 → AA.</summary>
    public static string Letters(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        var letters = "";
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    /// <summary>The reference of a cell: (5, 4) → D5.</summary>
    public static string Of(int row, int column) => Letters(column) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads "D5" as (row 5, column 4); false for anything else.</summary>
    public static bool TryParse(string? reference, out int row, out int column)
    {
        row = 0;
        column = 0;
        if (string.IsNullOrEmpty(reference))
        {
            return false;
        }

        var i = 0;
        while (i < reference.Length && char.IsAsciiLetterUpper(reference[i]) && column <= 16384)
        {
            column = (column * 26) + (reference[i] - 'A' + 1);
            i++;
        }

        return i > 0 && column <= 16384
            && int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out row)
            && row is >= 1 and <= 1_048_576;
    }
}
