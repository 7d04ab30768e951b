namespace ThiDua.Domain;

/// <summary>Next year's leader and deputy, and how each was chosen.</summary>
/// <param name="LeaderUnitId">The leader (trưởng khối).</param>
/// <param name="DeputyUnitId">The deputy (phó trưởng khối), or null when the bloc has a single eligible unit.</param>
/// <param name="LeaderElectedBy">How the leader was chosen.</param>
/// <param name="DeputyElectedBy">How the deputy was chosen.</param>
public sealed record LeaderChoice(
    string LeaderUnitId,
    string? DeputyUnitId,
    ElectedBy LeaderElectedBy = ElectedBy.Rotation,
    ElectedBy DeputyElectedBy = ElectedBy.Rotation);

/// <summary>How a leader or deputy was chosen.</summary>
public enum ElectedBy
{
    /// <summary>By the bloc's rotation order (also when a vote ended undecided).</summary>
    Rotation,

    /// <summary>Elected by ballot among several candidates.</summary>
    Vote,

    /// <summary>Acclaimed as sole nominee (suy tôn), by approval ballot or recorded as unanimous.</summary>
    Acclamation,
}
