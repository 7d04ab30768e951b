using System.Globalization;
using ThiDua.Domain;
using ThiDua.Spreadsheets;

namespace ThiDua.Api.Endpoints;

/// <summary>What the province's summary download of a year contains, from the overview (<see cref="ProvinceOverview"/>).</summary>
public static class ProvinceSummary
{
    private static readonly Phrase[] Columns =
    [
        new("Khối thi đua", "Bloc"),
        new("Giai đoạn", "Phase"),
        new("Thời hạn tiếp theo (giờ Việt Nam)", "Next deadline (Vietnam time)"),
        new("Số đơn vị thành viên", "Member units"),
        new("Đơn vị chưa thực hiện", "Pending units"),
        new("Đơn vị trễ hạn", "Late units"),
        new("Đơn vị dẫn đầu", "Leading unit"),
        new("Trưởng khối năm sau", "Next year's bloc leader"),
        new("Đã lưu trữ", "Archived"),
        new("Kiểm tra hồ sơ lưu trữ", "Archive verification"),
    ];

    private static readonly double[] Widths = [34, 24, 40, 12, 40, 40, 30, 30, 12, 44];

    /// <summary>
    /// The sheet of the download: a title, the headers and one line per bloc of <paramref name="province"/>, in
    /// <paramref name="language"/>; the workbook writer lays it out.
    /// </summary>
    public static SheetTable Table(ProvinceYear province, Localizer language)
    {
        ArgumentNullException.ThrowIfNull(province);
        ArgumentNullException.ThrowIfNull(language);
        var title = new Phrase($"Tổng hợp các khối thi đua năm {province.Year}", $"The province's blocs in {province.Year}").In(language);
        var rows = province.Blocs.Select(b => (IReadOnlyList<SheetCell>)
        [
            SheetCell.Of(b.Name),
            SheetCell.Of(b.PhaseText),
            SheetCell.Of(b.NextDeadlineLabel is null ? "" : $"{b.NextDeadlineLabel}: {b.NextDeadlineVietnam}"),
            SheetCell.Of(b.Members),
            SheetCell.Of(Names(b.PendingUnits)),
            SheetCell.Of(Names(b.LateUnits)),
            SheetCell.Of(b.LeadingUnit?.Name ?? ""),
            SheetCell.Of(b.NextLeader?.Name ?? ""),
            SheetCell.Of((b.Archived ? new Phrase("Có", "Yes") : new Phrase("Không", "No")).In(language)),
            SheetCell.Of(Verification(b, language)),
        ]).ToList();
        return new SheetTable
        {
            Name = new Phrase($"Năm {province.Year}", $"{province.Year}").In(language),
            Title = title,
            Header = Columns.Select(c => c.In(language)).ToList(),
            Rows = rows,
            ColumnWidths = Widths,
        };
    }

    private static string Names(IReadOnlyList<UnitName> units) => string.Join(", ", units.Select(u => u.Name));

    private static string Verification(ProvinceBloc bloc, Localizer language)
    {
        if (!bloc.Archived)
        {
            return "";
        }

        if (bloc.Verification is not { } v)
        {
            return new Phrase("Chưa kiểm tra", "Not verified yet").In(language);
        }

        var at = VietnamTime.Format(v.CheckedAt, language);
        var checks = v.Checks.ToString(CultureInfo.InvariantCulture);
        var failures = v.Failures.ToString(CultureInfo.InvariantCulture);
        return (v.Passed
            ? new Phrase($"Đạt: {checks} mục kiểm tra đều đạt ({at})", $"Holds: all {checks} checks hold ({at})")
            : new Phrase($"Không đạt: {failures}/{checks} mục kiểm tra không đạt ({at})", $"Does not hold: {failures} of {checks} checks fail ({at})")).In(language);
    }
}
