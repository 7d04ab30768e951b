using System.Globalization;
using ThiDua.Domain;

namespace ThiDua.Storage.Internal;

/// <summary>
/// Key parts. Every id goes through <see cref="Identifier"/> first, so keys contain only
/// a-z, 0-9 and '-', and ':' can separate parts without ambiguity.
/// </summary>
internal static class Keys
{
    public static string Id(string? value, string paramName) => Identifier.EnsureValid(value, paramName);

    public static string Year(int year) =>
        year is >= 2000 and <= 9999
            ? year.ToString("D4", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(year), year, "The year must be between 2000 and 9999.");

    /// <summary>The partition of everything of one campaign: <c>{blocId}:{year}</c>.</summary>
    public static string Campaign(string blocId, int year) => $"{Id(blocId, nameof(blocId))}:{Year(year)}";

    public static string Join(params string[] parts) => string.Join(':', parts);

    /// <summary>A version number as a key part, zero-padded to six digits so that keys sort in version order.</summary>
    public static string Version(int version) => version.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The first key after every key starting with <paramref name="prefix"/> (which ends with ':').</summary>
    public static string PrefixEnd(string prefix) => string.Concat(prefix.AsSpan(0, prefix.Length - 1), ";");
}
