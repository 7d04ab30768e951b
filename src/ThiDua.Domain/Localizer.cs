using System.Collections.Frozen;
using System.Globalization;

namespace ThiDua.Domain;

/// <summary>
/// Texts of the domain's documents (compact, minutes, dates) in Vietnamese (culture "vi", the
/// default) and English ("en"). Deliberately tiny: two dictionaries keyed by <see cref="TextKeys"/>.
/// </summary>
public sealed class Localizer
{
    private readonly FrozenDictionary<string, string> _texts;

    private Localizer(string culture, FrozenDictionary<string, string> texts)
    {
        Culture = culture;
        _texts = texts;
    }

    /// <summary>Vietnamese, the default.</summary>
    public static Localizer Vietnamese { get; } = new("vi", Texts.Vietnamese.ToFrozenDictionary(StringComparer.Ordinal));

    /// <summary>English.</summary>
    public static Localizer English { get; } = new("en", Texts.English.ToFrozenDictionary(StringComparer.Ordinal));

    /// <summary>The culture name: "vi" or "en".</summary>
    public string Culture { get; }

    /// <summary>
    /// The localizer for a culture name: any "en..." culture gives English, anything else
    /// (including null) gives Vietnamese.
    /// </summary>
    public static Localizer For(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Vietnamese;

    /// <summary>The text for <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> for an unknown key.</summary>
    public string this[string key] => _texts.TryGetValue(key, out var text)
        ? text
        : throw new KeyNotFoundException($"No {Culture} text for '{key}'.");

    /// <summary>The text for <paramref name="key"/> with its {0}, {1}... placeholders filled (invariant formatting).</summary>
    public string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, this[key], args);
}
