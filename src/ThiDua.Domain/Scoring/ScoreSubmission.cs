namespace ThiDua.Domain;

/// <summary>
/// A unit's self-assessment as sent by the unit. Every regular criterion must have a line
/// (send 0 explicitly); bonus and penalty lines are optional and need a reason.
/// </summary>
public sealed record ScoreSubmission
{
    /// <summary>Bloc of the campaign the submission is for.</summary>
    public required string BlocId { get; init; }

    /// <summary>Year of the campaign the submission is for.</summary>
    public required int Year { get; init; }

    /// <summary>The submitting unit (always the caller itself).</summary>
    public required string UnitId { get; init; }

    /// <summary>
    /// Chosen by the client for each distinct submission and repeated on retries, so that a
    /// retried request creates one version, not two. An <see cref="Identifier"/>.
    /// </summary>
    public required string ClientRequestId { get; init; }

    /// <summary>Points claimed, one line per criterion.</summary>
    public required IReadOnlyList<ScoreLine> Lines { get; init; }

    /// <summary>Evidence documents already uploaded.</summary>
    public IReadOnlyList<EvidenceReference> Evidence { get; init; } = [];
}

/// <summary>Points claimed on one criterion.</summary>
/// <param name="CriterionId">Id of the criterion.</param>
/// <param name="Points">Points, from 0 to the criterion's maximum (penalty points are given as a positive number).</param>
/// <param name="Reason">Why; required for bonus and penalty lines with points above 0.</param>
public sealed record ScoreLine(string CriterionId, decimal Points, string? Reason = null);

/// <summary>A reference to an uploaded evidence document.</summary>
/// <param name="EvidenceId">Id of the stored evidence, an <see cref="Identifier"/>.</param>
/// <param name="FileName">Original file name, for people.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="SizeBytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, 64 lowercase hex digits.</param>
public sealed record EvidenceReference(string EvidenceId, string FileName, string ContentType, long SizeBytes, string Sha256);

/// <summary>Totals of a score sheet. <see cref="Total"/> = regular + bonus − penalty.</summary>
/// <param name="Regular">Sum of regular points.</param>
/// <param name="Bonus">Sum of bonus points.</param>
/// <param name="Penalty">Sum of penalty points (positive number, subtracted).</param>
/// <param name="Total">Regular + bonus − penalty.</param>
public sealed record ScoreTotals(decimal Regular, decimal Bonus, decimal Penalty, decimal Total);

/// <summary>A stored version of a unit's self-assessment. Versions start at 1; the latest counts.</summary>
public sealed record ScoreSheet
{
    /// <summary>Bloc of the campaign.</summary>
    public required string BlocId { get; init; }

    /// <summary>Year of the campaign.</summary>
    public required int Year { get; init; }

    /// <summary>The unit the sheet belongs to.</summary>
    public required string UnitId { get; init; }

    /// <summary>Version number, 1 for the first submission.</summary>
    public required int Version { get; init; }

    /// <summary>The client request id of the submission that created this version.</summary>
    public required string ClientRequestId { get; init; }

    /// <summary>Points per criterion as submitted.</summary>
    public required IReadOnlyList<ScoreLine> Lines { get; init; }

    /// <summary>Evidence documents of this version.</summary>
    public IReadOnlyList<EvidenceReference> Evidence { get; init; } = [];

    /// <summary>Totals of the submitted lines (before any adjustment).</summary>
    public required ScoreTotals Totals { get; init; }

    /// <summary>When the version was accepted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>
/// A change of one criterion's points of one unit by its reviewer (<see cref="ScoreRules.ReviewerOf"/>: the
/// leader, or for the leader's own unit the deputy or council staff) during the review window. It replaces the points of that criterion in the latest version; a later
/// adjustment of the same criterion replaces an earlier one.
/// </summary>
public sealed record ScoreAdjustment
{
    /// <summary><see cref="AdjustedBy"/> of an adjustment by council staff, who are no unit (<see cref="ScoreRules.ReviewerOf"/>).</summary>
    public const string ByCouncil = "council";

    /// <summary>The unit whose points are adjusted.</summary>
    public required string UnitId { get; init; }

    /// <summary>The criterion adjusted.</summary>
    public required string CriterionId { get; init; }

    /// <summary>New points, from 0 to the criterion's maximum.</summary>
    public required decimal NewPoints { get; init; }

    /// <summary>Why (mandatory).</summary>
    public required string Reason { get; init; }

    /// <summary>Unit id that made the adjustment, or <see cref="ByCouncil"/>.</summary>
    public required string AdjustedBy { get; init; }

    /// <summary>When it was made.</summary>
    public required DateTimeOffset AdjustedAt { get; init; }
}
