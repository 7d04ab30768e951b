namespace ThiDua.Domain;

/// <summary>
/// A sentence for people in both languages of the application: Vietnamese, the default, and English.
/// A refusal is written once, in both, where it is decided; the language is chosen where it is shown
/// (<see cref="In"/>), so nothing between the two needs to know who will read it.
/// </summary>
/// <param name="Vietnamese">The Vietnamese text, in NFC.</param>
/// <param name="English">The English text.</param>
public sealed record Phrase(string Vietnamese, string English)
{
    /// <summary>The text in the language of <paramref name="localizer"/>.</summary>
    public string In(Localizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer == Localizer.English ? English : Vietnamese;
    }

    /// <summary>The phrases joined by <paramref name="separator"/>, language by language.</summary>
    public static Phrase Join(string separator, IEnumerable<Phrase> phrases)
    {
        var all = phrases.ToList();
        return new(string.Join(separator, all.Select(p => p.Vietnamese)), string.Join(separator, all.Select(p => p.English)));
    }
}
