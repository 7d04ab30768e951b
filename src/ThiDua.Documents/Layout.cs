namespace ThiDua.Documents;

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
