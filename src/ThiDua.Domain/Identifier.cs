namespace ThiDua.Domain;

/// <summary>
/// The one identifier rule applied to every id before it reaches a table key, a blob name,
/// an OData filter or an orchestration instance id: lowercase ASCII letters, digits and '-',
/// 1 to 64 characters, starting with a letter or digit (for example <c>noi-chinh</c>,
/// <c>cong-an-tinh</c>). Anything else ('/', '..', quotes, spaces, control characters) is refused,
/// which keeps keys free of the characters Table Storage and OData treat specially.
/// </summary>
public static class Identifier
{
    /// <summary>The longest identifier accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>Returns <see langword="null"/> when <paramref name="value"/> is a valid id, otherwise the reason (English).</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "must not be empty";
        }

        if (value.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters, got {value.Length}";
        }

        if (value[0] == '-')
        {
            return "must start with a lowercase letter or a digit";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!IsAllowed(c))
            {
                return $"contains {Describe(c)} at position {i}; only lowercase letters a-z, digits 0-9 and '-' are allowed";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="value"/> is a valid id.</summary>
    public static bool IsValid(string? value) => Validate(value) is null;

    /// <summary>
    /// Returns <paramref name="value"/> when valid; otherwise throws an <see cref="ArgumentException"/>
    /// naming <paramref name="paramName"/> and the reason.
    /// </summary>
    public static string EnsureValid(string? value, string paramName)
    {
        var reason = Validate(value);
        return reason is null ? value! : throw new ArgumentException($"Invalid id '{value}': {reason}.", paramName);
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c)
            ? $"the character U+{(int)c:X4}"
            : $"'{c}'";
}
