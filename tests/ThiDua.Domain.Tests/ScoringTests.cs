namespace ThiDua.Domain.Tests;

public class ScoringTests
{
    private readonly Campaign _campaign = Fixtures.Campaign();

    [Fact]
    public void A_complete_submission_is_accepted()
    {
        Assert.Empty(ScoreRules.Validate(Fixtures.Submission(Fixtures.Justice, bonus: 3, penalty: 2), _campaign));
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once_with_its_path()
    {
        var submission = new ScoreSubmission
        {
            BlocId = "dang",
            Year = 2025,
            UnitId = Fixtures.Justice,
            ClientRequestId = "retry 1",
            Lines =
            [
                new ScoreLine("1-1", 41),
                new ScoreLine("1-2", -1),
                new ScoreLine("9-9", 5),
                new ScoreLine("1-1", 10),
                new ScoreLine("thuong", 2),
                new ScoreLine("tru", 1, "  "),
            ],
            Evidence = [new EvidenceReference("minh-chung-1", "baocao.pdf", "application/pdf", 1200, "ABC")],
        };

        var errors = ScoreRules.Validate(submission, _campaign);

        Assert.Equal(
            [
                ("blocId", ErrorCodes.Mismatch),
                ("year", ErrorCodes.Mismatch),
                ("clientRequestId", ErrorCodes.InvalidId),
                ("lines[0].points", ErrorCodes.OutOfRange),
                ("lines[1].points", ErrorCodes.OutOfRange),
                ("lines[2].criterionId", ErrorCodes.Unknown),
                ("lines[3].criterionId", ErrorCodes.Duplicate),
                ("lines[4].reason", ErrorCodes.Required),
                ("lines[5].reason", ErrorCodes.Required),
                ("lines", ErrorCodes.MissingCriterion),
                ("evidence[0].sha256", ErrorCodes.InvalidFormat),
            ],
            errors.Select(e => (e.Field, e.Code)));
        Assert.Contains("40", errors[3].Message.English, StringComparison.Ordinal);
        Assert.Contains("2-1", errors[9].Message.English, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_outside_the_bloc_cannot_submit()
    {
        var errors = ScoreRules.Validate(Fixtures.Submission("so-y-te"), _campaign);

        Assert.Equal(("unitId", ErrorCodes.Unknown), errors.Select(e => (e.Field, e.Code)).Single());
    }

    [Fact]
    public void Points_at_zero_and_at_the_maximum_are_accepted_and_a_zero_penalty_needs_no_reason()
    {
        var submission = Fixtures.Submission(Fixtures.Police, c11: 40, c12: 0, c21: 30) with
        {
            Lines = [.. Fixtures.Submission(Fixtures.Police, c11: 40, c12: 0, c21: 30).Lines, new ScoreLine("tru", 0)],
        };

        Assert.Empty(ScoreRules.Validate(submission, _campaign));
    }

    [Fact]
    public void An_invalid_submission_never_becomes_a_sheet()
    {
        var bad = Fixtures.Submission(Fixtures.Justice, c11: 99);

        var error = Assert.Throws<ArgumentException>(() => ScoreRules.CreateSheet(bad, _campaign, 1, Fixtures.At(10)));
        Assert.Contains("lines[0].points", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_total_is_regular_plus_bonus_minus_penalty()
    {
        var sheet = Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(10), c11: 35, c12: 25.5m, c21: 28, bonus: 3, penalty: 2);

        Assert.Equal(new ScoreTotals(88.5m, 3, 2, 89.5m), sheet.Totals);
        Assert.Equal(1, sheet.Version);
        Assert.Equal(Fixtures.At(10), sheet.SubmittedAt);
    }

    [Fact]
    public void Adjustments_replace_a_criterion_on_the_latest_version_and_the_last_one_wins()
    {
        var v1 = Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(10), c11: 20);
        var v2 = Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(12), c11: 38, version: 2);
        var latest = ScoreRules.Latest([v2, v1])!;
        ScoreAdjustment Adjust(string criterion, decimal points, int day, string unit = Fixtures.Justice) => new()
        {
            UnitId = unit,
            CriterionId = criterion,
            NewPoints = points,
            Reason = "Thiếu minh chứng",
            AdjustedBy = Fixtures.HomeAffairs,
            AdjustedAt = Fixtures.At(day),
        };

        var adjustments = new[] { Adjust("1-1", 30, 18), Adjust("1-1", 32, 17), Adjust("tru", 4, 17), Adjust("1-1", 0, 17, Fixtures.Police) };
        var totals = ScoreRules.EffectiveTotals(_campaign.Criteria, latest, adjustments);

        Assert.Same(v2, latest);
        Assert.Equal(new ScoreTotals(30 + 25 + 28, 0, 4, 30 + 25 + 28 - 4), totals);
        Assert.Equal("Thiếu minh chứng", ScoreRules.EffectiveLines(latest, adjustments).Single(l => l.CriterionId == "1-1").Reason);
    }

    [Fact]
    public void An_adjustment_needs_a_reason_and_points_within_the_maximum()
    {
        var adjustment = new ScoreAdjustment
        {
            UnitId = Fixtures.Justice,
            CriterionId = "1-2",
            NewPoints = 31,
            Reason = "",
            AdjustedBy = Fixtures.HomeAffairs,
            AdjustedAt = Fixtures.At(18),
        };

        Assert.Equal(["newPoints", "reason"], ScoreRules.Validate(adjustment, _campaign).Select(e => e.Field));
        Assert.Empty(ScoreRules.Validate(adjustment with { NewPoints = 30, Reason = "Điều chỉnh theo thẩm định" }, _campaign));
        Assert.Equal(["criterionId"], ScoreRules.Validate(adjustment with { CriterionId = "x", NewPoints = 1, Reason = "r" }, _campaign).Select(e => e.Field));
    }

    [Fact]
    public void The_leader_reviews_every_unit_but_its_own_which_the_deputy_or_council_staff_review()
    {
        var campaign = Fixtures.Campaign();
        var council = Fixtures.Campaign(new BlocRules { OwnUnitReviewer = OwnUnitReviewer.Council });

        Assert.Equal(Fixtures.HomeAffairs, ScoreRules.ReviewerOf(campaign, Fixtures.Justice));
        Assert.Equal(Fixtures.Enforcement, ScoreRules.ReviewerOf(campaign, Fixtures.HomeAffairs));
        Assert.Null(ScoreRules.ReviewerOf(campaign with { DeputyUnitId = null }, Fixtures.HomeAffairs));
        Assert.Null(ScoreRules.ReviewerOf(council, Fixtures.HomeAffairs));
        Assert.Equal(Fixtures.HomeAffairs, ScoreRules.ReviewerOf(council, Fixtures.Enforcement));
    }
}
