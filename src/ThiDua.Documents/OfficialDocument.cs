using System.Globalization;

namespace ThiDua.Documents;

/// <summary>
/// An official document laid out as Decree 30/2020/NĐ-CP prescribes: issuing body (top left),
/// Quốc hiệu and Tiêu ngữ (top right), number and symbol, place and date, document type and
/// summary, body, signature blocks and recipients. Renderers turn the same model into the same
/// bytes, so everything that varies (the date included) lives here.
/// </summary>
public sealed record OfficialDocument
{
    /// <summary>Quốc hiệu, printed in capitals, bold.</summary>
    public const string NationalTitle = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";

    /// <summary>Tiêu ngữ, bold and underlined by a line as long as itself.</summary>
    public const string Motto = "Độc lập - Tự do - Hạnh phúc";

    /// <summary>The issuing body, top left.</summary>
    public required IssuingBody Issuer { get; init; }

    /// <summary>Number and symbol without the "Số:" prefix (for example "01/BB-KTĐNC"); null where none applies.</summary>
    public string? Number { get; init; }

    /// <summary>Place of issue (for example "Bắc Kạn").</summary>
    public required string Place { get; init; }

    /// <summary>Date of issue; it is also the creation date written inside the files.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Document type in capitals (for example "BIÊN BẢN").</summary>
    public required string DocumentType { get; init; }

    /// <summary>Summary of the content (trích yếu), under the type.</summary>
    public required string Summary { get; init; }

    /// <summary>The body, in order.</summary>
    public IReadOnlyList<DocumentBlock> Body { get; init; } = [];

    /// <summary>Signature blocks, laid side by side (at most three on a line).</summary>
    public IReadOnlyList<SignatureBlock> Signatures { get; init; } = [];

    /// <summary>Recipients ("Nơi nhận:"); empty for none.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>"Bắc Kạn, ngày 12 tháng 01 năm 2018": days below 10 and months 1 and 2 take a leading zero (Decree 30/2020, Appendix I).</summary>
    public string PlaceAndDate => string.Create(
        CultureInfo.InvariantCulture,
        $"{Place}, ngày {Date.Day:00} tháng {(Date.Month <= 2 ? Date.Month.ToString("00", CultureInfo.InvariantCulture) : Date.Month.ToString(CultureInfo.InvariantCulture))} năm {Date.Year}");

    /// <summary>Title for the files' metadata: type and summary.</summary>
    public string Title => $"{DocumentType} {Summary}";

    /// <summary>Every piece of text the document prints, in reading order (for font coverage and checks).</summary>
    public IEnumerable<string> Texts()
    {
        if (Issuer.Superior is not null)
        {
            yield return Issuer.Superior;
        }

        yield return Issuer.Name;
        if (Number is not null)
        {
            yield return "Số: " + Number;
        }

        yield return NationalTitle;
        yield return Motto;
        yield return PlaceAndDate;
        yield return DocumentType;
        yield return Summary;
        foreach (var block in Body)
        {
            foreach (var text in block.Texts())
            {
                yield return text;
            }
        }

        foreach (var signature in Signatures)
        {
            foreach (var text in signature.Lines())
            {
                yield return text;
            }
        }

        if (Recipients.Count > 0)
        {
            yield return RecipientsHeading;
            foreach (var recipient in Recipients)
            {
                yield return recipient;
            }
        }
    }

    internal const string RecipientsHeading = "Nơi nhận:";
}

/// <summary>The issuing body: its superior (optional, regular capitals) and its own name (bold capitals).</summary>
/// <param name="Superior">Body it belongs to, for example "UBND TỈNH BẮC KẠN"; null for none.</param>
/// <param name="Name">The body itself, for example "KHỐI THI ĐUA NỘI CHÍNH".</param>
public sealed record IssuingBody(string? Superior, string Name);

/// <summary>A piece of the body.</summary>
public abstract record DocumentBlock
{
    private protected DocumentBlock()
    {
    }

    internal abstract IEnumerable<string> Texts();
}

/// <summary>A paragraph, justified with a first-line indent unless centred.</summary>
/// <param name="Text">Its text.</param>
/// <param name="Bold">Bold throughout.</param>
/// <param name="Italic">Italic throughout.</param>
/// <param name="Centered">Centred, without indent.</param>
public sealed record Paragraph(string Text, bool Bold = false, bool Italic = false, bool Centered = false) : DocumentBlock
{
    internal override IEnumerable<string> Texts() => [Text];
}

/// <summary>A bold heading, flush left (for example "I. THÀNH PHẦN").</summary>
/// <param name="Text">Its text.</param>
public sealed record Heading(string Text) : DocumentBlock
{
    internal override IEnumerable<string> Texts() => [Text];
}

/// <summary>A line opened by a dash, as the decree's lists are.</summary>
/// <param name="Text">Its text, without the dash.</param>
public sealed record BulletLine(string Text) : DocumentBlock
{
    internal const string Dash = "- ";

    internal override IEnumerable<string> Texts() => [Dash + Text];
}

/// <summary>A table with a bold header row and borders.</summary>
public sealed record DocumentTable : DocumentBlock
{
    /// <summary>Column headings.</summary>
    public required IReadOnlyList<string> Header { get; init; }

    /// <summary>Rows, each with as many cells as the header.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }

    /// <summary>Relative column widths (for example 1, 6, 2); equal when empty.</summary>
    public IReadOnlyList<double> ColumnWidths { get; init; } = [];

    /// <summary>Columns whose cells are centred (numbers, ranks); others align left.</summary>
    public IReadOnlyList<int> CenteredColumns { get; init; } = [];

    /// <summary>Rows printed bold (for example a group heading), by index in <see cref="Rows"/>.</summary>
    public IReadOnlyList<int> BoldRows { get; init; } = [];

    internal IReadOnlyList<double> Widths(double total)
    {
        var weights = ColumnWidths.Count == Header.Count ? ColumnWidths : Enumerable.Repeat(1.0, Header.Count).ToList();
        var sum = weights.Sum();
        return weights.Select(w => total * w / sum).ToList();
    }

    internal override IEnumerable<string> Texts() => Header.Concat(Rows.SelectMany(r => r));
}

/// <summary>
/// A signature block: capacity (for example "TM. BAN KIỂM PHIẾU"), title ("TRƯỞNG BAN"), room for
/// the signature and seal, then the signer's name; an optional note under the name (for example a
/// digital signature's certificate).
/// </summary>
/// <param name="Capacity">Line above the title; null for none.</param>
/// <param name="Title">Signer's title, in capitals.</param>
/// <param name="Name">Signer's full name.</param>
/// <param name="Note">Small italic text under the name; null for none.</param>
public sealed record SignatureBlock(string? Capacity, string Title, string Name, string? Note = null)
{
    internal IEnumerable<string> Lines()
    {
        if (Capacity is not null)
        {
            yield return Capacity;
        }

        yield return Title;
        yield return Name;
        if (Note is not null)
        {
            yield return Note;
        }
    }
}
