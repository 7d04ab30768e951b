using ThiDua.Domain;

namespace ThiDua.Spreadsheets;

/// <summary>
/// One reason a spreadsheet is refused. <see cref="Sheet"/>, <see cref="Row"/> (1-based, as Excel shows it) and
/// <see cref="Column"/> (its letter) locate the cell; all three are null when the whole file is refused (too large,
/// not an .xlsx). <see cref="Field"/> is the path of the value in the API's JSON (<c>criteria[2].maxPoints</c>), or
/// <c>body</c> for the file itself.
/// </summary>
public sealed record SheetProblem(string? Sheet, int? Row, string? Column, string Field, string Code, Phrase Reason)
{
    /// <summary>The reason preceded by where it is: "Trang tính 'Tiêu chí', dòng 5, cột D: …".</summary>
    public Phrase Message
    {
        get
        {
            var line = Row;
            return Sheet is null
                ? Reason
                : new($"Trang tính '{Sheet}', dòng {line}, cột {Column}: {Reason.Vietnamese}", $"Sheet '{Sheet}', line {line}, column {Column}: {Reason.English}");
        }
    }

    /// <summary>A problem of the whole file.</summary>
    public static SheetProblem OfFile(string code, Phrase reason) => new(null, null, null, "body", code, reason);

    /// <summary>A problem of one cell.</summary>
    public static SheetProblem At(string sheet, int row, int column, string field, string code, Phrase reason) =>
        new(sheet, row, CellAddress.Letters(column), field, code, reason);
}

/// <summary>What a layout read from a file: the value, or the problems that refuse it (never both).</summary>
public sealed record SheetRead<T>(T? Value, IReadOnlyList<SheetProblem> Problems)
    where T : class
{
    internal static SheetRead<T> Refused(IReadOnlyList<SheetProblem> problems) => new(null, problems);

    internal static SheetRead<T> Refused(SheetProblem problem) => new(null, [problem]);
}
