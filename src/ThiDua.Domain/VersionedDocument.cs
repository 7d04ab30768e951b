using System.Globalization;

namespace ThiDua.Domain;

/// <summary>
/// A document kept as JSON that the app reads back and whose layout may change: it names its format and layout
/// ("thidua-seal/1"). A reader accepts every layout ever written of its format and refuses a newer build's
/// rather than misread it (<see cref="VersionedDocuments.Check"/>).
/// </summary>
public interface IVersionedDocument
{
    /// <summary>The format and layout it was written with; null in documents written before they carried one (layout 1).</summary>
    string? Format { get; }

    /// <summary>The format and layout this build writes.</summary>
    string CurrentFormat { get; }
}

/// <summary>The check every read of an <see cref="IVersionedDocument"/> makes.</summary>
public static class VersionedDocuments
{
    /// <summary>The first layout of every format, and that of documents written before formats were named.</summary>
    public const int FirstLayout = 1;

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when <paramref name="document"/> is of another format than its
    /// type, or of a layout newer than this build writes. An older layout is read by the type as it is: a layout
    /// change keeps the old documents readable (members added with defaults), as the README's upgrade rule says.
    /// </summary>
    public static void Check(IVersionedDocument document, string what)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (name, current) = Parse(document.CurrentFormat);
        var (written, layout) = document.Format is { } format ? Parse(format) : (name, FirstLayout);
        if (!string.Equals(written, name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what} is a '{written}' document, not a '{name}' one.");
        }

        if (layout > current)
        {
            throw new InvalidOperationException(
                $"{what} has layout {layout} of '{name}'; this build reads layouts {FirstLayout} to {current}. It was written by a newer build.");
        }
    }

    private static (string Name, int Layout) Parse(string format)
    {
        var slash = format.LastIndexOf('/');
        return slash > 0 && int.TryParse(format.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var layout) && layout >= FirstLayout
            ? (format[..slash], layout)
            : throw new InvalidOperationException($"'{format}' names no format and layout (such as 'thidua-seal/1').");
    }
}
