using ThiDua.Domain;

namespace ThiDua.Spreadsheets;

/// <summary>A column of a layout: its field, the header the templates write, other headers accepted, and whether it must be there.</summary>
internal sealed record LayoutColumn(string Field, Phrase Header, bool Required, params string[] Aliases)
{
    public bool Matches(string header)
    {
        var key = SheetGrid.Normalize(header);
        return key.Length > 0 && (key == SheetGrid.Normalize(Header.Vietnamese) || key == SheetGrid.Normalize(Header.English) || Aliases.Any(a => SheetGrid.Normalize(a) == key));
    }
}

/// <summary>Where a layout's header line is and which column holds each field.</summary>
internal sealed record LocatedHeader(int Row, IReadOnlyDictionary<string, int> Columns, int LastColumn)
{
    public int? Of(string field) => Columns.TryGetValue(field, out var c) ? c : null;
}

/// <summary>The checks every layout shares: an empty sheet, the header line and its columns, merged cells and formulas under it.</summary>
internal static class SheetLayout
{
    /// <summary>How far down the header line is looked for (titles and notes may come first).</summary>
    private const int HeaderSearchRows = 30;

    public static SheetProblem? Empty(SheetGrid grid) => grid.IsEmpty
        ? SheetProblem.At(grid.Name, 1, 1, "body", ErrorCodes.Required, new("Trang tính trống: không có ô nào có nội dung.", "The sheet is empty: no cell holds anything."))
        : null;

    /// <summary>The header line: the first line naming at least two of the layout's columns; missing required columns are problems.</summary>
    public static (LocatedHeader? Header, IReadOnlyList<SheetProblem> Problems) Locate(SheetGrid grid, IReadOnlyList<LayoutColumn> layout)
    {
        var names = string.Join(", ", layout.Select(c => c.Header.Vietnamese));
        var namesEn = string.Join(", ", layout.Select(c => c.Header.English));
        for (var row = 1; row <= Math.Min(grid.LastRow, HeaderSearchRows); row++)
        {
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            var last = 0;
            foreach (var (_, column, cell) in grid.Cells.Where(c => c.Row == row).OrderBy(c => c.Column))
            {
                last = Math.Max(last, column);
                if (layout.FirstOrDefault(l => l.Matches(cell.Text)) is { } match)
                {
                    columns.TryAdd(match.Field, column);
                }
            }

            if (columns.Count < 2)
            {
                continue;
            }

            var problems = layout
                .Where(l => l.Required && !columns.ContainsKey(l.Field))
                .Select(l => SheetProblem.At(grid.Name, row, last + 1, "body", ErrorCodes.Required, new(
                    $"Thiếu cột '{l.Header.Vietnamese}' ở dòng tiêu đề các cột; các cột của mẫu là: {names}.",
                    $"Column '{l.Header.English}' is missing from the header line; the template's columns are: {namesEn}.")))
                .ToList();
            return (problems.Count == 0 ? new LocatedHeader(row, columns, Math.Max(last, columns.Values.Max())) : null, problems);
        }

        return (null, [SheetProblem.At(grid.Name, 1, 1, "body", ErrorCodes.Required, new(
            $"Không tìm thấy dòng tiêu đề các cột ({names}); hãy dùng tệp mẫu.",
            $"No header line with the template's columns ({namesEn}) was found; start from the template."))]);
    }

    /// <summary>Merged ranges reaching the header line or below, and formulas there: what is imported must be what people see typed.</summary>
    public static IEnumerable<SheetProblem> MergedOrComputed(SheetGrid grid, int fromRow)
    {
        foreach (var merge in grid.Merges.Where(m => m.Bottom >= fromRow).OrderBy(m => m.Top).ThenBy(m => m.Left))
        {
            yield return SheetProblem.At(grid.Name, merge.Top, merge.Left, "body", ErrorCodes.NotAllowed, new(
                $"Các ô {merge.Reference} được gộp (Merge); hãy bỏ gộp ô và ghi giá trị vào từng ô.",
                $"Cells {merge.Reference} are merged; unmerge them and type the value in each cell."));
        }

        foreach (var (row, column, _) in grid.Cells.Where(c => c.Row >= fromRow && c.Cell.IsFormula).OrderBy(c => c.Row).ThenBy(c => c.Column))
        {
            yield return Formula(grid, row, column);
        }
    }

    public static SheetProblem Formula(SheetGrid grid, int row, int column) =>
        SheetProblem.At(grid.Name, row, column, "body", ErrorCodes.NotAllowed, new(
            "Ô chứa công thức; hãy thay bằng giá trị (Sao chép, rồi Dán đặc biệt → Giá trị).",
            "The cell holds a formula; replace it with its value (Copy, then Paste Special → Values)."));
}
