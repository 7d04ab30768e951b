namespace ThiDua.Domain.Tests;

public class RankingTests
{
    private readonly Campaign _campaign = Fixtures.Campaign();

    [Fact]
    public void Higher_total_ranks_first()
    {
        var sheets = new[]
        {
            Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1), c11: 30),
            Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(2), c11: 39),
            Fixtures.Sheet(_campaign, Fixtures.Military, Fixtures.At(3), c11: 35),
            Fixtures.Sheet(_campaign, Fixtures.HomeAffairs, Fixtures.At(4), c11: 36),
            Fixtures.Sheet(_campaign, Fixtures.Enforcement, Fixtures.At(5), c11: 20),
        };

        var ranking = Ranking.Compute(_campaign, sheets, []);

        Assert.Equal([Fixtures.Police, Fixtures.HomeAffairs, Fixtures.Military, Fixtures.Justice, Fixtures.Enforcement], ranking.Entries.Select(e => e.UnitId));
        Assert.Equal([1, 2, 3, 4, 5], ranking.Entries.Select(e => e.Rank));
        Assert.Equal("Công an tỉnh", ranking.Entries[0].Name);
        Assert.Equal(39 + 25 + 28, ranking.Entries[0].Total);
    }

    [Fact]
    public void On_equal_totals_fewer_penalty_points_rank_first()
    {
        var sheets = new[]
        {
            // Both total 86: 88 - 2 versus 87 - 1.
            Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1), c11: 35, penalty: 2),
            Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(2), c11: 34, penalty: 1),
        };

        var ranking = Ranking.Compute(_campaign, sheets, []);

        Assert.Equal(ranking.Entries[0].Total, ranking.Entries[1].Total);
        Assert.Equal([Fixtures.Police, Fixtures.Justice], ranking.Entries.Take(2).Select(e => e.UnitId));
        Assert.Equal(1, ranking.Entries[0].PenaltyPoints);
    }

    [Fact]
    public void On_equal_total_and_penalty_the_earlier_final_submission_ranks_first()
    {
        var early = Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(1));
        var lateFirstVersion = Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1, hour: 8));
        var lateFinal = Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(14), version: 2);

        var ranking = Ranking.Compute(_campaign, [lateFirstVersion, lateFinal, early], []);

        Assert.Equal([Fixtures.Police, Fixtures.Justice], ranking.Entries.Take(2).Select(e => e.UnitId));
        Assert.Equal(Fixtures.At(14), ranking.Entries[1].FinalSubmittedAt);
    }

    [Fact]
    public void When_everything_is_equal_the_unit_id_decides()
    {
        var sheets = new[]
        {
            Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(1)),
            Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1)),
            Fixtures.Sheet(_campaign, Fixtures.Military, Fixtures.At(1)),
        };

        var ranking = Ranking.Compute(_campaign, sheets.Reverse(), []);

        Assert.Equal([Fixtures.Military, Fixtures.Police, Fixtures.Justice], ranking.Entries.Take(3).Select(e => e.UnitId));
    }

    [Fact]
    public void The_bloc_can_put_submission_time_before_penalties()
    {
        var campaign = Fixtures.Campaign(new BlocRules { RankingOrder = [RankingKey.Total, RankingKey.EarlierFinalSubmission, RankingKey.FewerPenaltyPoints] });
        var sheets = new[]
        {
            Fixtures.Sheet(campaign, Fixtures.Justice, Fixtures.At(1), c11: 35, penalty: 2),
            Fixtures.Sheet(campaign, Fixtures.Police, Fixtures.At(2), c11: 34, penalty: 1),
        };

        var ranking = Ranking.Compute(campaign, sheets, []);

        Assert.Equal([Fixtures.Justice, Fixtures.Police], ranking.Entries.Take(2).Select(e => e.UnitId));
    }

    [Fact]
    public void Units_that_never_submitted_rank_last_with_zero_and_are_flagged()
    {
        var sheets = new[]
        {
            // A heavily penalised unit still ranks before one that never submitted.
            Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1), c11: 0, c12: 0, c21: 0, penalty: 10),
            Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(2)),
        };

        var ranking = Ranking.Compute(_campaign, sheets, []);

        Assert.Equal([true, true, false, false, false], ranking.Entries.Select(e => e.Submitted));
        Assert.Equal(-10, ranking.Entries[1].Total);
        Assert.All(ranking.Entries.Skip(2), e => Assert.Equal(0, e.Total));
        Assert.All(ranking.Entries.Skip(2), e => Assert.Null(e.FinalSubmittedAt));
        Assert.Equal([Fixtures.Military, Fixtures.Enforcement, Fixtures.HomeAffairs], ranking.Entries.Skip(2).Select(e => e.UnitId));
    }

    [Fact]
    public void Adjustments_change_the_ranking()
    {
        var sheets = new[]
        {
            Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1), c11: 40),
            Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(2), c11: 38),
        };
        var adjustment = new ScoreAdjustment
        {
            UnitId = Fixtures.Justice,
            CriterionId = "1-1",
            NewPoints = 30,
            Reason = "Chỉ tiêu chưa được xác nhận",
            AdjustedBy = Fixtures.HomeAffairs,
            AdjustedAt = Fixtures.At(18),
        };

        Assert.Equal(Fixtures.Justice, Ranking.Compute(_campaign, sheets, []).Entries[0].UnitId);
        Assert.Equal(Fixtures.Police, Ranking.Compute(_campaign, sheets, [adjustment]).Entries[0].UnitId);
    }

    [Fact]
    public void Candidates_are_the_top_three_who_submitted()
    {
        var sheets = new[]
        {
            Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1), c11: 40),
            Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(1), c11: 39),
            Fixtures.Sheet(_campaign, Fixtures.Military, Fixtures.At(1), c11: 38),
            Fixtures.Sheet(_campaign, Fixtures.HomeAffairs, Fixtures.At(1), c11: 37),
        };

        var ranking = Ranking.Compute(_campaign, sheets, []);

        Assert.Equal([Fixtures.Justice, Fixtures.Police, Fixtures.Military], ranking.SelectCandidates(3));
        Assert.Equal([Fixtures.Justice, Fixtures.Police, Fixtures.Military, Fixtures.HomeAffairs], ranking.SelectCandidates(5));
    }

    [Fact]
    public void A_unit_tied_with_the_third_on_every_configured_key_is_also_a_candidate()
    {
        var sheets = new[]
        {
            Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1), c11: 40),
            Fixtures.Sheet(_campaign, Fixtures.Police, Fixtures.At(1), c11: 39),
            Fixtures.Sheet(_campaign, Fixtures.Military, Fixtures.At(1), c11: 38),
            Fixtures.Sheet(_campaign, Fixtures.HomeAffairs, Fixtures.At(1), c11: 38),
            Fixtures.Sheet(_campaign, Fixtures.Enforcement, Fixtures.At(2), c11: 38),
        };

        var ranking = Ranking.Compute(_campaign, sheets, []);

        // Same total, penalty and time: only the unit id separates the military command and home
        // affairs, which must not keep one of them off the ballot; a later submission does.
        Assert.Equal([Fixtures.Justice, Fixtures.Police, Fixtures.Military, Fixtures.HomeAffairs], ranking.SelectCandidates(3));
    }

    [Fact]
    public void Units_that_never_submitted_are_never_candidates()
    {
        var ranking = Ranking.Compute(_campaign, [Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(1))], []);

        Assert.Equal([Fixtures.Justice], ranking.SelectCandidates(3));
        Assert.Empty(Ranking.Compute(_campaign, [], []).SelectCandidates(3));
    }
}
