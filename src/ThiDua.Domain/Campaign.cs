namespace ThiDua.Domain;

/// <summary>
/// A bloc's campaign for one year (phong trào thi đua năm Y): who leads, who is in, what they
/// commit to, how they are scored and the deadlines. Members are a snapshot taken at launch.
/// </summary>
public sealed partial record Campaign
{
    /// <summary>Id of the bloc.</summary>
    public required string BlocId { get; init; }

    /// <summary>Vietnamese name of the bloc at launch (for example "Nội chính").</summary>
    public required string BlocName { get; init; }

    /// <summary>The campaign year.</summary>
    public required int Year { get; init; }

    /// <summary>The unit leading the bloc this year (trưởng khối).</summary>
    public required string LeaderUnitId { get; init; }

    /// <summary>The deputy leader (phó trưởng khối), if any.</summary>
    public string? DeputyUnitId { get; init; }

    /// <summary>Member units at launch; their order carries no meaning (documents sort them by id).</summary>
    public required IReadOnlyList<CampaignMember> Members { get; init; }

    /// <summary>Commitments of the compact, one Vietnamese sentence per line, in order.</summary>
    public IReadOnlyList<string> Commitments { get; init; } = [];

    /// <summary>The scoring criteria.</summary>
    public required CriteriaTable Criteria { get; init; }

    /// <summary>The deadlines.</summary>
    public required CampaignSchedule Schedule { get; init; }

    /// <summary>The bloc's rules, copied at launch so later changes do not alter a running year.</summary>
    public BlocRules Rules { get; init; } = new();
}

/// <summary>A member unit as recorded in a campaign.</summary>
/// <param name="UnitId">Id of the unit.</param>
/// <param name="Name">Vietnamese name (for example "Sở Tư pháp").</param>
public sealed record CampaignMember(string UnitId, string Name);

/// <summary>The scoring table (bảng tiêu chí chấm điểm) of a campaign.</summary>
public sealed partial record CriteriaTable
{
    /// <summary>Points of a perfect score: the maxima of the regular criteria add up to this (for example 100 or 1000).</summary>
    public required decimal Scale { get; init; }

    /// <summary>The criteria, in the order they are presented.</summary>
    public required IReadOnlyList<Criterion> Criteria { get; init; }
}

/// <summary>One line of the criteria table.</summary>
public sealed record Criterion
{
    /// <summary>Id of the criterion, an <see cref="Identifier"/> unique in the table (for example <c>1-1</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Group heading, in Vietnamese (for example "I. Thực hiện nhiệm vụ chuyên môn").</summary>
    public string Group { get; init; } = "";

    /// <summary>What is scored, in Vietnamese.</summary>
    public required string Title { get; init; }

    /// <summary>Most points a unit may claim on this line (above 0).</summary>
    public required decimal MaxPoints { get; init; }

    /// <summary>Regular, bonus or penalty. Bonus and penalty lines need a reason when claimed.</summary>
    public CriterionKind Kind { get; init; } = CriterionKind.Regular;
}

/// <summary>Kind of a criterion: how its points enter the total.</summary>
public enum CriterionKind
{
    /// <summary>Points are added; the regular maxima make up the scale.</summary>
    Regular,

    /// <summary>Bonus points (điểm thưởng), added, with a reason.</summary>
    Bonus,

    /// <summary>Penalty points (điểm trừ), subtracted, with a reason.</summary>
    Penalty,
}
