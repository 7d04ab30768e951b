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

    /// <summary>Returns <see langword="null"/> when <paramref name="value"/> is a valid id, otherwise the reason in both languages.</summary>
    public static Phrase? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new("Mã không hợp lệ: không được để trống.", "Invalid id: must not be empty.");
        }

        if (value.Length > MaxLength)
        {
            return new(
                $"Mã không hợp lệ: tối đa {MaxLength} ký tự, mã đã gửi có {value.Length} ký tự.",
                $"Invalid id: must be at most {MaxLength} characters, got {value.Length}.");
        }

        if (value[0] == '-')
        {
            return new("Mã không hợp lệ: phải bắt đầu bằng chữ thường hoặc chữ số.", "Invalid id: must start with a lowercase letter or a digit.");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!IsAllowed(c))
            {
                var what = char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
                return new(
                    $"Mã không hợp lệ: có ký tự {what} ở vị trí {i}; chỉ dùng chữ thường không dấu a-z, chữ số 0-9 và dấu '-'.",
                    $"Invalid id: contains {what} at position {i}; only lowercase letters a-z, digits 0-9 and '-' are allowed.");
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
        return reason is null ? value! : throw new ArgumentException($"'{value}': {reason.English}", paramName);
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
}
