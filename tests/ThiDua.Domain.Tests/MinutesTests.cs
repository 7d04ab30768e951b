namespace ThiDua.Domain.Tests;

public class MinutesTests
{
    private static MinutesInput Input(params string?[] choices)
    {
        var round = new VoteRound
        {
            BlocId = "noi-chinh",
            Year = 2017,
            Purpose = VotePurpose.LeadingUnit,
            RoundNumber = 1,
            Candidates = [Fixtures.HomeAffairs, Fixtures.Police, Fixtures.Justice],
            EligibleVoters = 5,
        };
        var ballots = choices.Select((c, i) => new Ballot(round.RoundKey, $"ballot-{i}", c)).ToList();
        var rules = new VotingRules();
        return new MinutesInput
        {
            BlocName = "Nội chính",
            Round = round,
            Tally = VoteRules.Count(round, ballots, rules),
            Rules = rules,
            Members = Fixtures.Members,
            BallotHashes = ballots.Select(VoteRules.Receipt).ToList(),
            ClosedAt = new DateTimeOffset(2018, 1, 12, 10, 30, 0, TimeSpan.FromHours(7)),
        };
    }

    [Fact]
    public void The_minutes_state_the_count_and_the_winner_in_Vietnamese()
    {
        var input = Input(Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.Police, null);

        var text = Minutes.Render(input);

        Assert.StartsWith("BIÊN BẢN KIỂM PHIẾU\n", text, StringComparison.Ordinal);
        Assert.Contains("Khối thi đua: Nội chính (noi-chinh)", text, StringComparison.Ordinal);
        Assert.Contains("Nội dung: Bình xét, suy tôn đơn vị dẫn đầu khối", text, StringComparison.Ordinal);
        Assert.Contains("Kết thúc bỏ phiếu: 10:30 ngày 12/01/2018 (giờ Việt Nam)", text, StringComparison.Ordinal);
        Assert.Contains("Số đơn vị có quyền bỏ phiếu: 5", text, StringComparison.Ordinal);
        Assert.Contains("Số phiếu thu về: 5", text, StringComparison.Ordinal);
        Assert.Contains("Số phiếu không chọn ai (phiếu trắng): 1", text, StringComparison.Ordinal);
        Assert.Contains("Tỷ lệ tham gia tối thiểu: 2/3 số đơn vị (4 phiếu) — đạt", text, StringComparison.Ordinal);
        Assert.Contains("Điều kiện trúng: trên 50% số phiếu thu về", text, StringComparison.Ordinal);
        Assert.Contains("1. Sở Nội vụ (so-noi-vu): 3 phiếu (60%)", text, StringComparison.Ordinal);
        Assert.Contains("2. Công an tỉnh (cong-an-tinh): 1 phiếu (20%)", text, StringComparison.Ordinal);
        Assert.Contains("Kết luận: Sở Nội vụ (so-noi-vu) trúng với 3 phiếu.", text, StringComparison.Ordinal);
        Assert.All(input.BallotHashes, h => Assert.Contains("  " + h + "\n", text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tie_is_recorded_with_its_runoff_and_decimal_commas()
    {
        var text = Minutes.Render(Input(Fixtures.Police, Fixtures.Justice, Fixtures.Police, Fixtures.Justice, Fixtures.HomeAffairs, null));

        Assert.Contains("Kết luận: Các đơn vị có số phiếu cao nhất bằng nhau.", text, StringComparison.Ordinal);
        Assert.Contains("Bỏ phiếu lại giữa: Công an tỉnh (cong-an-tinh), Sở Tư pháp (so-tu-phap).", text, StringComparison.Ordinal);
        Assert.Contains("2 phiếu (33,3%)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_quorum_is_recorded()
    {
        var text = Minutes.Render(Input(Fixtures.Police, Fixtures.Police));

        Assert.Contains("— không đạt", text, StringComparison.Ordinal);
        Assert.Contains("Không đủ số đơn vị tham gia bỏ phiếu.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_round_gives_the_same_minutes_whatever_order_the_hashes_come_in()
    {
        var input = Input(Fixtures.HomeAffairs, Fixtures.Police, Fixtures.HomeAffairs, Fixtures.HomeAffairs);

        Assert.Equal(Minutes.Render(input), Minutes.Render(input with { BallotHashes = [.. input.BallotHashes.Reverse()] }));
    }

    [Fact]
    public void The_minutes_are_available_in_English()
    {
        var text = Minutes.Render(Input(Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.HomeAffairs, Fixtures.Police), Localizer.English);

        Assert.StartsWith("MINUTES OF THE BALLOT COUNT\n", text, StringComparison.Ordinal);
        Assert.Contains("Outcome: Sở Nội vụ (so-noi-vu) wins with 3 votes.", text, StringComparison.Ordinal);
        Assert.Contains("3 votes (75%)", text, StringComparison.Ordinal);
        Assert.Contains("Voting closed: 10:30 on 12/01/2018 (Vietnam time)", text, StringComparison.Ordinal);
    }
}
