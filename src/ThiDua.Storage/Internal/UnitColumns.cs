namespace ThiDua.Storage.Internal;

/// <summary>
/// Columns named after a unit, for rows that keep one value per unit of a campaign (a row holds at most 252
/// columns, far above a bloc's 5 to 30 units). Ids hold only a-z, 0-9 and '-', and a column name must be an
/// identifier: '-' becomes '_', which no id contains, so the name maps back to exactly one unit.
/// </summary>
internal static class UnitColumns
{
    public static string Name(string prefix, string unitId) => prefix + unitId.Replace('-', '_');

    /// <summary>The unit of column <paramref name="name"/> when it starts with <paramref name="prefix"/>, else null.</summary>
    public static string? UnitOf(string prefix, string name) =>
        name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].Replace('_', '-') : null;
}
