using PdfSharp.Fonts;

namespace ThiDua.Documents;

/// <summary>
/// Liberation Serif 2.1.5 (metric-compatible with Times New Roman, full Vietnamese coverage; the
/// 1.07 release has no Vietnamese glyphs), shipped inside this assembly under the SIL OFL.
/// </summary>
public static class DocumentFonts
{
    /// <summary>Family name the PDF renderer asks for.</summary>
    public const string Family = "Liberation Serif";

    /// <summary>The four faces, by resource file name.</summary>
    public static IReadOnlyList<string> FaceFiles { get; } =
        ["LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"];

    private static readonly Lock Gate = new();

    /// <summary>The TrueType bytes of one face (see <see cref="FaceFiles"/>).</summary>
    public static byte[] Load(string faceFile)
    {
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream("ThiDua.Documents.Fonts." + faceFile)
            ?? throw new ArgumentException($"No embedded font '{faceFile}'.", nameof(faceFile));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// Installs the resolver in PDFsharp's process-wide settings once; one set before is kept as the
    /// fallback for other families. PDFsharp refuses a new resolver once fonts were used, so nothing
    /// else in the process should set one.
    /// </summary>
    internal static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is Resolver)
            {
                return;
            }

            GlobalFontSettings.FontResolver = new Resolver(GlobalFontSettings.FontResolver);
        }
    }

    private sealed class Resolver(IFontResolver? fallback) : IFontResolver
    {
        private readonly Dictionary<string, byte[]> _faces = FaceFiles.ToDictionary(f => f, Load, StringComparer.Ordinal);

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        {
            if (!string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase))
            {
                return fallback?.ResolveTypeface(familyName, bold, italic);
            }

            var face = (bold, italic) switch
            {
                (true, true) => FaceFiles[3],
                (true, false) => FaceFiles[1],
                (false, true) => FaceFiles[2],
                _ => FaceFiles[0],
            };
            return new FontResolverInfo(face);
        }

        public byte[]? GetFont(string faceName) =>
            _faces.TryGetValue(faceName, out var bytes) ? bytes : fallback?.GetFont(faceName);
    }
}
