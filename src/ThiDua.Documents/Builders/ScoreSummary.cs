using ThiDua.Domain;

namespace ThiDua.Documents.Builders;

/// <summary>What the bảng tổng hợp kết quả chấm điểm is drawn up from, once the review is over.</summary>
public sealed record ScoreSummaryInput
{
    /// <summary>The campaign (criteria, members).</summary>
    public required Campaign Campaign { get; init; }

    /// <summary>The ranking after review.</summary>
    public required Ranking Ranking { get; init; }

    /// <summary>Score sheets of the year; every version may be given, the latest of each unit counts.</summary>
    public required IReadOnlyList<ScoreSheet> Sheets { get; init; }

    /// <summary>The review's adjustments.</summary>
    public IReadOnlyList<ScoreAdjustment> Adjustments { get; init; } = [];

    /// <summary>Place ("Bắc Kạn").</summary>
    public required string Place { get; init; }

    /// <summary>Date of the table.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Who signs (usually the leader's head: "TM. KHỐI THI ĐUA" / "TRƯỞNG KHỐI" / name); none when empty.</summary>
    public IReadOnlyList<SignatureBlock> Signatures { get; init; } = [];

    /// <summary>Number and symbol, where one applies.</summary>
    public string? Number { get; init; }

    /// <summary>The issuing body; the bloc by default.</summary>
    public IssuingBody? Issuer { get; init; }

    /// <summary>Recipients ("Nơi nhận").</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}

/// <summary>Bảng tổng hợp kết quả chấm điểm: every unit's points per criterion after review, the adjustments and their reasons, totals and rank.</summary>
public static class ScoreSummary
{
    /// <summary>Name of the council as reviewer, for adjustments made by council staff.</summary>
    public const string CouncilName = "Hội đồng Thi đua – Khen thưởng tỉnh";

    /// <summary>The summary as an official document.</summary>
    public static OfficialDocument Build(ScoreSummaryInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = input.Campaign;
        var criteria = campaign.Criteria.Criteria;
        var latest = input.Sheets
            .GroupBy(s => s.UnitId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ScoreRules.Latest(g)!, StringComparer.Ordinal);
        var column = (int i) => $"TC{i + 1}";

        var body = new List<DocumentBlock>
        {
            new Paragraph(
                $"Kết quả chấm điểm thi đua năm {campaign.Year} của các đơn vị thành viên {Formal.Bloc(campaign.BlocName)} "
                + $"sau thẩm định, theo bảng tiêu chí thang điểm {Formal.Number(campaign.Criteria.Scale)} như sau:"),
            new Heading("I. TIÊU CHÍ CHẤM ĐIỂM"),
            new DocumentTable
            {
                Header = ["Ký hiệu", "Tiêu chí", "Loại", "Điểm tối đa"],
                Rows = criteria.Select((c, i) => (IReadOnlyList<string>)[column(i), c.Title, Kind(c.Kind), Formal.Number(c.MaxPoints)]).ToList(),
                ColumnWidths = [1.3, 7, 1.8, 1.5],
                CenteredColumns = [0, 2, 3],
            },
            new Heading("II. KẾT QUẢ CHẤM ĐIỂM VÀ XẾP HẠNG"),
        };

        var rows = new List<IReadOnlyList<string>>();
        foreach (var entry in input.Ranking.Entries)
        {
            var row = new List<string> { Formal.Count(entry.Rank), entry.Name };
            if (latest.TryGetValue(entry.UnitId, out var sheet))
            {
                var lines = ScoreRules.EffectiveLines(sheet, input.Adjustments);
                row.AddRange(criteria.Select(c =>
                    lines.FirstOrDefault(l => string.Equals(l.CriterionId, c.Id, StringComparison.Ordinal)) is { } line
                        ? (c.Kind == CriterionKind.Penalty && line.Points != 0 ? "-" : "") + Formal.Number(line.Points)
                        : "0"));
            }
            else
            {
                row.AddRange(criteria.Select(_ => "-"));
            }

            row.Add(entry.Submitted ? Formal.Number(entry.Total) : "Không nộp");
            rows.Add(row);
        }

        body.Add(new DocumentTable
        {
            Header = ["Hạng", "Đơn vị", .. criteria.Select((_, i) => column(i)), "Tổng điểm"],
            Rows = rows,
            ColumnWidths = [0.9, 3.6, .. criteria.Select(_ => 1.0), 1.4],
            CenteredColumns = [0, .. Enumerable.Range(2, criteria.Count + 1)],
        });

        body.Add(new Heading("III. ĐIỀU CHỈNH KHI THẨM ĐỊNH"));
        var adjustments = input.Adjustments
            .Select((a, i) => (a, i))
            .OrderBy(x => x.a.AdjustedAt)
            .ThenBy(x => x.i)
            .Select(x => x.a)
            .ToList();
        if (adjustments.Count == 0)
        {
            body.Add(new Paragraph("Không có điều chỉnh nào."));
        }
        else
        {
            body.Add(new DocumentTable
            {
                Header = ["STT", "Đơn vị", "Tiêu chí", "Điểm tự chấm", "Điểm sau thẩm định", "Lý do", "Đơn vị thẩm định"],
                Rows = adjustments.Select((a, i) =>
                {
                    var index = criteria.ToList().FindIndex(c => string.Equals(c.Id, a.CriterionId, StringComparison.Ordinal));
                    var claimed = latest.TryGetValue(a.UnitId, out var sheet)
                        ? sheet.Lines.FirstOrDefault(l => string.Equals(l.CriterionId, a.CriterionId, StringComparison.Ordinal))?.Points ?? 0m
                        : 0m;
                    var reviewer = string.Equals(a.AdjustedBy, ScoreAdjustment.ByCouncil, StringComparison.Ordinal)
                        ? CouncilName
                        : Formal.NameOf(campaign.Members, a.AdjustedBy);
                    return (IReadOnlyList<string>)
                    [
                        Formal.Count(i + 1),
                        Formal.NameOf(campaign.Members, a.UnitId),
                        index >= 0 ? column(index) : "-",
                        Formal.Number(claimed),
                        Formal.Number(a.NewPoints),
                        a.Reason,
                        reviewer,
                    ];
                }).ToList(),
                ColumnWidths = [0.8, 2.6, 1.1, 1.3, 1.5, 4, 2.4],
                CenteredColumns = [0, 2, 3, 4],
            });
        }

        return new OfficialDocument
        {
            Issuer = input.Issuer ?? Formal.BlocIssuer(campaign.BlocName),
            Number = input.Number,
            Place = input.Place,
            Date = input.Date,
            DocumentType = "BẢNG TỔNG HỢP",
            Summary = $"Kết quả chấm điểm thi đua năm {campaign.Year} của {Formal.Bloc(campaign.BlocName)}",
            Body = body,
            Signatures = input.Signatures,
            Recipients = input.Recipients,
        };
    }

    private static string Kind(CriterionKind kind) => kind switch
    {
        CriterionKind.Bonus => "Điểm thưởng",
        CriterionKind.Penalty => "Điểm trừ",
        _ => "Chấm điểm",
    };
}
