using ThiDua.Domain;

namespace ThiDua.Documents.Builders;

/// <summary>What the tờ trình đề nghị khen thưởng from the bloc to the council is drawn up from.</summary>
public sealed record AwardProposalInput
{
    /// <summary>The campaign: bloc, year, members, the year's leader (who signs) and the award levels.</summary>
    public required Campaign Campaign { get; init; }

    /// <summary>The year's ranking after review.</summary>
    public required Ranking Ranking { get; init; }

    /// <summary>The proposals, on the campaign's award levels.</summary>
    public IReadOnlyList<Proposal> Proposals { get; init; } = [];

    /// <summary>The leading-unit rounds, in the order held (other rounds are ignored); the deciding one gives the leading unit's votes.</summary>
    public IReadOnlyList<CountedRound> Votes { get; init; } = [];

    /// <summary>The leading unit the vote chose, or null when it ended undecided.</summary>
    public string? LeadingUnitId { get; init; }

    /// <summary>Who signs for the year's leader unit ("TM. KHỐI THI ĐUA …" / "TRƯỞNG KHỐI").</summary>
    public required UnitRepresentative Signer { get; init; }

    /// <summary>When the year's compact was sealed, for the basis; omitted when null.</summary>
    public DateOnly? CompactDate { get; init; }

    /// <summary>Day of the year-end conference where the vote was held; null when the vote ran by deadline.</summary>
    public DateOnly? ConferenceDate { get; init; }

    /// <summary>Place ("Bắc Kạn").</summary>
    public required string Place { get; init; }

    /// <summary>Date of the proposal.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Number and symbol, where one applies.</summary>
    public string? Number { get; init; }

    /// <summary>The issuing body; the bloc by default.</summary>
    public IssuingBody? Issuer { get; init; }

    /// <summary>Recipients ("Nơi nhận").</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}

/// <summary>Tờ trình đề nghị khen thưởng: the bloc's proposals to the council, level by level, with each unit's total, rank and, for the leading unit, its votes.</summary>
public static class AwardProposal
{
    /// <summary>The proposal letter as an official document.</summary>
    public static OfficialDocument Build(AwardProposalInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = input.Campaign;
        var bloc = Formal.Bloc(campaign.BlocName);
        var name = (string id) => Formal.NameOf(campaign.Members, id);
        var council = ScoreSummary.CouncilName;

        var body = new List<DocumentBlock>
        {
            new Paragraph($"Kính gửi: {council}.", Centered: true),
            new Paragraph(
                $"Căn cứ Giao ước thi đua năm {campaign.Year} của {bloc}"
                + (input.CompactDate is { } signed ? $" ký ngày {Formal.Day(signed)};" : ";"),
                Italic: true),
            new Paragraph($"Căn cứ kết quả chấm điểm thi đua năm {campaign.Year} của các đơn vị thành viên sau thẩm định;", Italic: true),
            new Paragraph(
                $"Căn cứ kết quả bỏ phiếu kín bình xét đơn vị dẫn đầu năm {campaign.Year}"
                + (input.ConferenceDate is { } held ? $" tại Hội nghị tổng kết {bloc} ngày {Formal.Day(held)}," : " của các đơn vị thành viên,"),
                Italic: true),
            new Paragraph(
                $"{bloc} kính đề nghị {council} xem xét khen thưởng các đơn vị thành viên có thành tích xuất sắc "
                + $"trong năm thi đua {campaign.Year} như sau:"),
        };

        var levels = Formal.ByLevel(campaign.Rules.Proposals, input.Proposals);
        for (var i = 0; i < levels.Count; i++)
        {
            var (level, units) = levels[i];
            body.Add(new Paragraph($"{i + 1}. {level.Name}", Bold: true));
            if (units.Count == 0)
            {
                body.Add(new BulletLine("Không đề nghị đơn vị nào."));
            }

            body.AddRange(units.Select(p => new BulletLine(Line(input, p, name(p.UnitId), bloc))));
        }

        body.Add(new Paragraph($"Kính đề nghị {council} xem xét, quyết định."));

        var leader = name(campaign.LeaderUnitId);
        return new OfficialDocument
        {
            Issuer = input.Issuer ?? Formal.BlocIssuer(campaign.BlocName),
            Number = input.Number,
            Place = input.Place,
            Date = input.Date,
            DocumentType = "TỜ TRÌNH",
            Summary = $"Đề nghị khen thưởng các đơn vị thuộc {bloc} năm {campaign.Year}",
            Body = body,
            Signatures =
            [
                new SignatureBlock(
                    "TM. " + Formal.BlocIssuer(campaign.BlocName).Name,
                    "TRƯỞNG KHỐI",
                    input.Signer.Name,
                    Formal.Position(input.Signer.Title, leader)),
            ],
            Recipients = input.Recipients,
        };
    }

    /// <summary>One proposed unit: total and rank, then why it heads the first level when it does.</summary>
    private static string Line(AwardProposalInput input, Proposal proposal, string unit, string bloc)
    {
        var entry = input.Ranking.Entries.FirstOrDefault(e => string.Equals(e.UnitId, proposal.UnitId, StringComparison.Ordinal));
        var line = entry is null ? unit : $"{unit}: tổng điểm {Formal.Number(entry.Total)}, xếp hạng thứ {Formal.Count(entry.Rank)}";
        if (proposal.UndecidedVote)
        {
            return line + "; được đề nghị là đơn vị xếp hạng cao nhất do cuộc bỏ phiếu bình xét đơn vị dẫn đầu không có kết quả.";
        }

        if (!string.Equals(proposal.UnitId, input.LeadingUnitId, StringComparison.Ordinal))
        {
            return line + ".";
        }

        line += $"; đơn vị dẫn đầu {bloc} năm {input.Campaign.Year}";
        var deciding = input.Votes.LastOrDefault(v =>
            v.Round.Purpose == VotePurpose.LeadingUnit && string.Equals(v.Tally.WinnerId, proposal.UnitId, StringComparison.Ordinal));
        if (deciding is null)
        {
            return line + ".";
        }

        var votes = deciding.Tally.Counts.First(c => string.Equals(c.CandidateId, proposal.UnitId, StringComparison.Ordinal)).Votes;
        var percentBase = VoteCountMinutes.PercentBase(deciding.Tally);
        return line + $", được bình xét với {Formal.Count(votes)}/{Formal.Count(percentBase)} phiếu, đạt {Formal.Percent(votes, percentBase)}%.";
    }
}
