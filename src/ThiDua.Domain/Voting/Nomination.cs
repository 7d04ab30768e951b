namespace ThiDua.Domain;

/// <summary>
/// A nomination (đề cử) of a member unit for next year's leader or deputy, made by the year's leader or
/// council staff. The unit may decline it (it then stays on record, declined) until the vote opens.
/// </summary>
/// <param name="Purpose">Leader or deputy.</param>
/// <param name="UnitId">The nominee.</param>
/// <param name="NominatedAt">When it was nominated; the ballot lists nominees in this order.</param>
/// <param name="DeclinedAt">When the unit declined, or null.</param>
public sealed record Nomination(VotePurpose Purpose, string UnitId, DateTimeOffset NominatedAt, DateTimeOffset? DeclinedAt = null)
{
    /// <summary>True when the unit declined.</summary>
    public bool Declined => DeclinedAt is not null;
}

/// <summary>Presence of a member unit at the year-end conference.</summary>
public enum Attendance
{
    /// <summary>Not recorded as present: may not vote at the conference.</summary>
    Absent,

    /// <summary>Present in the room.</summary>
    Present,

    /// <summary>Represented by someone it delegated: counts and votes as present.</summary>
    Represented,
}
