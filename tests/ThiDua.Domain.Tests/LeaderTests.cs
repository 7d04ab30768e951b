namespace ThiDua.Domain.Tests;

public class LeaderTests
{
    private static readonly string[] Order = [Fixtures.HomeAffairs, Fixtures.Enforcement, Fixtures.Justice, Fixtures.Police, Fixtures.Military];

    private static Bloc Bloc(params string[] members) => new()
    {
        BlocId = "noi-chinh",
        Name = "Nội chính",
        MemberUnitIds = members.Length == 0 ? Order : members,
        RotationOrder = Order,
    };

    [Fact]
    public void Leadership_passes_to_the_next_unit_in_the_rotation_and_the_one_after_is_deputy()
    {
        // 2017: Home Affairs led; 2018: Civil Judgment Enforcement, as in the January 2018 example.
        var choice = LeaderRules.ByRotation(Bloc(), [], Fixtures.HomeAffairs);

        Assert.Equal(new LeaderChoice(Fixtures.Enforcement, Fixtures.Justice), choice);
    }

    [Fact]
    public void The_rotation_wraps_around()
    {
        Assert.Equal(new LeaderChoice(Fixtures.HomeAffairs, Fixtures.Enforcement), LeaderRules.ByRotation(Bloc(), [], Fixtures.Military));
    }

    [Fact]
    public void Units_that_left_the_bloc_or_are_inactive_are_skipped()
    {
        var bloc = Bloc(Fixtures.HomeAffairs, Fixtures.Justice, Fixtures.Police, Fixtures.Military);
        var inactivePolice = new MemberUnit { UnitId = Fixtures.Police, BlocId = "noi-chinh", Name = "Công an tỉnh", Active = false };

        var choice = LeaderRules.ByRotation(bloc, [inactivePolice], Fixtures.HomeAffairs);

        Assert.Equal(new LeaderChoice(Fixtures.Justice, Fixtures.Military), choice);
    }

    [Fact]
    public void A_removed_current_leader_still_marks_the_place_in_the_rotation()
    {
        var bloc = Bloc(Fixtures.HomeAffairs, Fixtures.Justice, Fixtures.Police, Fixtures.Military);

        Assert.Equal(new LeaderChoice(Fixtures.Justice, Fixtures.Police), LeaderRules.ByRotation(bloc, [], Fixtures.Enforcement));
    }

    [Fact]
    public void New_members_missing_from_the_rotation_take_their_turn_after_it()
    {
        var bloc = Bloc([.. Order, "so-y-te"]);

        Assert.Equal(new LeaderChoice("so-y-te", Fixtures.HomeAffairs), LeaderRules.ByRotation(bloc, [], Fixtures.Military));
    }

    [Fact]
    public void A_single_remaining_unit_leads_without_a_deputy()
    {
        Assert.Equal(new LeaderChoice(Fixtures.Justice, null), LeaderRules.ByRotation(Bloc(Fixtures.Justice), [], Fixtures.HomeAffairs));
        Assert.Throws<InvalidOperationException>(() => LeaderRules.ByRotation(Order, new HashSet<string>(), Fixtures.HomeAffairs));
    }

    [Fact]
    public void An_election_round_only_takes_members_as_candidates()
    {
        var campaign = Fixtures.Campaign();

        var round = LeaderRules.ElectionRound(campaign, VotePurpose.Deputy, [Fixtures.Police, Fixtures.Justice]);

        Assert.Equal("noi-chinh-2026-deputy-1", round.RoundKey);
        Assert.False(round.IsAcclamation);
        Assert.Throws<ArgumentException>(() => LeaderRules.ElectionRound(campaign, VotePurpose.Leader, ["so-y-te"]));
        Assert.Throws<ArgumentException>(() => LeaderRules.ElectionRound(campaign, VotePurpose.Leader, []));
    }
}
