namespace ThiDua.Domain.Tests;

public class ProposalTests
{
    private static readonly Campaign Year = Fixtures.Campaign();

    // Justice 40, Police 39, Home Affairs 38, Military 37; Enforcement never submitted.
    private static readonly Ranking Ranked = Ranking.Compute(
        Year,
        [
            Fixtures.Sheet(Year, Fixtures.Justice, Fixtures.At(1), c11: 40),
            Fixtures.Sheet(Year, Fixtures.Police, Fixtures.At(1), c11: 39),
            Fixtures.Sheet(Year, Fixtures.HomeAffairs, Fixtures.At(1), c11: 38),
            Fixtures.Sheet(Year, Fixtures.Military, Fixtures.At(1), c11: 37),
        ],
        []);

    private static List<(string Unit, string Level, int Order, bool Undecided)> Select(BlocRules rules, string? leading, params string[] missingSigners) =>
        ProposalRules.Select(rules, leading, Ranked, missingSigners).Select(p => (p.UnitId, p.LevelId, p.Order, p.UndecidedVote)).ToList();

    [Fact]
    public void The_leading_unit_goes_first_and_the_ranking_fills_the_quotas()
    {
        // The vote chose the second-ranked unit: it takes the flag, the certificates follow the ranking.
        Assert.Equal(
            [(Fixtures.Police, "co-thi-dua-tinh", 1, false), (Fixtures.Justice, "bang-khen-ubnd-tinh", 1, false), (Fixtures.HomeAffairs, "bang-khen-ubnd-tinh", 2, false)],
            Select(new BlocRules(), Fixtures.Police));
        Assert.All(ProposalRules.Select(new BlocRules(), Fixtures.Police, Ranked, []), p => Assert.Equal(ProposalStatus.Proposed, p.Status));
    }

    [Fact]
    public void Levels_are_configurable_and_a_unit_is_proposed_once()
    {
        var rules = new BlocRules
        {
            Proposals = new ProposalRules
            {
                Levels = [new("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", 1), new("co-thi-dua-tinh", "Cờ thi đua cấp tỉnh", 2), new("bang-khen-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh", 5)],
            },
        };

        // Five places below the flags, but only four units submitted: nobody who never submitted is proposed.
        Assert.Equal(
            [
                (Fixtures.Justice, "co-thi-dua-chinh-phu", 1, false),
                (Fixtures.Police, "co-thi-dua-tinh", 1, false),
                (Fixtures.HomeAffairs, "co-thi-dua-tinh", 2, false),
                (Fixtures.Military, "bang-khen-ubnd-tinh", 1, false),
            ],
            Select(rules, Fixtures.Justice));
    }

    [Fact]
    public void An_undecided_vote_proposes_nobody_for_the_first_level_by_default()
    {
        Assert.Equal(
            [(Fixtures.Justice, "bang-khen-ubnd-tinh", 1, false), (Fixtures.Police, "bang-khen-ubnd-tinh", 2, false)],
            Select(new BlocRules(), null));
    }

    [Fact]
    public void An_undecided_vote_may_propose_the_top_ranked_unit_with_that_fact_recorded()
    {
        var rules = new BlocRules { Voting = new VotingRules { WhenUndecided = UndecidedOutcome.ProposeTopRanked } };

        Assert.Equal(
            [(Fixtures.Justice, "co-thi-dua-tinh", 1, true), (Fixtures.Police, "bang-khen-ubnd-tinh", 1, false), (Fixtures.HomeAffairs, "bang-khen-ubnd-tinh", 2, false)],
            Select(rules, null));

        // The top-ranked unit that did not sign is passed over for the next one.
        Assert.Equal(
            [(Fixtures.Police, "co-thi-dua-tinh", 1, true), (Fixtures.HomeAffairs, "bang-khen-ubnd-tinh", 1, false), (Fixtures.Military, "bang-khen-ubnd-tinh", 2, false)],
            Select(rules, null, Fixtures.Justice));
    }

    [Fact]
    public void A_unit_that_did_not_sign_is_not_proposed_unless_the_rules_allow_it()
    {
        Assert.Equal(
            [(Fixtures.Police, "co-thi-dua-tinh", 1, false), (Fixtures.HomeAffairs, "bang-khen-ubnd-tinh", 1, false), (Fixtures.Military, "bang-khen-ubnd-tinh", 2, false)],
            Select(new BlocRules(), Fixtures.Police, Fixtures.Justice));

        // A leading unit that did not sign leaves the flag empty rather than passing it to another.
        Assert.Equal(
            [(Fixtures.Justice, "bang-khen-ubnd-tinh", 1, false), (Fixtures.HomeAffairs, "bang-khen-ubnd-tinh", 2, false)],
            Select(new BlocRules(), Fixtures.Police, Fixtures.Police));

        var allowed = new BlocRules { Proposals = new ProposalRules { UnsignedMayBeProposed = true } };
        Assert.Equal(
            [(Fixtures.Police, "co-thi-dua-tinh", 1, false), (Fixtures.Justice, "bang-khen-ubnd-tinh", 1, false), (Fixtures.HomeAffairs, "bang-khen-ubnd-tinh", 2, false)],
            Select(allowed, Fixtures.Police, Fixtures.Police, Fixtures.Justice));
    }

    [Fact]
    public void Proposal_levels_are_validated()
    {
        var rules = new BlocRules
        {
            Proposals = new ProposalRules
            {
                Levels = [new("co-thi-dua-tinh", "Cờ thi đua cấp tỉnh", 1), new("co-thi-dua-tinh", "", -1), new("Bằng khen", "Bằng khen", 1)],
            },
        };

        Assert.Equal(
            [
                ("proposals.levels[1].id", ErrorCodes.Duplicate),
                ("proposals.levels[1].name", ErrorCodes.Required),
                ("proposals.levels[1].quota", ErrorCodes.OutOfRange),
                ("proposals.levels[2].id", ErrorCodes.InvalidId),
            ],
            rules.Validate().Select(e => (e.Field, e.Code)));
        Assert.Empty(new BlocRules().Validate());
        Assert.Contains(
            ("proposals.levels[0].name", ErrorCodes.InvalidFormat),
            (new BlocRules { Proposals = new ProposalRules { Levels = [new("co", "Co\u0302\u0300 thi đua", 1)] } }).Validate().Select(e => (e.Field, e.Code)));
    }
}
