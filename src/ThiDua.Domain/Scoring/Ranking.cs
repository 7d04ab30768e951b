namespace ThiDua.Domain;

/// <summary>
/// The ranking of a campaign's members after review: every member appears once, ranks are 1..n
/// without gaps (the unit id settles what the configured order leaves tied).
/// </summary>
public sealed partial record Ranking
{
    /// <summary>Entries in rank order.</summary>
    public required IReadOnlyList<RankedUnit> Entries { get; init; }

    /// <summary>The order applied (as configured, with <see cref="RankingKey.UnitId"/> last).</summary>
    public required IReadOnlyList<RankingKey> Order { get; init; }
}

/// <summary>A member's place in the ranking.</summary>
public sealed record RankedUnit
{
    /// <summary>Position, 1 for the first.</summary>
    public required int Rank { get; init; }

    /// <summary>The unit.</summary>
    public required string UnitId { get; init; }

    /// <summary>The unit's name.</summary>
    public required string Name { get; init; }

    /// <summary>Total after adjustments; 0 for a unit that never submitted.</summary>
    public required decimal Total { get; init; }

    /// <summary>Penalty points after adjustments.</summary>
    public required decimal PenaltyPoints { get; init; }

    /// <summary>When the latest version was submitted; null when the unit never submitted.</summary>
    public DateTimeOffset? FinalSubmittedAt { get; init; }

    /// <summary>False for a unit that never submitted; such units rank after all others.</summary>
    public required bool Submitted { get; init; }
}
