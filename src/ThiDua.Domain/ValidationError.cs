namespace ThiDua.Domain;

/// <summary>
/// One problem with an input: the field path as the client sent it (for example
/// <c>lines[2].points</c>), a stable machine-readable code from <see cref="ErrorCodes"/>, and the
/// message in both languages; whoever shows it picks the reader's.
/// </summary>
/// <param name="Field">JSON path of the offending field, camelCase, empty for the whole object.</param>
/// <param name="Code">A code from <see cref="ErrorCodes"/>.</param>
/// <param name="Message">Why the value is refused.</param>
public sealed record ValidationError(string Field, string Code, Phrase Message);

/// <summary>Stable codes of <see cref="ValidationError"/>.</summary>
public static class ErrorCodes
{
    /// <summary>The value breaks the <see cref="Identifier"/> rule.</summary>
    public const string InvalidId = "invalid-id";

    /// <summary>A required value is missing or blank.</summary>
    public const string Required = "required";

    /// <summary>A number or length is outside its allowed range.</summary>
    public const string OutOfRange = "out-of-range";

    /// <summary>The same key appears twice where it must be unique.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A referenced criterion, unit or candidate does not exist.</summary>
    public const string Unknown = "unknown";

    /// <summary>The input belongs to another bloc, year or unit.</summary>
    public const string Mismatch = "mismatch";

    /// <summary>Deadlines or other ordered values are not in order.</summary>
    public const string OutOfOrder = "out-of-order";

    /// <summary>A regular criterion has no line in a submission.</summary>
    public const string MissingCriterion = "missing-criterion";

    /// <summary>The rules do not allow this (for example an abstention where none is allowed).</summary>
    public const string NotAllowed = "not-allowed";

    /// <summary>The value does not have the expected format.</summary>
    public const string InvalidFormat = "invalid-format";
}
