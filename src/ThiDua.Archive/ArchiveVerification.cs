namespace ThiDua.Archive;

/// <summary>One check of an archived year.</summary>
/// <param name="Subject">What was checked, stable and language-neutral (for example <c>artifact:archives/noi-chinh/2026/ranking.json</c>, <c>signature:so-tu-phap</c>, <c>chain</c>).</param>
/// <param name="Description">What was checked, for people.</param>
/// <param name="Holds">True when the check holds.</param>
/// <param name="Problem">Exactly what does not hold (the artifact, expected and actual hash, the row), or null when it holds.</param>
public sealed record ArchiveCheck(string Subject, string Description, bool Holds, string? Problem);

/// <summary>The verification of a bloc's archived year: every check, and whether all of them hold.</summary>
/// <param name="BlocId">Bloc.</param>
/// <param name="Year">Year.</param>
/// <param name="Holds">True only when every check holds.</param>
/// <param name="Checks">The checks, in the order they ran.</param>
/// <param name="CheckedAt">When the checks ran, for a result kept and shown later (<see cref="KeptVerifications"/>); null for a fresh run.</param>
public sealed record ArchiveVerification(string BlocId, int Year, bool Holds, IReadOnlyList<ArchiveCheck> Checks, DateTimeOffset? CheckedAt = null);
