using System.Globalization;

namespace ThiDua.Domain;

/// <summary>
/// Vietnam time (Asia/Ho_Chi_Minh): UTC+07:00 all year. A fixed offset is used instead of
/// <see cref="TimeZoneInfo"/> because slim containers and invariant-globalization builds may not
/// carry the tz database, and Vietnam has had no daylight saving time since 1975, so the offset
/// is exact for every date this system handles.
/// </summary>
public static class VietnamTime
{
    /// <summary>The offset of Vietnam time from UTC.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>
    /// The instant, in UTC, of 23:59:59 on <paramref name="date"/> in Vietnam: a deadline
    /// "15 December" means the whole of 15 December, Vietnam time.
    /// </summary>
    public static DateTimeOffset EndOfDay(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), Offset).ToUniversalTime();

    /// <summary>The instant, in UTC, of 23:59:59 on the given Vietnam calendar day.</summary>
    public static DateTimeOffset EndOfDay(int year, int month, int day) => EndOfDay(new DateOnly(year, month, day));

    /// <summary>The instant, in UTC, of 00:00:00 on <paramref name="date"/> in Vietnam.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>The same instant expressed with the +07:00 offset.</summary>
    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The Vietnam calendar day containing <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToVietnam(instant).DateTime);

    /// <summary>
    /// Formats an instant for people: "23:59 ngày 15/12/2026 (giờ Việt Nam)" in Vietnamese,
    /// "23:59 on 15/12/2026 (Vietnam time)" in English.
    /// </summary>
    public static string Format(DateTimeOffset instant, Localizer? localizer = null)
    {
        var l = localizer ?? Localizer.Vietnamese;
        var local = ToVietnam(instant);
        return l.Format(
            TextKeys.DateTimeFormat,
            local.ToString("HH:mm", CultureInfo.InvariantCulture),
            local.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
    }

    /// <summary>Formats a Vietnam calendar day: "15/12/2026".</summary>
    public static string FormatDate(DateTimeOffset instant) =>
        ToVietnam(instant).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
