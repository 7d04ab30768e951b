using System.Globalization;

namespace ThiDua.Domain;

/// <summary>Collects every <see cref="ValidationError"/> of an input, with field paths relative to a prefix.</summary>
internal sealed class ErrorList
{
    private readonly List<ValidationError> _errors;
    private readonly string _prefix;

    public ErrorList()
        : this([], "")
    {
    }

    private ErrorList(List<ValidationError> errors, string prefix)
    {
        _errors = errors;
        _prefix = prefix;
    }

    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>A view adding errors to the same list under <paramref name="field"/> (for example <c>schedule</c> or <c>lines[2]</c>).</summary>
    public ErrorList Under(string field) => new(_errors, Path(field));

    public static string Item(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");

    public void Add(string field, string code, Phrase message) => _errors.Add(new ValidationError(Path(field), code, message));

    public void Id(string field, string? value)
    {
        var reason = Identifier.Validate(value);
        if (reason is not null)
        {
            Add(field, ErrorCodes.InvalidId, reason);
        }
    }

    /// <summary>
    /// A required text of at most <paramref name="maxLength"/> characters that passes <see cref="TextRule"/>;
    /// line breaks only where <paramref name="multiline"/> (reasons, certificates).
    /// </summary>
    public void Text(string field, string? value, int maxLength = 1000, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, ErrorCodes.Required, new("Không được để trống.", "Must not be empty."));
        }
        else
        {
            OptionalText(field, value, maxLength, multiline);
        }
    }

    /// <summary>Like <see cref="Text"/> for a text that may be absent or empty.</summary>
    public void OptionalText(string field, string? value, int maxLength = 1000, bool multiline = false)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            Add(field, ErrorCodes.OutOfRange, new($"Tối đa {maxLength} ký tự.", $"Must be at most {maxLength} characters."));
        }
        else if (TextRule.Problem(value, multiline) is { } problem)
        {
            Add(field, ErrorCodes.InvalidFormat, problem);
        }
    }

    public void Positive(string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(field, ErrorCodes.OutOfRange, new("Phải là một khoảng thời gian lớn hơn 0.", "Must be a positive duration."));
        }
    }

    public void Defined<T>(string field, T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            var names = string.Join(", ", Enum.GetNames<T>());
            Add(field, ErrorCodes.Unknown, new($"Phải là một trong các giá trị: {names}.", $"Must be one of {names}."));
        }
    }

    public void Range(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(field, ErrorCodes.OutOfRange, new($"Phải từ {min} đến {max}; giá trị đã gửi là {value}.", $"Must be between {min} and {max}, got {value}."));
        }
    }

    private string Path(string field) =>
        _prefix.Length == 0 ? field
        : field.Length == 0 ? _prefix
        : field.StartsWith('[') ? _prefix + field
        : _prefix + "." + field;
}

/// <summary>
/// The one rule for text a person supplies (names, reasons, contacts, titles, commitments, labels).
/// Text is stored in Unicode NFC, so that the same name typed on two keyboards is the same string; it
/// never holds control characters (C0, DEL, C1: a NUL ends strings in other systems and archives) nor
/// bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069: they make a name read
/// differently from what it is); line breaks only in fields that are several lines by nature.
/// The API's JSON reader applies <see cref="Normalize"/> and <see cref="Problem"/> (with line breaks)
/// to every string of every body; domain validation applies <see cref="Problem"/> per field.
/// </summary>
public static class TextRule
{
    /// <summary>
    /// <paramref name="value"/> in NFC. Text that is not valid UTF-16 (a lone surrogate) cannot be
    /// normalised and is returned as it is: <see cref="Problem"/> refuses it.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return value.IsNormalized(System.Text.NormalizationForm.FormC) ? value : value.Normalize(System.Text.NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return value;
        }
    }

    /// <summary>Why <paramref name="value"/> is refused, in both languages, or null when it is acceptable text.</summary>
    /// <param name="value">The text.</param>
    /// <param name="multiline">Whether line breaks (CR, LF, U+2028, U+2029) are allowed.</param>
    public static Phrase? Problem(string value, bool multiline)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                if (!multiline)
                {
                    return new("Chỉ được viết trên một dòng (không xuống dòng).", "Must be a single line (no line breaks).");
                }
            }
            else if (char.IsControl(c))
            {
                return new($"Không được chứa ký tự điều khiển (U+{(int)c:X4} ở vị trí {i}).", $"Must not contain control characters (U+{(int)c:X4} at position {i}).");
            }
            else if (IsBidiControl(c))
            {
                return new($"Không được chứa ký tự điều khiển hướng viết (U+{(int)c:X4} ở vị trí {i}).", $"Must not contain bidirectional control characters (U+{(int)c:X4} at position {i}).");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return new($"Phải là văn bản Unicode hợp lệ (ký tự thay thế đơn lẻ U+{(int)c:X4} ở vị trí {i}).", $"Must be valid Unicode text (a lone surrogate U+{(int)c:X4} at position {i}).");
            }
        }

        return null;
    }

    /// <summary>
    /// What two names are compared by when they must differ as people read them: NFC, case folded
    /// (invariant upper case), surrounding white space removed and inner runs of it counted as one space.
    /// </summary>
    public static string ComparisonKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var words = Normalize(value).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', words).ToUpperInvariant();
    }

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
