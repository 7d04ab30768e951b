using System.Globalization;
using ThiDua.Domain;

namespace ThiDua.Documents.Builders;

/// <summary>How the formal documents write numbers, times and names: Vietnamese decimal comma, Vietnam time, names never ids.</summary>
internal static class Formal
{
    /// <summary>The bloc as an issuing body: "KHỐI THI ĐUA NỘI CHÍNH".</summary>
    public static IssuingBody BlocIssuer(string blocName) => new(null, "KHỐI THI ĐUA " + blocName.ToUpperInvariant());

    /// <summary>"Khối thi đua Nội chính".</summary>
    public static string Bloc(string blocName) => "Khối thi đua " + blocName;

    /// <summary>Points or percentages with a decimal comma: 92.5 → "92,5", 10 → "10".</summary>
    public static string Number(decimal value) => Points.Format(value).Replace('.', ',');

    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Percentage of <paramref name="part"/> on <paramref name="whole"/>, one decimal, rounded half away from zero: "66,7".</summary>
    public static string Percent(int part, int whole) =>
        Number(whole == 0 ? 0m : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero));

    /// <summary>"14 giờ 30 phút ngày 12/01/2018" in Vietnam time.</summary>
    public static string Time(DateTimeOffset instant)
    {
        var local = VietnamTime.ToVietnam(instant);
        return local.ToString("HH 'giờ' mm 'phút, ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>"12/01/2027".</summary>
    public static string Day(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>The members as documents list them: the leader first, the deputy next, then the others by name.</summary>
    public static List<CampaignMember> Ordered(Campaign campaign) =>
        [.. campaign.Members
            .OrderBy(m => string.Equals(m.UnitId, campaign.LeaderUnitId, StringComparison.Ordinal) ? 0
                : string.Equals(m.UnitId, campaign.DeputyUnitId, StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>A member's name; an id unknown to the campaign is shown as "đơn vị không xác định", never printed.</summary>
    public static string NameOf(IEnumerable<CampaignMember> members, string unitId) =>
        members.FirstOrDefault(m => string.Equals(m.UnitId, unitId, StringComparison.Ordinal))?.Name ?? "đơn vị không xác định";

    /// <summary>
    /// The proposals grouped by the rules' award levels, highest first, each level's units in their order; a level
    /// without proposals comes with none. A proposal for a level the rules do not have is refused: its name is unknown.
    /// </summary>
    public static IReadOnlyList<(ProposalLevel Level, IReadOnlyList<Proposal> Units)> ByLevel(ProposalRules rules, IReadOnlyList<Proposal> proposals)
    {
        if (proposals.FirstOrDefault(p => !rules.Levels.Any(l => string.Equals(l.Id, p.LevelId, StringComparison.Ordinal))) is { } stray)
        {
            throw new ArgumentException($"Proposal level '{stray.LevelId}' is not one of the campaign's award levels.", nameof(proposals));
        }

        return rules.Levels
            .Select(l => (l, (IReadOnlyList<Proposal>)[.. proposals.Where(p => string.Equals(p.LevelId, l.Id, StringComparison.Ordinal)).OrderBy(p => p.Order)]))
            .ToList();
    }

    /// <summary>
    /// A person's position in a unit: "Cục trưởng" + "Cục Thi hành án dân sự tỉnh" → "Cục trưởng Cục Thi hành án dân sự tỉnh",
    /// but "Giám đốc Sở" + "Sở Nội vụ" → "Giám đốc Sở Nội vụ" (a title that ends with the unit's first word does not repeat it).
    /// </summary>
    public static string Position(string title, string unitName)
    {
        var words = title.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var unitFirst = unitName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (words.Length > 1 && unitFirst is not null && string.Equals(words[^1], unitFirst, StringComparison.Ordinal))
        {
            words = words[..^1];
        }

        return string.Join(' ', words.Append(unitName.Trim()).Where(w => w.Length > 0));
    }
}
