using System.Globalization;
using ThiDua.Documents.Builders;
using ThiDua.Domain;

namespace ThiDua.Documents;

/// <summary>Which official document of a bloc's year.</summary>
public enum DocumentKind
{
    /// <summary>Giao ước thi đua, once the compact is sealed.</summary>
    Compact,

    /// <summary>Bảng tổng hợp kết quả chấm điểm, once the ranking is final.</summary>
    ScoreSummary,

    /// <summary>Biên bản kiểm phiếu of one vote round, once it is counted.</summary>
    VoteCount,

    /// <summary>Biên bản hội nghị tổng kết khối, once the year's results are recorded (when a conference was held).</summary>
    ConferenceMinutes,

    /// <summary>Tờ trình đề nghị khen thưởng, once the year's results are recorded.</summary>
    AwardProposal,
}

/// <summary>A file format a document is rendered to.</summary>
public enum FileFormat
{
    /// <summary>Word (.docx).</summary>
    Docx,

    /// <summary>PDF.</summary>
    Pdf,
}

/// <summary>
/// Everything one official document is drawn up from: exactly one builder input, the one of its
/// <see cref="Kind"/>. Stored as JSON beside the rendered files, so the same facts always render again to
/// the same bytes: archive verification re-renders from them and compares, and checks them against the
/// year's archived records.
/// </summary>
public sealed record DocumentFacts : IVersionedDocument
{
    /// <summary>Format and layout of a document's facts.</summary>
    public const string FactsFormat = "thidua-document-facts/1";

    /// <summary>Format and layout the facts were stored with (<see cref="FactsFormat"/>).</summary>
    public string? Format { get; init; }

    string IVersionedDocument.CurrentFormat => FactsFormat;

    /// <summary>Which document.</summary>
    public required DocumentKind Kind { get; init; }

    /// <summary>The giao ước thi đua's facts, for <see cref="DocumentKind.Compact"/>.</summary>
    public CompactAgreementInput? Compact { get; init; }

    /// <summary>The biên bản kiểm phiếu's facts, for <see cref="DocumentKind.VoteCount"/>.</summary>
    public VoteCountMinutesInput? VoteCount { get; init; }

    /// <summary>The bảng tổng hợp's facts, for <see cref="DocumentKind.ScoreSummary"/>.</summary>
    public ScoreSummaryInput? ScoreSummary { get; init; }

    /// <summary>The biên bản hội nghị's facts, for <see cref="DocumentKind.ConferenceMinutes"/>.</summary>
    public ConferenceMinutesInput? ConferenceMinutes { get; init; }

    /// <summary>The tờ trình's facts, for <see cref="DocumentKind.AwardProposal"/>.</summary>
    public AwardProposalInput? AwardProposal { get; init; }

    /// <summary>The document these facts give.</summary>
    public OfficialDocument Build() => Kind switch
    {
        DocumentKind.Compact => CompactAgreement.Build(Require(Compact)),
        DocumentKind.VoteCount => VoteCountMinutes.Build(Require(VoteCount)),
        DocumentKind.ScoreSummary => Builders.ScoreSummary.Build(Require(ScoreSummary)),
        DocumentKind.ConferenceMinutes => Builders.ConferenceMinutes.Build(Require(ConferenceMinutes)),
        DocumentKind.AwardProposal => Builders.AwardProposal.Build(Require(AwardProposal)),
        _ => throw new InvalidOperationException($"Unknown document kind {Kind}."),
    };

    /// <summary>The document rendered to <paramref name="format"/>.</summary>
    public byte[] Render(FileFormat format) => Render(Build(), format);

    /// <summary><paramref name="document"/> rendered to <paramref name="format"/>.</summary>
    public static byte[] Render(OfficialDocument document, FileFormat format) => format switch
    {
        FileFormat.Docx => DocxRenderer.Render(document),
        FileFormat.Pdf => PdfRenderer.Render(document),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    /// <summary>File extension of <paramref name="format"/>, without the dot.</summary>
    public static string Extension(FileFormat format) => format == FileFormat.Docx ? "docx" : "pdf";

    /// <summary>Media type of <paramref name="format"/>.</summary>
    public static string ContentType(FileFormat format) => format == FileFormat.Docx
        ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        : "application/pdf";

    /// <summary>
    /// The document's name within its year, ASCII and readable (it is also the downloaded file's name):
    /// <c>giao-uoc-thi-dua</c>, <c>bien-ban-kiem-phieu-don-vi-dan-dau-vong-1</c>, <c>bang-tong-hop-ket-qua-cham-diem</c>.
    /// </summary>
    public static string NameOf(DocumentKind kind, VotePurpose? purpose = null, int roundNumber = 0) => kind switch
    {
        DocumentKind.Compact => "giao-uoc-thi-dua",
        DocumentKind.ScoreSummary => "bang-tong-hop-ket-qua-cham-diem",
        DocumentKind.ConferenceMinutes => "bien-ban-hoi-nghi-tong-ket",
        DocumentKind.AwardProposal => "to-trinh-de-nghi-khen-thuong",
        DocumentKind.VoteCount => string.Create(CultureInfo.InvariantCulture, $"bien-ban-kiem-phieu-{PurposeName(purpose ?? throw new ArgumentNullException(nameof(purpose)))}-vong-{roundNumber}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown document kind."),
    };

    /// <summary>The name of these facts' document (<see cref="NameOf"/>).</summary>
    public string Name => Kind == DocumentKind.VoteCount
        ? NameOf(Kind, Require(VoteCount).Round.Purpose, VoteCount!.Round.RoundNumber)
        : NameOf(Kind);

    /// <summary>How a person calls the document, in Vietnamese.</summary>
    public string Title => Kind switch
    {
        DocumentKind.Compact => "Giao ước thi đua",
        DocumentKind.ScoreSummary => "Bảng tổng hợp kết quả chấm điểm",
        DocumentKind.ConferenceMinutes => "Biên bản hội nghị tổng kết khối",
        DocumentKind.AwardProposal => "Tờ trình đề nghị khen thưởng",
        DocumentKind.VoteCount => string.Create(
            CultureInfo.InvariantCulture,
            $"Biên bản kiểm phiếu bầu {PurposeTitle(Require(VoteCount).Round.Purpose)}, vòng {VoteCount!.Round.RoundNumber}"),
        _ => Kind.ToString(),
    };

    private static string PurposeName(VotePurpose purpose) => purpose switch
    {
        VotePurpose.LeadingUnit => "don-vi-dan-dau",
        VotePurpose.Leader => "truong-khoi",
        VotePurpose.Deputy => "pho-truong-khoi",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown vote purpose."),
    };

    private static string PurposeTitle(VotePurpose purpose) => purpose switch
    {
        VotePurpose.LeadingUnit => "đơn vị dẫn đầu",
        VotePurpose.Leader => "trưởng khối",
        VotePurpose.Deputy => "phó trưởng khối",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown vote purpose."),
    };

    private T Require<T>(T? input)
        where T : class => input ?? throw new InvalidOperationException($"The facts of a {Kind} document hold no {typeof(T).Name}.");
}
