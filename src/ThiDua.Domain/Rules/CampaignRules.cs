using System.Globalization;

namespace ThiDua.Domain;

public sealed partial record Campaign
{
    /// <summary>The earliest campaign year accepted.</summary>
    public const int MinYear = 2000;

    /// <summary>The latest campaign year accepted.</summary>
    public const int MaxYear = 2200;

    /// <summary>
    /// The campaign's key, an <see cref="Identifier"/>: <c>{blocId}-{year}</c> (for example <c>noi-chinh-2026</c>).
    /// </summary>
    public string Key => KeyOf(BlocId, Year);

    /// <summary>The key of the campaign of <paramref name="blocId"/> in <paramref name="year"/>.</summary>
    public static string KeyOf(string blocId, int year) => string.Create(CultureInfo.InvariantCulture, $"{blocId}-{year}");

    /// <summary>
    /// A new campaign of <paramref name="bloc"/> for <paramref name="year"/>: the members are a
    /// snapshot of the bloc's active member units (names from <paramref name="units"/>), the rules
    /// a copy of the bloc's. Validate the result before launching it.
    /// </summary>
    public static Campaign Create(
        Bloc bloc,
        IEnumerable<MemberUnit> units,
        int year,
        LeaderChoice leadership,
        IReadOnlyList<string> commitments,
        CriteriaTable criteria,
        CampaignSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(bloc);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(leadership);
        var byId = units
            .Where(u => string.Equals(u.BlocId, bloc.BlocId, StringComparison.Ordinal))
            .ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var members = bloc.MemberUnitIds
            .Distinct(StringComparer.Ordinal)
            .Where(id => byId.TryGetValue(id, out var unit) && unit.Active)
            .Select(id => new CampaignMember(id, byId[id].Name))
            .ToList();
        return new Campaign
        {
            BlocId = bloc.BlocId,
            BlocName = bloc.Name,
            Year = year,
            LeaderUnitId = leadership.LeaderUnitId,
            DeputyUnitId = leadership.DeputyUnitId,
            Members = members,
            Commitments = commitments,
            Criteria = criteria,
            Schedule = schedule,
            Rules = bloc.Rules,
        };
    }

    /// <summary>The member with <paramref name="unitId"/>, or null when it is not a member of this campaign.</summary>
    public CampaignMember? FindMember(string? unitId) => Members.FirstOrDefault(m => string.Equals(m.UnitId, unitId, StringComparison.Ordinal));

    /// <summary>
    /// Every problem of this campaign, with field paths such as <c>members[1].unitId</c>,
    /// <c>criteria.criteria[0].maxPoints</c> or <c>schedule.reviewDeadline</c>; empty when valid.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new ErrorList();
        errors.Id("blocId", BlocId);
        errors.Text("blocName", BlocName, 200);
        errors.Range("year", Year, MinYear, MaxYear);
        if (BlocId is { Length: > Bloc.MaxIdLength })
        {
            errors.Add("blocId", ErrorCodes.OutOfRange, new($"Mã khối thi đua tối đa {Bloc.MaxIdLength} ký tự.", $"A bloc id has at most {Bloc.MaxIdLength} characters."));
        }

        if (Members is null || Commitments is null || Rules is null)
        {
            errors.Add(Members is null ? "members" : Commitments is null ? "commitments" : "rules", ErrorCodes.Required, new("Không được để trống (null).", "Must not be null."));
            return errors.Errors;
        }

        if (Members.Count == 0)
        {
            errors.Add("members", ErrorCodes.Required, new("Năm thi đua cần ít nhất một đơn vị thành viên.", "A campaign needs at least one member unit."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Members.Count; i++)
        {
            var member = errors.Under(ErrorList.Item("members", i));
            member.Id("unitId", Members[i].UnitId);
            member.Text("name", Members[i].Name, 200);
            if (Members[i].UnitId is not null && !seen.Add(Members[i].UnitId))
            {
                member.Add("unitId", ErrorCodes.Duplicate, new($"'{Members[i].UnitId}' được liệt kê hai lần.", $"'{Members[i].UnitId}' is listed twice."));
            }
        }

        errors.Id("leaderUnitId", LeaderUnitId);
        if (Identifier.IsValid(LeaderUnitId) && FindMember(LeaderUnitId) is null)
        {
            errors.Add("leaderUnitId", ErrorCodes.Unknown, new($"'{LeaderUnitId}' không phải là đơn vị thành viên của khối.", $"'{LeaderUnitId}' is not a member of the bloc."));
        }

        if (DeputyUnitId is not null)
        {
            errors.Id("deputyUnitId", DeputyUnitId);
            if (Identifier.IsValid(DeputyUnitId) && FindMember(DeputyUnitId) is null)
            {
                errors.Add("deputyUnitId", ErrorCodes.Unknown, new($"'{DeputyUnitId}' không phải là đơn vị thành viên của khối.", $"'{DeputyUnitId}' is not a member of the bloc."));
            }
            else if (string.Equals(DeputyUnitId, LeaderUnitId, StringComparison.Ordinal))
            {
                errors.Add("deputyUnitId", ErrorCodes.NotAllowed, new("Phó trưởng khối phải là đơn vị khác trưởng khối.", "The deputy must differ from the leader."));
            }
        }

        for (var i = 0; i < Commitments.Count; i++)
        {
            errors.Text(ErrorList.Item("commitments", i), Commitments[i], 2000);
        }

        if (Criteria is null)
        {
            errors.Add("criteria", ErrorCodes.Required, new("Năm thi đua cần có bảng tiêu chí chấm điểm.", "A campaign needs scoring criteria."));
        }
        else
        {
            Criteria.AddErrors(errors.Under("criteria"));
        }

        if (Schedule is null)
        {
            errors.Add("schedule", ErrorCodes.Required, new("Năm thi đua cần có lịch các thời hạn.", "A campaign needs a schedule."));
        }
        else
        {
            Schedule.AddErrors(errors.Under("schedule"), Rules.Voting.MaxRunoffs);
        }

        Rules.AddErrors(errors.Under("rules"));
        return errors.Errors;
    }
}

public sealed partial record CriteriaTable
{
    /// <summary>The criterion with <paramref name="id"/>, or null.</summary>
    public Criterion? Find(string? id) => Criteria.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// Every problem of this table, with field paths such as <c>criteria[3].maxPoints</c>; empty when valid.
    /// Rules: at least one regular criterion, ids valid and unique, titles present, maxima above 0,
    /// and the regular maxima add up to <see cref="Scale"/>.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new ErrorList();
        AddErrors(errors);
        return errors.Errors;
    }

    internal void AddErrors(ErrorList errors)
    {
        if (Scale <= 0)
        {
            errors.Add("scale", ErrorCodes.OutOfRange, new("Thang điểm phải lớn hơn 0 (ví dụ 100 hoặc 1000).", "The scale must be above 0 (for example 100 or 1000)."));
        }

        if (Criteria is null || Criteria.Count == 0)
        {
            errors.Add("criteria", ErrorCodes.Required, new("Bảng tiêu chí chấm điểm cần ít nhất một tiêu chí.", "The criteria need at least one criterion."));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Criteria.Count; i++)
        {
            var c = Criteria[i];
            var line = errors.Under(ErrorList.Item("criteria", i));
            line.Id("id", c.Id);
            if (c.Id is not null && !seen.Add(c.Id))
            {
                line.Add("id", ErrorCodes.Duplicate, new($"Tiêu chí '{c.Id}' được liệt kê hai lần.", $"Criterion '{c.Id}' is listed twice."));
            }

            line.Text("title", c.Title, 2000);
            if (c.Group is null || c.Group.Length > 500)
            {
                line.Add("group", ErrorCodes.OutOfRange, new("Tối đa 500 ký tự (để trống nếu không thuộc nhóm nào).", "Must be at most 500 characters (empty for no group)."));
            }
            else
            {
                line.OptionalText("group", c.Group, 500);
            }

            if (c.MaxPoints <= 0)
            {
                line.Add("maxPoints", ErrorCodes.OutOfRange, new($"Phải lớn hơn 0; giá trị đã gửi là {Points.Format(c.MaxPoints)}.", $"Must be above 0, got {Points.Format(c.MaxPoints)}."));
            }

            if (!Enum.IsDefined(c.Kind))
            {
                line.Add("kind", ErrorCodes.InvalidFormat, new("Phải là Regular, Bonus hoặc Penalty.", "Must be Regular, Bonus or Penalty."));
            }
        }

        var regular = Criteria.Where(c => c.Kind == CriterionKind.Regular).ToList();
        if (regular.Count == 0)
        {
            errors.Add("criteria", ErrorCodes.Required, new("Bảng tiêu chí chấm điểm cần ít nhất một tiêu chí chấm điểm thường (Regular).", "The criteria need at least one regular criterion."));
        }
        else if (Scale > 0)
        {
            var sum = regular.Sum(c => c.MaxPoints);
            if (sum != Scale)
            {
                errors.Add("criteria", ErrorCodes.Mismatch,
                    new(
                        $"Tổng điểm tối đa của các tiêu chí chấm điểm thường là {Points.Format(sum)}, không bằng thang điểm {Points.Format(Scale)}.",
                        $"The maxima of the regular criteria add up to {Points.Format(sum)}, not the scale {Points.Format(Scale)}."));
            }
        }
    }
}

/// <summary>Formatting of points for people and canonical documents.</summary>
public static class Points
{
    /// <summary>Points without trailing zeros, invariant culture: 10 → "10", 2.50 → "2.5".</summary>
    public static string Format(decimal points) => points.ToString("0.############################", CultureInfo.InvariantCulture);
}
