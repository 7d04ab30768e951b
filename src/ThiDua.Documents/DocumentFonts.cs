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
    /// Installs the resolver in PDFsharp's process-wide settings once; a resolver installed by
    /// someone else is kept in front of ours as a fallback chain would be, so ours serves only its family.
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

/// <summary>Page geometry shared by both renderers: A4 and the decree's margins, in millimetres and points.</summary>
internal static class Layout
{
    public const double PageWidthMm = 210;
    public const double PageHeightMm = 297;
    public const double TopMm = 20;
    public const double BottomMm = 20;
    public const double LeftMm = 30;
    public const double RightMm = 15;
    public const double BodySize = 13;
    public const double TitleSize = 14;
    public const double TableSize = 12;
    public const double SmallSize = 11;

    /// <summary>Share of the text width taken by the issuing body's column; the national title takes the rest.</summary>
    public const double IssuerColumnShare = 0.4;

    public const double FirstLineIndentMm = 10;

    public static double Points(double mm) => mm * 72 / 25.4;

    public static double TextWidthMm => PageWidthMm - LeftMm - RightMm;
}
