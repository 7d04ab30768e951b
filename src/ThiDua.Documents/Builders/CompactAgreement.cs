using ThiDua.Domain;

namespace ThiDua.Documents.Builders;

/// <summary>A unit's digital signature (chữ ký số) of the compact.</summary>
/// <param name="UnitId">The unit that signed (printed by name).</param>
/// <param name="SignerSubject">Subject of the signing certificate (for example "CN=Hoàng Văn Dũng, O=Sở Nội vụ").</param>
/// <param name="CertificateSerial">Serial number of the certificate (chứng thư số), hex.</param>
/// <param name="SignedAt">When it was signed.</param>
public sealed record CompactSignature(string UnitId, string SignerSubject, string CertificateSerial, DateTimeOffset SignedAt);

/// <summary>Who signs for a member unit: title and name, printed in its signature block.</summary>
/// <param name="Title">Title in the unit, for example "Giám đốc Sở".</param>
/// <param name="Name">Full name.</param>
public sealed record UnitRepresentative(string Title, string Name);

/// <summary>What the giao ước thi đua of a year is drawn up from.</summary>
public sealed record CompactAgreementInput
{
    /// <summary>The campaign: members, commitments, criteria.</summary>
    public required Campaign Campaign { get; init; }

    /// <summary>Place of signing ("Bắc Kạn").</summary>
    public required string Place { get; init; }

    /// <summary>Date of the compact.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Digital signatures given so far, in any order.</summary>
    public IReadOnlyList<CompactSignature> Signatures { get; init; } = [];

    /// <summary>Representatives by unit id; a unit without one gets "THỦ TRƯỞNG ĐƠN VỊ" and its certificate's name when it signed digitally.</summary>
    public IReadOnlyDictionary<string, UnitRepresentative> Representatives { get; init; } = new Dictionary<string, UnitRepresentative>();

    /// <summary>Number and symbol, where one applies.</summary>
    public string? Number { get; init; }

    /// <summary>The issuing body; the bloc by default.</summary>
    public IssuingBody? Issuer { get; init; }

    /// <summary>Recipients ("Nơi nhận").</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}

/// <summary>Giao ước thi đua of a year: members, commitments, criteria, a signature block per member and the digital signatures.</summary>
public static class CompactAgreement
{
    /// <summary>The compact as an official document.</summary>
    public static OfficialDocument Build(CompactAgreementInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = input.Campaign;
        var members = Formal.Ordered(campaign);

        var body = new List<DocumentBlock>
        {
            new Paragraph(
                $"Thực hiện công tác thi đua năm {campaign.Year}, các đơn vị thành viên {Formal.Bloc(campaign.BlocName)} "
                + "thống nhất ký kết giao ước thi đua với các nội dung sau:"),
            new Heading("I. CÁC ĐƠN VỊ THAM GIA GIAO ƯỚC"),
            new DocumentTable
            {
                Header = ["STT", "Đơn vị thành viên", "Ghi chú"],
                Rows = members.Select((m, i) => (IReadOnlyList<string>)[Formal.Count(i + 1), m.Name, Role(campaign, m.UnitId)]).ToList(),
                ColumnWidths = [1, 7, 3],
                CenteredColumns = [0, 2],
            },
            new Heading("II. NỘI DUNG GIAO ƯỚC"),
        };
        body.AddRange(campaign.Commitments.Select((c, i) => new Paragraph($"{i + 1}. {c}")));

        body.Add(new Heading("III. TIÊU CHÍ CHẤM ĐIỂM"));
        body.Add(new Paragraph($"Thang điểm: {Formal.Number(campaign.Criteria.Scale)} điểm; điểm thưởng và điểm trừ ghi rõ lý do."));
        var rows = new List<IReadOnlyList<string>>();
        var groupRows = new List<int>();
        string? group = null;
        var number = 0;
        foreach (var c in campaign.Criteria.Criteria)
        {
            if (c.Group.Length > 0 && !string.Equals(c.Group, group, StringComparison.Ordinal))
            {
                group = c.Group;
                groupRows.Add(rows.Count);
                rows.Add(["", c.Group, "", ""]);
            }

            rows.Add([Formal.Count(++number), c.Title, c.Kind switch
            {
                CriterionKind.Bonus => "Điểm thưởng",
                CriterionKind.Penalty => "Điểm trừ",
                _ => "Chấm điểm",
            }, Formal.Number(c.MaxPoints)]);
        }

        body.Add(new DocumentTable
        {
            Header = ["STT", "Tiêu chí", "Loại", "Điểm tối đa"],
            Rows = rows,
            ColumnWidths = [1, 7, 1.8, 1.5],
            CenteredColumns = [0, 2, 3],
            BoldRows = groupRows,
        });

        var signed = input.Signatures
            .OrderBy(s => s.SignedAt)
            .ThenBy(s => s.UnitId, StringComparer.Ordinal)
            .ToList();
        body.Add(new Heading("IV. CHỮ KÝ SỐ"));
        if (signed.Count == 0)
        {
            body.Add(new Paragraph("Chưa có đơn vị nào ký số."));
        }

        body.AddRange(signed.Select(s => new BulletLine(
            $"{Formal.NameOf(campaign.Members, s.UnitId)}: người ký {s.SignerSubject}; số sê-ri chứng thư số {s.CertificateSerial}; "
            + $"thời điểm ký {Formal.Time(s.SignedAt)} (giờ Việt Nam).")));
        body.Add(new Paragraph("Mã SHA-256 của nội dung giao ước được ký:", Italic: true));
        body.Add(new Paragraph(CompactDocument.Sha256(campaign), Italic: true, Centered: true));

        return new OfficialDocument
        {
            Issuer = input.Issuer ?? Formal.BlocIssuer(campaign.BlocName),
            Number = input.Number,
            Place = input.Place,
            Date = input.Date,
            DocumentType = "GIAO ƯỚC THI ĐUA",
            Summary = $"Năm {campaign.Year} của {Formal.Bloc(campaign.BlocName)}",
            Body = body,
            Signatures = members.Select(m => Signature(input, signed, m)).ToList(),
            Recipients = input.Recipients,
        };
    }

    private static string Role(Campaign campaign, string unitId) =>
        string.Equals(unitId, campaign.LeaderUnitId, StringComparison.Ordinal) ? "Trưởng khối"
        : string.Equals(unitId, campaign.DeputyUnitId, StringComparison.Ordinal) ? "Phó Trưởng khối"
        : "";

    private static SignatureBlock Signature(CompactAgreementInput input, List<CompactSignature> signed, CampaignMember member)
    {
        var digital = signed.LastOrDefault(s => string.Equals(s.UnitId, member.UnitId, StringComparison.Ordinal));
        var name = input.Representatives.TryGetValue(member.UnitId, out var representative)
            ? representative.Name
            : digital is null ? "" : CommonName(digital.SignerSubject);
        var title = representative?.Title.ToUpperInvariant() ?? "THỦ TRƯỞNG ĐƠN VỊ";
        var note = digital is null ? null : $"Đã ký số lúc {Formal.Time(digital.SignedAt)}";
        return new SignatureBlock("TM. " + member.Name.ToUpperInvariant(), title, name, note);
    }

    /// <summary>The CN of a certificate subject, or the whole subject when it has none.</summary>
    private static string CommonName(string subject) =>
        subject.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("CN=", StringComparison.Ordinal)) is { } cn ? cn[3..] : subject;
}
