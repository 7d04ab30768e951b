using System.Globalization;
using ThiDua.Domain;

namespace ThiDua.Api.Endpoints;

/// <summary>
/// The year's summary as the download shows it: a title, the column headers and one line per bloc, each cell
/// text or a number, in one language. The spreadsheet writer lays it out; nothing here knows the file format.
/// </summary>
public sealed record SummaryTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Lines);

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

    /// <summary>The title, headers and one line per bloc of <paramref name="province"/>, in <paramref name="language"/>.</summary>
    public static SummaryTable Table(ProvinceYear province, Localizer language)
    {
        ArgumentNullException.ThrowIfNull(province);
        ArgumentNullException.ThrowIfNull(language);
        var title = new Phrase($"Tổng hợp các khối thi đua năm {province.Year}", $"The province's blocs in {province.Year}").In(language);
        var lines = province.Blocs.Select(b => (IReadOnlyList<object?>)
        [
            b.Name,
            b.PhaseText,
            b.NextDeadlineLabel is null ? "" : $"{b.NextDeadlineLabel}: {b.NextDeadlineVietnam}",
            b.Members,
            Names(b.PendingUnits),
            Names(b.LateUnits),
            b.LeadingUnit?.Name ?? "",
            b.NextLeader?.Name ?? "",
            (b.Archived ? new Phrase("Có", "Yes") : new Phrase("Không", "No")).In(language),
            Verification(b, language),
        ]).ToList();
        return new SummaryTable(title, Columns.Select(c => c.In(language)).ToList(), lines);
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
