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

    public void Add(string field, string code, string message) => _errors.Add(new ValidationError(Path(field), code, message));

    public void Id(string field, string? value)
    {
        var reason = Identifier.Validate(value);
        if (reason is not null)
        {
            Add(field, ErrorCodes.InvalidId, $"Invalid id: {reason}.");
        }
    }

    public void Text(string field, string? value, int maxLength = 1000)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, ErrorCodes.Required, "Must not be empty.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, ErrorCodes.OutOfRange, $"Must be at most {maxLength} characters.");
        }
        else if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            Add(field, ErrorCodes.InvalidFormat, "Must not contain control characters.");
        }
    }

    public void Positive(string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(field, ErrorCodes.OutOfRange, "Must be a positive duration.");
        }
    }

    public void Range(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(field, ErrorCodes.OutOfRange, $"Must be between {min} and {max}, got {value}.");
        }
    }

    private string Path(string field) =>
        _prefix.Length == 0 ? field
        : field.Length == 0 ? _prefix
        : field.StartsWith('[') ? _prefix + field
        : _prefix + "." + field;
}
