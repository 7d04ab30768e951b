using System.Globalization;
using System.Text.RegularExpressions;
using ThiDua.Domain;

namespace ThiDua.Spreadsheets;

/// <summary>
/// The criteria layout (docs/spreadsheets.md): on the first sheet, a "Thang điểm" line with the scale, then a header
/// line (Mã tiêu chí, Nhóm, Nội dung tiêu chí, Điểm tối đa, Loại) and one criterion per line. Reading the export of a
/// table gives the same table. Every problem names the sheet, the line and the column.
/// </summary>
public static partial class CriteriaSheet
{
    /// <summary>The name of the sheet the export and the template write.</summary>
    public const string SheetName = "Tiêu chí";

    /// <summary>The most criteria a table may have.</summary>
    public const int MaxCriteria = 500;

    internal static readonly LayoutColumn Id = new("id", new("Mã tiêu chí", "Criterion id"), true, "mã", "ma tc", "id");
    internal static readonly LayoutColumn Group = new("group", new("Nhóm", "Group"), false, "nhóm tiêu chí");
    internal static readonly LayoutColumn Title = new("title", new("Nội dung tiêu chí", "Criterion"), true, "nội dung", "tiêu chí", "title");
    internal static readonly LayoutColumn MaxPoints = new("maxPoints", new("Điểm tối đa", "Maximum points"), true, "điểm chuẩn", "điểm", "max points", "maxpoints");
    internal static readonly LayoutColumn Kind = new("kind", new("Loại", "Kind"), false, "loại điểm");

    private static readonly LayoutColumn[] Columns = [Id, Group, Title, MaxPoints, Kind];

    private static readonly Phrase ScaleLabel = new("Thang điểm", "Scale");

    private static readonly Dictionary<string, CriterionKind> Kinds = new(StringComparer.Ordinal)
    {
        [""] = CriterionKind.Regular,
        ["thuong"] = CriterionKind.Regular,
        ["regular"] = CriterionKind.Regular,
        ["diem thuong"] = CriterionKind.Bonus,
        ["cong"] = CriterionKind.Bonus,
        ["diem cong"] = CriterionKind.Bonus,
        ["bonus"] = CriterionKind.Bonus,
        ["diem tru"] = CriterionKind.Penalty,
        ["tru"] = CriterionKind.Penalty,
        ["penalty"] = CriterionKind.Penalty,
    };

    /// <summary>The criteria of the .xlsx in <paramref name="bytes"/>, or every problem found (nothing partial).</summary>
    public static SheetRead<CriteriaTable> Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var opened = XlsxFile.ReadFirstSheet(bytes);
        if (opened.Value is not { } grid)
        {
            return SheetRead<CriteriaTable>.Refused(opened.Problems);
        }

        if (SheetLayout.Empty(grid) is { } empty)
        {
            return SheetRead<CriteriaTable>.Refused(empty);
        }

        var (header, missing) = SheetLayout.Locate(grid, Columns);
        if (header is null)
        {
            return SheetRead<CriteriaTable>.Refused(missing);
        }

        var problems = SheetLayout.MergedOrComputed(grid, header.Row).ToList();
        var (scale, scaleCell) = ReadScale(grid, header.Row, problems);
        var lines = new List<(int Row, Criterion Criterion)>();
        for (var row = header.Row + 1; row <= grid.LastRow; row++)
        {
            if (grid.IsBlankRow(row, header.LastColumn))
            {
                continue;
            }

            if (lines.Count == MaxCriteria)
            {
                problems.Add(SheetProblem.At(grid.Name, row, 1, "criteria", ErrorCodes.OutOfRange, new(
                    $"Bảng tiêu chí chấm điểm có tối đa {MaxCriteria} tiêu chí.", $"The scoring criteria have at most {MaxCriteria} criteria.")));
                break;
            }

            var index = lines.Count;
            var field = (string name) => $"criteria[{index.ToString(CultureInfo.InvariantCulture)}].{name}";
            var points = ReadPoints(grid, row, header.Of(MaxPoints.Field)!.Value, field(MaxPoints.Field), problems);
            var kindText = header.Of(Kind.Field) is { } kc ? grid.Text(row, kc) : "";
            if (!Kinds.TryGetValue(SheetGrid.Normalize(kindText), out var kind))
            {
                problems.Add(SheetProblem.At(grid.Name, row, header.Of(Kind.Field)!.Value, field(Kind.Field), ErrorCodes.InvalidFormat, new(
                    $"Loại '{kindText}' không rõ: ghi \"thường\" (hoặc để trống), \"điểm thưởng\" hoặc \"điểm trừ\".",
                    $"Kind '{kindText}' is unknown: write \"thường\" (regular, or leave it empty), \"điểm thưởng\" (bonus) or \"điểm trừ\" (penalty).")));
            }

            if (points is { } p && scale is { } s && p > s)
            {
                problems.Add(SheetProblem.At(grid.Name, row, header.Of(MaxPoints.Field)!.Value, field(MaxPoints.Field), ErrorCodes.OutOfRange, new(
                    $"Điểm tối đa {Points.Format(p)} lớn hơn thang điểm {Points.Format(s)}.", $"Maximum points {Points.Format(p)} exceed the scale {Points.Format(s)}.")));
            }

            lines.Add((row, new Criterion
            {
                Id = IdText(grid.Text(row, header.Of(Id.Field)!.Value)),
                Group = header.Of(Group.Field) is { } gc ? grid.Text(row, gc) : "",
                Title = grid.Text(row, header.Of(Title.Field)!.Value),
                MaxPoints = points ?? 0,
                Kind = kind,
            }));
        }

        if (lines.Count == 0)
        {
            problems.Add(SheetProblem.At(grid.Name, header.Row + 1, header.Of(Id.Field)!.Value, "criteria", ErrorCodes.Required, new(
                "Chưa có tiêu chí nào dưới dòng tiêu đề các cột.", "No criterion is listed under the header line.")));
        }

        if (problems.Count > 0)
        {
            return SheetRead<CriteriaTable>.Refused(problems);
        }

        var table = new CriteriaTable { Scale = scale!.Value, Criteria = [.. lines.Select(l => l.Criterion)] };
        var invalid = table.Validate()
            .Select(e => Locate(grid.Name, e, header, scaleCell, lines.Select(l => l.Row).ToList()))
            .ToList();
        return invalid.Count > 0 ? SheetRead<CriteriaTable>.Refused(invalid) : new(table, []);
    }

    /// <summary>The .xlsx of <paramref name="table"/> in the import layout, under <paramref name="title"/>.</summary>
    public static byte[] Write(CriteriaTable table, string title)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Workbook.Write([Sheet(table, title), Guide()]);
    }

    /// <summary>The template: the layout with two example lines and the guide on a second sheet.</summary>
    public static byte[] Template() => Write(
        new CriteriaTable
        {
            Scale = 100,
            Criteria =
            [
                new() { Id = "1-1", Group = "I. Thực hiện nhiệm vụ chuyên môn", Title = "Hoàn thành các chỉ tiêu, nhiệm vụ được giao trong năm", MaxPoints = 60 },
                new() { Id = "2-1", Group = "II. Công tác xây dựng cơ quan, đơn vị", Title = "Thực hiện cải cách hành chính, chuyển đổi số", MaxPoints = 40 },
                new() { Id = "3-1", Group = "III. Điểm thưởng, điểm trừ", Title = "Sáng kiến, mô hình mới được cấp có thẩm quyền công nhận", MaxPoints = 5, Kind = CriterionKind.Bonus },
                new() { Id = "3-2", Group = "III. Điểm thưởng, điểm trừ", Title = "Chậm gửi báo cáo so với thời hạn", MaxPoints = 5, Kind = CriterionKind.Penalty },
            ],
        },
        "Bảng tiêu chí chấm điểm (mẫu)");

    internal static SheetTable Sheet(CriteriaTable table, string title) => new()
    {
        Name = SheetName,
        Title = title,
        Lines = [[SheetCell.Of(ScaleLabel.Vietnamese), SheetCell.Of(table.Scale)]],
        Header = [.. Columns.Select(c => c.Header.Vietnamese)],
        Rows = [.. table.Criteria.Select(c => (IReadOnlyList<SheetCell>)[SheetCell.Of(c.Id), SheetCell.Of(c.Group), SheetCell.Of(c.Title), SheetCell.Of(c.MaxPoints), SheetCell.Of(KindText(c.Kind))])],
        ColumnWidths = [14, 36, 70, 13, 14],
    };

    private static SheetTable Guide() => new()
    {
        Name = "Hướng dẫn",
        Title = "Cách điền bảng tiêu chí chấm điểm",
        Header = ["Cột", "Cách điền"],
        Rows =
        [
            [SheetCell.Of(ScaleLabel.Vietnamese), SheetCell.Of("Ô bên phải chữ \"Thang điểm\": tổng điểm tối đa của các tiêu chí thường, ví dụ 100 hoặc 1000.")],
            [SheetCell.Of(Id.Header.Vietnamese), SheetCell.Of("Bắt buộc, không trùng nhau: chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ 1-1, 2-3, thuong-1.")],
            [SheetCell.Of(Group.Header.Vietnamese), SheetCell.Of("Không bắt buộc: tên nhóm tiêu chí, ví dụ \"I. Thực hiện nhiệm vụ chuyên môn\".")],
            [SheetCell.Of(Title.Header.Vietnamese), SheetCell.Of("Bắt buộc: nội dung được chấm điểm.")],
            [SheetCell.Of(MaxPoints.Header.Vietnamese), SheetCell.Of("Bắt buộc: số lớn hơn 0, không lớn hơn thang điểm; gõ giá trị, không dùng công thức.")],
            [SheetCell.Of(Kind.Header.Vietnamese), SheetCell.Of("\"thường\" (hoặc để trống), \"điểm thưởng\" hoặc \"điểm trừ\"; điểm thưởng và điểm trừ cần nêu lý do khi chấm.")],
            [SheetCell.Of("Lưu ý"), SheetCell.Of("Chỉ trang tính đầu tiên được đọc. Không gộp ô (Merge) từ dòng tiêu đề các cột trở xuống. Tệp tối đa 2 MB.")],
        ],
        ColumnWidths = [22, 100],
    };

    internal static string KindText(CriterionKind kind) => kind switch
    {
        CriterionKind.Bonus => "điểm thưởng",
        CriterionKind.Penalty => "điểm trừ",
        _ => "thường",
    };

    /// <summary>An id as typed: trimmed; a number cell such as 1 reads as "1".</summary>
    private static string IdText(string text) => text.Trim();

    private static (decimal? Scale, (int Row, int Column) Cell) ReadScale(SheetGrid grid, int headerRow, List<SheetProblem> problems)
    {
        foreach (var (row, column, cell) in grid.Cells.Where(c => c.Row < headerRow).OrderBy(c => c.Row).ThenBy(c => c.Column))
        {
            var key = SheetGrid.Normalize(cell.Text);
            if (key != SheetGrid.Normalize(ScaleLabel.Vietnamese) && key != SheetGrid.Normalize(ScaleLabel.English))
            {
                continue;
            }

            var value = grid.At(row, column + 1);
            if (value is { IsFormula: true })
            {
                problems.Add(SheetLayout.Formula(grid, row, column + 1));
                return (null, (row, column + 1));
            }

            return (ReadPoints(grid, row, column + 1, "scale", problems), (row, column + 1));
        }

        var at = (Math.Max(1, headerRow - 1), 1);
        problems.Add(SheetProblem.At(grid.Name, at.Item1, 1, "scale", ErrorCodes.Required, new(
            "Thiếu dòng \"Thang điểm\" phía trên dòng tiêu đề các cột: ghi \"Thang điểm\" ở một ô và số điểm ở ô bên phải, ví dụ 100.",
            "The \"Thang điểm\" (scale) line above the header line is missing: write \"Thang điểm\" in a cell and the points in the cell to its right, for example 100.")));
        return (null, at);
    }

    private static decimal? ReadPoints(SheetGrid grid, int row, int column, string field, List<SheetProblem> problems)
    {
        var cell = grid.At(row, column);
        if (cell?.Number is { } number)
        {
            return Positive(number);
        }

        var text = cell?.Text.Trim() ?? "";
        if (text.Length > 0 && PointsText().IsMatch(text)
            && decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            return Positive(parsed);
        }

        problems.Add(SheetProblem.At(grid.Name, row, column, field, text.Length == 0 ? ErrorCodes.Required : ErrorCodes.InvalidFormat, text.Length == 0
            ? new("Chưa có số điểm.", "The points are missing.")
            : new($"'{text}' không phải là số điểm; ghi một số, ví dụ 10 hoặc 2,5.", $"'{text}' is not a number of points; write a number such as 10 or 2.5.")));
        return null;

        decimal? Positive(decimal value)
        {
            if (value > 0)
            {
                return value;
            }

            problems.Add(SheetProblem.At(grid.Name, row, column, field, ErrorCodes.OutOfRange, new(
                $"Số điểm phải lớn hơn 0; ô có {Points.Format(value)}.", $"The points must be above 0; the cell has {Points.Format(value)}.")));
            return null;
        }
    }

    /// <summary>Where a rule of <see cref="CriteriaTable.Validate"/> points: the criterion's line and the field's column, or the scale.</summary>
    private static SheetProblem Locate(string sheet, ValidationError error, LocatedHeader header, (int Row, int Column) scale, List<int> rows)
    {
        var match = LineField().Match(error.Field);
        if (match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var index) && index < rows.Count)
        {
            var column = header.Of(match.Groups[2].Value) ?? header.Of(Id.Field)!.Value;
            return SheetProblem.At(sheet, rows[index], column, error.Field, error.Code, error.Message);
        }

        return SheetProblem.At(sheet, scale.Row, scale.Column, error.Field, error.Code, error.Message);
    }

    [GeneratedRegex(@"^criteria\[(\d+)\]\.(\w+)$")]
    private static partial Regex LineField();

    [GeneratedRegex(@"^\d+([.,]\d+)?$")]
    private static partial Regex PointsText();
}
