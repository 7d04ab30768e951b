namespace ThiDua.Domain;

/// <summary>Next year's leader and deputy.</summary>
/// <param name="LeaderUnitId">The leader (trưởng khối).</param>
/// <param name="DeputyUnitId">The deputy (phó trưởng khối), or null when the bloc has a single eligible unit.</param>
public sealed record LeaderChoice(string LeaderUnitId, string? DeputyUnitId);
