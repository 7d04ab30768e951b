using ThiDua.Domain;
using static ThiDua.Cli.Demo.NoiChinhBloc;

namespace ThiDua.Cli.Demo;

/// <summary>A change the year's leader makes in the review window.</summary>
public sealed record DemoAdjustment(string UnitId, string CriterionId, decimal NewPoints, string Reason);

/// <summary>
/// What the simulated units do, fixed so that the outcome can be checked: every unit signs; four
/// submit on time (the Military Command resubmits a corrected sheet); the Enforcement Department
/// tries to replace its sheet after the deadline and is refused; the Department of Justice never
/// submits and is reminded; the leader corrects one point in review. Then the bloc holds its year-end
/// conference with every unit present, as the Nội chính bloc did on 12 January 2018: every unit votes for
/// the top-ranked unit (which itself votes for the runner-up), the bloc elects the Enforcement Department
/// its next leader from two nominees (the Department itself votes for the other), and acclaims the
/// Military Command, sole nominee, as deputy.
/// </summary>
public static class DemoScenario
{
    public const string Resubmitter = MilitaryCommand;
    public const string LateSubmitter = JudgmentEnforcement;
    public const string NeverSubmits = Justice;

    /// <summary>The leader of the bloc's first year: the Department of Home Affairs, which hosted the conference.</summary>
    public const string FirstLeader = HomeAffairs;

    /// <summary>The deputy of the bloc's first year.</summary>
    public const string FirstDeputy = Police;

    /// <summary>The chair's nominations before the conference: two for leader, one (acclamation) for deputy.</summary>
    public static IReadOnlyList<(string Purpose, string UnitId)> Nominations { get; } =
        [("leader", JudgmentEnforcement), ("leader", Police), ("deputy", MilitaryCommand)];

    /// <summary>First sheets, in the order the units send them.</summary>
    public static IReadOnlyList<(string UnitId, IReadOnlyList<ScoreLine> Lines)> Submissions { get; } =
    [
        (HomeAffairs, Sheet(48, 19, 15, 14, bonus: (3, "Mô hình \"Một cửa liên thông\" được Bộ Nội vụ công nhận, nhân rộng"))),
        (Police, Sheet(47, 19, 14, 15, bonus: (2, "Chuyên án triệt phá đường dây ma túy được Bộ Công an khen thưởng"))),
        (JudgmentEnforcement, Sheet(45, 18, 14, 14, penalty: (2, "Một chấp hành viên bị kỷ luật khiển trách"))),
        (MilitaryCommand, Sheet(46, 18, 14, 14)),
    ];

    /// <summary>The Military Command's corrected sheet, sent a few seconds after its first.</summary>
    public static IReadOnlyList<ScoreLine> Resubmission { get; } =
        Sheet(47, 18, 14, 14, bonus: (1, "Hoàn thành xuất sắc diễn tập khu vực phòng thủ tỉnh"));

    /// <summary>What the Enforcement Department tries to send after the deadline.</summary>
    public static IReadOnlyList<ScoreLine> LateSheet { get; } =
        Sheet(47, 19, 14, 14, penalty: (2, "Một chấp hành viên bị kỷ luật khiển trách"));

    /// <summary>The leader's correction of the Police's e-government points.</summary>
    public static DemoAdjustment Adjustment { get; } =
        new(Police, "1-2", 17, "Chưa đạt chỉ tiêu tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình");

    /// <summary>The totals the ranking must show, from the sheets that count and the adjustment.</summary>
    public static IReadOnlyDictionary<string, decimal> ExpectedTotals()
    {
        var latest = Submissions.ToDictionary(s => s.UnitId, s => s.Lines, StringComparer.Ordinal);
        latest[Resubmitter] = Resubmission;
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal) { [NeverSubmits] = 0 };
        foreach (var (unitId, lines) in latest)
        {
            totals[unitId] = lines.Sum(l => l.CriterionId == Adjustment.CriterionId && unitId == Adjustment.UnitId
                ? Adjustment.NewPoints
                : Criteria.Find(l.CriterionId)!.Kind == CriterionKind.Penalty ? -l.Points : l.Points);
        }

        return totals;
    }

    /// <summary>
    /// A unit's ballot in every vote: the first candidate (the top-ranked unit; the Enforcement Department for
    /// leader; the Military Command for deputy), or the second for the first candidate itself; a sole candidate
    /// approves its own acclamation.
    /// </summary>
    public static string Choice(string voterUnitId, IReadOnlyList<string> candidates) =>
        candidates[0] == voterUnitId && candidates.Count > 1 ? candidates[1] : candidates[0];

    static List<ScoreLine> Sheet(decimal task, decimal reform, decimal emulation, decimal organisation, (decimal Points, string Reason)? bonus = null, (decimal Points, string Reason)? penalty = null)
    {
        var lines = new List<ScoreLine> { new("1-1", task), new("1-2", reform), new("2-1", emulation), new("2-2", organisation) };
        if (bonus is { } b)
        {
            lines.Add(new("thuong-1", b.Points, b.Reason));
        }

        if (penalty is { } p)
        {
            lines.Add(new("tru-1", p.Points, p.Reason));
        }

        return lines;
    }
}
