using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ThiDua.Domain;

namespace ThiDua.Api.Http;

/// <summary>
/// The one choice of the language a response speaks to people in: <c>?lang=</c> when given, otherwise the
/// first of Accept-Language's tags (by quality) that is Vietnamese or English, otherwise Vietnamese.
/// Any "en..." tag (en, en-US) is English.
/// </summary>
public static class ApiLanguage
{
    /// <summary>The localizer of <paramref name="request"/>'s language.</summary>
    public static Localizer Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query["lang"].FirstOrDefault() is { Length: > 0 } lang)
        {
            return Localizer.For(lang);
        }

        var tags = StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var parsed) ? parsed : [];
        var chosen = tags
            .Where(t => t.Quality is not 0)
            .OrderByDescending(t => t.Quality ?? 1)
            .Select(t => t.Value.Value)
            .FirstOrDefault(t => t is not null && (t.StartsWith("en", StringComparison.OrdinalIgnoreCase) || t.StartsWith("vi", StringComparison.OrdinalIgnoreCase)));
        return Localizer.For(chosen);
    }
}
