namespace ThiDua.Domain;

/// <summary>Next year's leader and deputy.</summary>
/// <param name="LeaderUnitId">The leader (trưởng khối).</param>
/// <param name="DeputyUnitId">The deputy (phó trưởng khối), or null when the bloc has a single eligible unit.</param>
public sealed record LeaderChoice(string LeaderUnitId, string? DeputyUnitId);

/// <summary>Units proposed for awards after the vote.</summary>
/// <param name="Flag">Proposed for the Emulation Flag (Cờ thi đua): the leading unit first.</param>
/// <param name="Merit">Proposed for a Certificate of Merit (Bằng khen), in ranking order.</param>
public sealed record Nominees(IReadOnlyList<string> Flag, IReadOnlyList<string> Merit);
