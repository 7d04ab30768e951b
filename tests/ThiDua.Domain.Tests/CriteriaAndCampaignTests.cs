namespace ThiDua.Domain.Tests;

public class CriteriaAndCampaignTests
{
    [Fact]
    public void The_example_table_and_campaign_are_valid()
    {
        Assert.Empty(Fixtures.Criteria.Validate());
        Assert.Empty(Fixtures.Campaign().Validate());
    }

    [Fact]
    public void Each_bad_criterion_is_named()
    {
        var table = Fixtures.Criteria with
        {
            Criteria =
            [
                new Criterion { Id = "1-1", Title = "Chỉ tiêu", MaxPoints = 40 },
                new Criterion { Id = "1-1", Title = "Trùng mã", MaxPoints = 30 },
                new Criterion { Id = "Bad Id", Title = "Mã sai", MaxPoints = 30 },
                new Criterion { Id = "zero", Title = "Không điểm", MaxPoints = 0, Kind = CriterionKind.Bonus },
                new Criterion { Id = "no-title", Title = " ", MaxPoints = 1, Kind = CriterionKind.Penalty },
            ],
        };

        var errors = table.Validate();

        Assert.Contains(errors, e => e.Field == "criteria[1].id" && e.Code == ErrorCodes.Duplicate);
        Assert.Contains(errors, e => e.Field == "criteria[2].id" && e.Code == ErrorCodes.InvalidId);
        Assert.Contains(errors, e => e.Field == "criteria[3].maxPoints" && e.Code == ErrorCodes.OutOfRange);
        Assert.Contains(errors, e => e.Field == "criteria[4].title" && e.Code == ErrorCodes.Required);
        Assert.DoesNotContain(errors, e => e.Field.StartsWith("criteria[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Regular_maxima_must_add_up_to_the_scale()
    {
        var errors = (Fixtures.Criteria with { Scale = 1000 }).Validate();

        var error = Assert.Single(errors);
        Assert.Equal("criteria", error.Field);
        Assert.Equal(ErrorCodes.Mismatch, error.Code);
        Assert.Contains("100", error.Message.English, StringComparison.Ordinal);
        Assert.Contains("1000", error.Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Bonus_and_penalty_maxima_do_not_count_towards_the_scale()
    {
        var table = new CriteriaTable
        {
            Scale = 1000,
            Criteria =
            [
                new Criterion { Id = "a", Title = "A", MaxPoints = 600 },
                new Criterion { Id = "b", Title = "B", MaxPoints = 400 },
                new Criterion { Id = "c", Title = "C", MaxPoints = 50, Kind = CriterionKind.Bonus },
            ],
        };

        Assert.Empty(table.Validate());
        Assert.Contains((table with { Criteria = [table.Criteria[2]] }).Validate(), e => e.Code == ErrorCodes.Required);
    }

    [Fact]
    public void Campaign_errors_carry_the_path_of_the_nested_field()
    {
        var campaign = Fixtures.Campaign() with
        {
            LeaderUnitId = "so-y-te",
            DeputyUnitId = Fixtures.HomeAffairs,
            Members = [.. Fixtures.Members, new CampaignMember(Fixtures.Police, "Công an tỉnh (trùng)")],
            Criteria = Fixtures.Criteria with { Scale = 0 },
        };

        var errors = campaign.Validate();

        Assert.Contains(errors, e => e.Field == "leaderUnitId" && e.Code == ErrorCodes.Unknown);
        Assert.Contains(errors, e => e.Field == "members[5].unitId" && e.Code == ErrorCodes.Duplicate);
        Assert.Contains(errors, e => e.Field == "criteria.scale");
    }

    [Fact]
    public void Bloc_rules_with_impossible_numbers_are_refused()
    {
        var rules = new BlocRules
        {
            Voting = new VotingRules { ThresholdPercent = 100, Quorum = new Fraction(4, 3), CandidateCount = 0 },
            ReminderOffsets = [TimeSpan.FromDays(1), TimeSpan.Zero],
            RankingOrder = [RankingKey.FewerPenaltyPoints, RankingKey.Total],
            OwnUnitReviewer = (OwnUnitReviewer)7,
        };

        var fields = rules.Validate().Select(e => e.Field).ToList();

        Assert.Contains("voting.thresholdPercent", fields);
        Assert.Contains("voting.quorum", fields);
        Assert.Contains("voting.candidateCount", fields);
        Assert.Contains("reminderOffsets[1]", fields);
        Assert.Contains("rankingOrder", fields);
        Assert.Contains("ownUnitReviewer", fields);
        Assert.Empty(new BlocRules().Validate());
        Assert.Equal(OwnUnitReviewer.Deputy, new BlocRules().OwnUnitReviewer);
        Assert.Empty(new BlocRules { OwnUnitReviewer = OwnUnitReviewer.Council }.Validate());
        Assert.Empty(new BlocRules { Voting = new VotingRules { ThresholdPercent = 70, ThresholdComparison = ThresholdComparison.AtLeast } }.Validate());
    }

    [Fact]
    public void Bloc_and_unit_validation_name_their_fields()
    {
        var bloc = new Bloc { BlocId = "noi-chinh", Name = "Nội chính", MemberUnitIds = ["so-tu-phap", "so-tu-phap", "So-Y-Te"], LaunchMonth = 2, LaunchDay = 29 };
        var unit = new MemberUnit
        {
            UnitId = "so-tu-phap",
            BlocId = "noi-chinh",
            Name = "Sở Tư pháp",
            Contacts = [new Contact("Nguyễn Văn An", "khong-phai-email", "Chánh Văn phòng")],
            CertificatePem = "not a certificate",
        };

        Assert.Equal(["memberUnitIds[1]", "memberUnitIds[2]", "launchDay"], bloc.Validate().Select(e => e.Field));
        Assert.Equal(["contacts[0].email", "certificatePem"], unit.Validate().Select(e => e.Field));
    }
}

public class CampaignCreationTests
{
    [Fact]
    public void A_new_campaign_snapshots_the_active_members_and_the_bloc_rules()
    {
        var rules = new BlocRules { LeaderElection = LeaderElectionMode.Vote };
        var bloc = new Bloc
        {
            BlocId = "noi-chinh",
            Name = "Nội chính",
            MemberUnitIds = Fixtures.Members.Select(m => m.UnitId).ToList(),
            Rules = rules,
        };
        var units = Fixtures.Members
            .Select(m => new MemberUnit { UnitId = m.UnitId, BlocId = "noi-chinh", Name = m.Name, Active = m.UnitId != Fixtures.Military })
            .Append(new MemberUnit { UnitId = "van-phong-tinh-uy", BlocId = "dang", Name = "Văn phòng Tỉnh ủy" });

        var campaign = Campaign.Create(
            bloc,
            units,
            2018,
            new LeaderChoice(Fixtures.Enforcement, Fixtures.Justice),
            ["Hoàn thành xuất sắc nhiệm vụ năm 2018."],
            Fixtures.Criteria,
            CampaignSchedule.ForYear(bloc, 2018));

        Assert.Empty(campaign.Validate());
        Assert.Equal("noi-chinh-2018", campaign.Key);
        Assert.Equal([Fixtures.Police, Fixtures.Justice, Fixtures.HomeAffairs, Fixtures.Enforcement], campaign.Members.Select(m => m.UnitId));
        Assert.Equal("Cục Thi hành án dân sự tỉnh", campaign.FindMember(campaign.LeaderUnitId)!.Name);
        Assert.Same(rules, campaign.Rules);
    }
}

public class DerivedKeyTests
{
    [Fact]
    public void Keys_derived_from_the_longest_bloc_id_are_valid_ids()
    {
        var campaign = Fixtures.Campaign() with { BlocId = new string('k', Bloc.MaxIdLength) };
        var round = LeaderRules.ElectionRound(campaign, VotePurpose.Leader, [Fixtures.Police]);

        Assert.Empty(campaign.Validate());
        Assert.True(Identifier.IsValid(campaign.Key));
        Assert.True(Identifier.IsValid((round with { Purpose = VotePurpose.LeadingUnit, RoundNumber = 3 }).RoundKey));
        Assert.Contains((campaign with { BlocId = new string('k', Bloc.MaxIdLength + 1) }).Validate(), e => e.Field == "blocId");
    }
}
