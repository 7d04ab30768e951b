using System.Globalization;
using System.Text.RegularExpressions;
using ThiDua.Domain;

namespace ThiDua.Spreadsheets;

/// <summary>A unit as a units file lists it: id, name and contacts.</summary>
public sealed record UnitEntry(string UnitId, string Name, IReadOnlyList<Contact> Contacts);

/// <summary>
/// The units layout (docs/spreadsheets.md), in .xlsx (first sheet) or CSV: a header line (Mã đơn vị, Tên đơn vị,
/// Người liên hệ, Chức vụ, Thư điện tử) and one line per contact; a unit with two contacts takes two lines with the
/// same id, its name on the first (the others may repeat it or leave it empty). Every problem names the sheet, the
/// line and the column.
/// </summary>
public static partial class UnitsSheet
{
    public const string SheetName = "Đơn vị";

    /// <summary>The most units one file may list.</summary>
    public const int MaxUnits = 500;

    internal static readonly LayoutColumn Id = new("unitId", new("Mã đơn vị", "Unit id"), true, "mã", "id", "unitid");
    internal static readonly LayoutColumn Name = new("name", new("Tên đơn vị", "Unit name"), true, "tên", "đơn vị", "name");
    internal static readonly LayoutColumn ContactName = new("contactName", new("Người liên hệ", "Contact"), false, "họ và tên", "họ tên", "contact name");
    internal static readonly LayoutColumn Role = new("role", new("Chức vụ", "Role"), false, "chức danh");
    internal static readonly LayoutColumn Email = new("email", new("Thư điện tử", "Email"), false, "email", "e-mail", "địa chỉ thư điện tử");

    private static readonly LayoutColumn[] Columns = [Id, Name, ContactName, Role, Email];

    /// <summary>The units of the .xlsx in <paramref name="bytes"/>, or every problem found.</summary>
    public static SheetRead<IReadOnlyList<UnitEntry>> ReadXlsx(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var opened = XlsxFile.ReadFirstSheet(bytes);
        return opened.Value is { } grid ? Read(grid) : SheetRead<IReadOnlyList<UnitEntry>>.Refused(opened.Problems);
    }

    /// <summary>The units of the CSV in <paramref name="bytes"/>, or every problem found.</summary>
    public static SheetRead<IReadOnlyList<UnitEntry>> ReadCsv(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var opened = CsvFile.Read(bytes);
        return opened.Value is { } grid ? Read(grid) : SheetRead<IReadOnlyList<UnitEntry>>.Refused(opened.Problems);
    }

    /// <summary>The .xlsx of <paramref name="units"/> in the import layout.</summary>
    public static byte[] Write(IReadOnlyList<UnitEntry> units, string title)
    {
        ArgumentNullException.ThrowIfNull(units);
        return Workbook.Write([Sheet(units, title), Guide()]);
    }

    /// <summary>The CSV (UTF-8, comma separated, header line) of <paramref name="units"/> in the import layout.</summary>
    public static string WriteCsv(IReadOnlyList<UnitEntry> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var lines = new List<string> { string.Join(',', Columns.Select(c => Quote(c.Header.Vietnamese))) };
        lines.AddRange(Lines(units).Select(line => string.Join(',', line.Select(Quote))));
        return string.Join("\r\n", lines) + "\r\n";

        static string Quote(string value) => value.IndexOfAny([',', '"', '\r', '\n', ';']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>The template: the layout with one example unit of two contacts, and the guide.</summary>
    public static byte[] Template() => Write(
        [new UnitEntry("so-tu-phap", "Sở Tư pháp", [new Contact("Nguyễn Văn An", "vanphong@stp.example.gov.vn", "Chánh Văn phòng"), new Contact("Trần Thị Bình", "tdkt@stp.example.gov.vn", "Chuyên viên thi đua")])],
        "Danh sách đơn vị thành viên (mẫu)");

    private static SheetTable Sheet(IReadOnlyList<UnitEntry> units, string title) => new()
    {
        Name = SheetName,
        Title = title,
        Header = [.. Columns.Select(c => c.Header.Vietnamese)],
        Rows = [.. Lines(units).Select(line => (IReadOnlyList<SheetCell>)[.. line.Select(SheetCell.Of)])],
        ColumnWidths = [22, 40, 28, 26, 34],
    };

    private static IEnumerable<string[]> Lines(IReadOnlyList<UnitEntry> units) =>
        units.SelectMany(u => u.Contacts.Count == 0
            ? [[u.UnitId, u.Name, "", "", ""]]
            : u.Contacts.Select((c, i) => new[] { u.UnitId, i == 0 ? u.Name : "", c.Name, c.Role, c.Email }));

    private static SheetTable Guide() => new()
    {
        Name = "Hướng dẫn",
        Title = "Cách điền danh sách đơn vị thành viên",
        Header = ["Cột", "Cách điền"],
        Rows =
        [
            [SheetCell.Of(Id.Header.Vietnamese), SheetCell.Of("Bắt buộc: chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ so-tu-phap. Mỗi người liên hệ một dòng; các dòng của cùng đơn vị ghi cùng mã.")],
            [SheetCell.Of(Name.Header.Vietnamese), SheetCell.Of("Bắt buộc ở dòng đầu tiên của đơn vị, ví dụ \"Sở Tư pháp\"; các dòng sau có thể để trống.")],
            [SheetCell.Of(ContactName.Header.Vietnamese), SheetCell.Of("Họ và tên người nhận thông báo của đơn vị.")],
            [SheetCell.Of(Role.Header.Vietnamese), SheetCell.Of("Không bắt buộc, ví dụ \"Chánh Văn phòng\".")],
            [SheetCell.Of(Email.Header.Vietnamese), SheetCell.Of("Bắt buộc khi có người liên hệ, ví dụ vanphong@stp.gov.vn.")],
            [SheetCell.Of("Lưu ý"), SheetCell.Of("Chỉ trang tính đầu tiên được đọc; cũng nhận tệp CSV (UTF-8) cùng các cột. Đơn vị đã có được cập nhật tên và người liên hệ; chứng thư số giữ nguyên.")],
        ],
        ColumnWidths = [22, 100],
    };

    private static SheetRead<IReadOnlyList<UnitEntry>> Read(SheetGrid grid)
    {
        if (SheetLayout.Empty(grid) is { } empty)
        {
            return SheetRead<IReadOnlyList<UnitEntry>>.Refused(empty);
        }

        var (header, missing) = SheetLayout.Locate(grid, Columns);
        if (header is null)
        {
            return SheetRead<IReadOnlyList<UnitEntry>>.Refused(missing);
        }

        var problems = SheetLayout.MergedOrComputed(grid, header.Row).ToList();
        var units = new List<(string Id, int Line, string Name, List<(int Row, Contact Contact)> Contacts)>();
        for (var row = header.Row + 1; row <= grid.LastRow; row++)
        {
            if (grid.IsBlankRow(row, header.LastColumn))
            {
                continue;
            }

            var id = grid.Text(row, header.Of(Id.Field)!.Value);
            var name = grid.Text(row, header.Of(Name.Field)!.Value);
            var contact = new Contact(Cell(row, ContactName), Cell(row, Email), Cell(row, Role));
            var unit = units.FindIndex(u => string.Equals(u.Id, id, StringComparison.Ordinal));
            if (unit < 0)
            {
                if (units.Count == MaxUnits)
                {
                    problems.Add(SheetProblem.At(grid.Name, row, header.Of(Id.Field)!.Value, "units", ErrorCodes.OutOfRange, new(
                        $"Một tệp liệt kê tối đa {MaxUnits} đơn vị.", $"A file lists at most {MaxUnits} units.")));
                    break;
                }

                units.Add((id, row, name, []));
                unit = units.Count - 1;
            }
            else if (name.Length > 0 && !string.Equals(TextRule.ComparisonKey(name), TextRule.ComparisonKey(units[unit].Name), StringComparison.Ordinal))
            {
                problems.Add(SheetProblem.At(grid.Name, row, header.Of(Name.Field)!.Value, Field(unit, "name"), ErrorCodes.Mismatch, new(
                    $"Đơn vị '{id}' đã có tên '{units[unit].Name}' ở dòng {units[unit].Line}; để trống ô này hoặc ghi cùng tên.",
                    $"Unit '{id}' is named '{units[unit].Name}' on line {units[unit].Line}; leave this cell empty or write the same name.")));
            }

            if (contact.Name.Length > 0 || contact.Email.Length > 0 || contact.Role.Length > 0)
            {
                units[unit].Contacts.Add((row, contact));
            }
        }

        if (units.Count == 0)
        {
            problems.Add(SheetProblem.At(grid.Name, header.Row + 1, header.Of(Id.Field)!.Value, "units", ErrorCodes.Required, new(
                "Chưa có đơn vị nào dưới dòng tiêu đề các cột.", "No unit is listed under the header line.")));
        }

        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var record = new MemberUnit { UnitId = u.Id, BlocId = "khoi", Name = u.Name, Contacts = [.. u.Contacts.Select(c => c.Contact)] };
            foreach (var error in record.Validate())
            {
                problems.Add(Locate(grid.Name, error, header, i, u.Line, u.Contacts.Select(c => c.Row).ToList()));
            }
        }

        if (problems.Count > 0)
        {
            return SheetRead<IReadOnlyList<UnitEntry>>.Refused(problems);
        }

        return new([.. units.Select(u => new UnitEntry(u.Id, u.Name, [.. u.Contacts.Select(c => c.Contact)]))], []);

        string Cell(int row, LayoutColumn column) => header.Of(column.Field) is { } c ? grid.Text(row, c) : "";
    }

    private static string Field(int unit, string name) => string.Create(CultureInfo.InvariantCulture, $"units[{unit}].{name}");

    private static SheetProblem Locate(string sheet, ValidationError error, LocatedHeader header, int unit, int unitRow, List<int> contactRows)
    {
        var contact = ContactField().Match(error.Field);
        if (contact.Success && int.TryParse(contact.Groups[1].Value, CultureInfo.InvariantCulture, out var index) && index < contactRows.Count)
        {
            var column = contact.Groups[2].Value switch
            {
                "name" => ContactName,
                "role" => Role,
                _ => Email,
            };
            return SheetProblem.At(sheet, contactRows[index], header.Of(column.Field) ?? header.Of(Id.Field)!.Value, Field(unit, error.Field), error.Code, error.Message);
        }

        var at = error.Field == "name" ? Name : Id;
        return SheetProblem.At(sheet, unitRow, header.Of(at.Field)!.Value, Field(unit, error.Field), error.Code, error.Message);
    }

    [GeneratedRegex(@"^contacts\[(\d+)\]\.(\w+)$")]
    private static partial Regex ContactField();
}
