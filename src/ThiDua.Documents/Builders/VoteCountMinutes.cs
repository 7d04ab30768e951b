using ThiDua.Domain;

namespace ThiDua.Documents.Builders;

/// <summary>A member of the counting board (ban kiểm phiếu) chosen by the conference.</summary>
/// <param name="Name">Full name, for example "Ông Hoàng Văn Dũng".</param>
/// <param name="Position">Position and unit, for example "Giám đốc Sở Nội vụ".</param>
/// <param name="Role">Role on the board: "Trưởng ban", "Thành viên", "Thư ký".</param>
public sealed record CountingBoardMember(string Name, string Position, string Role)
{
    /// <summary>A member of the board by title in a unit ("Giám đốc Sở" of "Sở Nội vụ" is "Giám đốc Sở Nội vụ").</summary>
    public static CountingBoardMember Of(string name, string title, string unitName, string role) => new(name, Formal.Position(title, unitName), role);
}

/// <summary>What the biên bản kiểm phiếu of a closed round is drawn up from.</summary>
public sealed record VoteCountMinutesInput
{
    /// <summary>Name of the bloc ("Nội chính").</summary>
    public required string BlocName { get; init; }

    /// <summary>The round.</summary>
    public required VoteRound Round { get; init; }

    /// <summary>Its count.</summary>
    public required Tally Tally { get; init; }

    /// <summary>The voting rules applied.</summary>
    public required VotingRules Rules { get; init; }

    /// <summary>The campaign's members, for the candidates' names.</summary>
    public required IReadOnlyList<CampaignMember> Members { get; init; }

    /// <summary>The counting board, its head first; they sign the minutes.</summary>
    public required IReadOnlyList<CountingBoardMember> CountingBoard { get; init; }

    /// <summary>Place of the count ("Bắc Kạn").</summary>
    public required string Place { get; init; }

    /// <summary>When the round closed; the minutes are dated on its Vietnam day.</summary>
    public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>Number and symbol, where one applies.</summary>
    public string? Number { get; init; }

    /// <summary>The issuing body; the bloc ("KHỐI THI ĐUA NỘI CHÍNH") by default.</summary>
    public IssuingBody? Issuer { get; init; }

    /// <summary>Recipients ("Nơi nhận").</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}

/// <summary>Biên bản kiểm phiếu of one vote round.</summary>
public static class VoteCountMinutes
{
    /// <summary>The minutes as an official document.</summary>
    public static OfficialDocument Build(VoteCountMinutesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var round = input.Round;
        var tally = input.Tally;
        var acclamation = round.IsAcclamation;
        var subject = Subject(round, input.BlocName);
        var roundText = round.RoundNumber == 1 ? "" : $" (vòng {round.RoundNumber}, bỏ phiếu lại)";
        var percentBase = PercentBase(tally);
        var issued = round.Present ?? tally.EligibleVoters;
        var name = (string id) => Formal.NameOf(input.Members, id);

        var body = new List<DocumentBlock>
        {
            new Paragraph(
                $"Vào hồi {Formal.Time(input.ClosedAt)} (giờ Việt Nam), Ban kiểm phiếu {Formal.Bloc(input.BlocName)} tiến hành kiểm phiếu "
                + $"bầu {subject}{roundText}"
                + (acclamation ? " theo hình thức suy tôn, biểu quyết bằng phiếu kín đồng ý hoặc không đồng ý." : " bằng hình thức bỏ phiếu kín.")),
            new Heading("I. BAN KIỂM PHIẾU"),
        };
        body.AddRange(input.CountingBoard.Select(m => new BulletLine($"{m.Name}, {m.Position} - {m.Role}.")));

        body.Add(new Heading("II. KẾT QUẢ KIỂM PHIẾU"));
        body.Add(new BulletLine($"Số đơn vị thành viên: {Formal.Count(tally.EligibleVoters)}."));
        if (round.Present is { } present)
        {
            body.Add(new BulletLine($"Số đơn vị có mặt: {Formal.Count(present)}."));
        }

        body.Add(new BulletLine($"Số phiếu phát ra: {Formal.Count(issued)}."));
        body.Add(new BulletLine($"Số phiếu thu vào: {Formal.Count(tally.BallotsCast + tally.InvalidBallots)}."));
        body.Add(new BulletLine($"Số phiếu hợp lệ: {Formal.Count(tally.BallotsCast)}."));
        body.Add(new BulletLine($"Số phiếu không hợp lệ: {Formal.Count(tally.InvalidBallots)}."));
        body.Add(new BulletLine(acclamation
            ? $"Số phiếu không đồng ý: {Formal.Count(tally.Abstentions)}."
            : $"Số phiếu trắng (không chọn đơn vị nào): {Formal.Count(tally.Abstentions)}."));
        var quorum = input.Rules.Quorum;
        body.Add(new BulletLine(
            $"Số phiếu tối thiểu để cuộc bỏ phiếu có giá trị ({quorum.Numerator}/{quorum.Denominator} số đơn vị thành viên): "
            + $"{Formal.Count(tally.QuorumBallots)} phiếu - {(tally.QuorumReached ? "đạt" : "không đạt")}."));
        var comparison = input.Rules.ThresholdComparison == ThresholdComparison.AtLeast ? "từ" : "trên";
        var baseText = input.Rules.ThresholdBase switch
        {
            ThresholdBase.Members => "tổng số đơn vị thành viên",
            ThresholdBase.Present => "số đơn vị có mặt",
            _ => "số phiếu hợp lệ",
        };
        body.Add(new BulletLine($"Điều kiện trúng: {comparison} {input.Rules.ThresholdPercent}% {baseText} ({Formal.Count(percentBase)}); tỷ lệ dưới đây tính trên {Formal.Count(percentBase)}."));

        body.Add(new DocumentTable
        {
            Header = ["STT", "Đơn vị", acclamation ? "Số phiếu đồng ý" : "Số phiếu bầu", "Tỷ lệ (%)"],
            Rows = tally.Counts.Select((c, i) => (IReadOnlyList<string>)
                [Formal.Count(i + 1), name(c.CandidateId), Formal.Count(c.Votes), Formal.Percent(c.Votes, percentBase)]).ToList(),
            ColumnWidths = [1, 6, 2.2, 1.8],
            CenteredColumns = [0, 2, 3],
        });

        body.Add(new Heading("III. KẾT LUẬN"));
        body.Add(new Paragraph(Outcome(round, tally, input.Members, subject)));
        if (tally.Next == NextStep.Runoff)
        {
            body.Add(new Paragraph($"Tổ chức bỏ phiếu lại (vòng {round.RoundNumber + 1}) giữa các đơn vị: {string.Join(", ", tally.RunoffCandidates.Select(name))}."));
        }
        else if (tally.Next == NextStep.Undecided)
        {
            body.Add(new Paragraph("Đã hết số lần bỏ phiếu lại theo quy định; cuộc bỏ phiếu chưa có kết quả."));
        }

        body.Add(new Paragraph(
            $"Biên bản được lập xong hồi {Formal.Time(input.ClosedAt)} (giờ Việt Nam), đã thông qua trước hội nghị và được các thành viên Ban kiểm phiếu thống nhất ký tên."));

        return new OfficialDocument
        {
            Issuer = input.Issuer ?? Formal.BlocIssuer(input.BlocName),
            Number = input.Number,
            Place = input.Place,
            Date = VietnamTime.DateOf(input.ClosedAt),
            DocumentType = "BIÊN BẢN",
            Summary = $"Kiểm phiếu bầu {subject}{roundText}",
            Body = body,
            Signatures = input.CountingBoard.Select(m => new SignatureBlock(null, m.Role.ToUpperInvariant(), m.Name)).ToList(),
            Recipients = input.Recipients,
        };
    }

    /// <summary>What the round elects: the leading unit of the year, or next year's leader or deputy.</summary>
    internal static string Subject(VoteRound round, string blocName) => round.Purpose switch
    {
        VotePurpose.Leader => $"Trưởng khối {Formal.Bloc(blocName)} năm {round.Year + 1}",
        VotePurpose.Deputy => $"Phó Trưởng khối {Formal.Bloc(blocName)} năm {round.Year + 1}",
        _ => $"đơn vị dẫn đầu {Formal.Bloc(blocName)} năm {round.Year}",
    };

    /// <summary>What percentages are taken on: the tally's threshold base, or the ballots cast when it has none.</summary>
    internal static int PercentBase(Tally tally) => tally.ThresholdBase > 0 ? tally.ThresholdBase : tally.BallotsCast;

    /// <summary>The round's conclusion in one sentence, with the winner's votes on <see cref="PercentBase"/>.</summary>
    internal static string Outcome(VoteRound round, Tally tally, IReadOnlyList<CampaignMember> members, string subject)
    {
        var percentBase = PercentBase(tally);
        switch (tally.Outcome)
        {
            case TallyOutcome.Winner:
                var winner = Formal.NameOf(members, tally.WinnerId!);
                var votes = tally.Counts.First(c => string.Equals(c.CandidateId, tally.WinnerId, StringComparison.Ordinal)).Votes;
                var verb = round.IsAcclamation ? "được suy tôn là" : "trúng cử";
                var agreed = round.IsAcclamation ? " đồng ý" : "";
                return $"{winner} {verb} {subject} với {Formal.Count(votes)}/{Formal.Count(percentBase)} phiếu{agreed}, đạt {Formal.Percent(votes, percentBase)}%.";
            case TallyOutcome.NoQuorum:
                return "Không đủ số đơn vị tham gia bỏ phiếu; vòng bỏ phiếu không có giá trị.";
            case TallyOutcome.Tie:
                var top = tally.Counts.Max(c => c.Votes);
                var tied = tally.Counts.Where(c => c.Votes == top).Select(c => Formal.NameOf(members, c.CandidateId));
                return $"Không có đơn vị nào đạt đủ số phiếu cần thiết; các đơn vị {string.Join(", ", tied)} có số phiếu cao nhất bằng nhau ({Formal.Count(top)} phiếu).";
            default:
                return "Không có đơn vị nào đạt đủ số phiếu cần thiết.";
        }
    }
}
