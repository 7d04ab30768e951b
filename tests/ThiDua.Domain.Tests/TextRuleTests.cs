using System.Text;

namespace ThiDua.Domain.Tests;

/// <summary>The one text rule and every text field that applies it, and -0 points.</summary>
public class TextRuleTests
{
    private const string Nfc = "Sở Tư pháp";

    private readonly Campaign _campaign = Fixtures.Campaign();

    /// <summary>Characters refused in every text field, line breaks aside: C0, DEL, C1, bidirectional controls.</summary>
    public static TheoryData<int> Refused => new()
    {
        0x0000, 0x0007, 0x0009, 0x001B, 0x007F, 0x0085, 0x009B,
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Control_and_bidi_characters_are_refused_even_where_line_breaks_are_allowed(int codePoint)
    {
        var text = "Sở " + (char)codePoint + "Tư pháp";

        Assert.NotNull(TextRule.Problem(text, multiline: false));
        var problem = TextRule.Problem(text, multiline: true);
        Assert.NotNull(problem);
        Assert.Contains($"U+{codePoint:X4} at position 3", problem.English, StringComparison.Ordinal);
        Assert.Contains($"U+{codePoint:X4} ở vị trí 3", problem.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogates_are_refused()
    {
        Assert.Contains("U+D800", TextRule.Problem("Sở \uD800", multiline: true)!.English, StringComparison.Ordinal);
        Assert.Contains("U+DC00", TextRule.Problem("\uDC00Sở", multiline: true)!.English, StringComparison.Ordinal);
        Assert.Null(TextRule.Problem("\uD83D\uDE00", multiline: false));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\u2028")]
    public void Line_breaks_are_allowed_only_in_multi_line_fields(string lineBreak)
    {
        var text = "Dòng một" + lineBreak + "dòng hai";

        Assert.Null(TextRule.Problem(text, multiline: true));
        Assert.Contains("single line", TextRule.Problem(text, multiline: false)!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Vietnamese_text_and_other_scripts_pass()
    {
        Assert.Null(TextRule.Problem("Cục Thi hành án dân sự tỉnh Đắk Lắk — 𝔘nit №1 😀 مرحبا", multiline: false));
    }

    [Fact]
    public void Normalize_gives_NFC_and_leaves_broken_text_for_the_rule_to_refuse()
    {
        var nfd = Nfc.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(Nfc, nfd);

        Assert.Equal(Nfc, TextRule.Normalize(nfd));
        Assert.Same(Nfc, TextRule.Normalize(Nfc));
        Assert.Equal("a\uD800b", TextRule.Normalize("a\uD800b"));
    }

    [Fact]
    public void Names_that_read_the_same_have_the_same_comparison_key()
    {
        var key = TextRule.ComparisonKey(Nfc);

        Assert.Equal(key, TextRule.ComparisonKey(Nfc.Normalize(NormalizationForm.FormD)));
        Assert.Equal(key, TextRule.ComparisonKey("SỞ TƯ PHÁP"));
        Assert.Equal(key, TextRule.ComparisonKey("  sở  tư   pháp "));
        Assert.NotEqual(key, TextRule.ComparisonKey("Sở Tư pháp tỉnh"));
        Assert.NotEqual(key, TextRule.ComparisonKey("So Tu phap"));
    }

    [Fact]
    public void A_unit_named_like_another_unit_of_its_bloc_clashes_with_it_and_not_with_itself_or_other_blocs()
    {
        var units = new[]
        {
            new MemberUnit { UnitId = "so-tu-phap", BlocId = "noi-chinh", Name = Nfc },
            new MemberUnit { UnitId = "so-tu-phap-2", BlocId = "dang", Name = "Sở Nội vụ" },
        };

        var clash = new MemberUnit { UnitId = "stp", BlocId = "noi-chinh", Name = "SỞ TƯ PHÁP".Normalize(NormalizationForm.FormD) }.NameClash(units);

        Assert.Equal("so-tu-phap", clash?.UnitId);
        Assert.Null(new MemberUnit { UnitId = "so-tu-phap", BlocId = "noi-chinh", Name = "sở tư pháp" }.NameClash(units));
        Assert.Null(new MemberUnit { UnitId = "so-noi-vu", BlocId = "noi-chinh", Name = "Sở Nội vụ" }.NameClash(units));
    }

    [Fact]
    public void Every_text_field_of_a_unit_applies_the_rule()
    {
        var unit = new MemberUnit
        {
            UnitId = "so-tu-phap",
            BlocId = "noi-chinh",
            Name = "Sở Tư pháp\u202E",
            Contacts = [new Contact("Nguyễn\u0000 Văn A", "vanphong@stp.gov.vn\u2066", "Chánh\u0085Văn phòng"), new Contact("Trần Thị B", "b@stp.gov.vn", "")],
            CertificatePem = "-----BEGIN CERTIFICATE-----\r\nMIIB\u0000\r\n-----END CERTIFICATE-----\r\n",
        };

        Assert.Equal(
            [
                ("name", ErrorCodes.InvalidFormat),
                ("contacts[0].name", ErrorCodes.InvalidFormat),
                ("contacts[0].email", ErrorCodes.InvalidFormat),
                ("contacts[0].role", ErrorCodes.InvalidFormat),
                ("certificatePem", ErrorCodes.InvalidFormat),
            ],
            unit.Validate().Select(e => (e.Field, e.Code)));
        Assert.Empty((unit with { Name = Nfc, Contacts = [unit.Contacts[1]], CertificatePem = "-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\n" }).Validate());
    }

    [Fact]
    public void A_name_is_one_line()
    {
        var bloc = new Bloc { BlocId = "noi-chinh", Name = "Nội\nchính" };

        Assert.Equal([("name", ErrorCodes.InvalidFormat)], bloc.Validate().Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public void Every_text_field_of_a_campaign_applies_the_rule()
    {
        var criteria = Fixtures.Criteria.Criteria.ToList();
        criteria[0] = criteria[0] with { Title = "Hoàn thành\u0007 chỉ tiêu" };
        criteria[1] = criteria[1] with { Group = "I.\u2069 Nhiệm vụ" };
        var campaign = _campaign with
        {
            BlocName = "Nội\u202Bchính",
            Members = [.. _campaign.Members.Take(4), _campaign.Members[4] with { Name = "Cục\u200F Thi hành án" }],
            Commitments = ["Thực hiện\u202D tốt nhiệm vụ.", "Hai\ncâu."],
            Criteria = Fixtures.Criteria with { Criteria = criteria },
        };

        Assert.Equal(
            [
                "blocName", "members[4].name", "commitments[0]", "commitments[1]", "criteria.criteria[0].title", "criteria.criteria[1].group",
            ],
            campaign.Validate().Select(e => e.Field));
    }

    [Fact]
    public void A_reason_may_span_lines_but_holds_no_control_characters()
    {
        var submission = Fixtures.Submission(Fixtures.Justice, bonus: 2);
        var multiLine = submission with { Lines = [.. submission.Lines.SkipLast(1), new ScoreLine("thuong", 2, "Bằng khen\r\nsố 123")] };
        var nul = submission with { Lines = [.. submission.Lines.SkipLast(1), new ScoreLine("thuong", 2, "Bằng khen\u0000")] };
        var onRegular = submission with { Lines = [new ScoreLine("1-1", 35, "\u202Eok"), .. submission.Lines.Skip(1)] };
        var adjustment = new ScoreAdjustment { UnitId = Fixtures.Justice, CriterionId = "1-1", NewPoints = 30, Reason = "Thiếu\nminh chứng", AdjustedBy = Fixtures.HomeAffairs, AdjustedAt = Fixtures.At(1) };

        Assert.Empty(ScoreRules.Validate(multiLine, _campaign));
        Assert.Equal([("lines[3].reason", ErrorCodes.InvalidFormat)], ScoreRules.Validate(nul, _campaign).Select(e => (e.Field, e.Code)));
        Assert.Equal([("lines[0].reason", ErrorCodes.InvalidFormat)], ScoreRules.Validate(onRegular, _campaign).Select(e => (e.Field, e.Code)));
        Assert.Empty(ScoreRules.Validate(adjustment, _campaign));
        Assert.Equal(["reason"], ScoreRules.Validate(adjustment with { Reason = "Thiếu\u0000" }, _campaign).Select(e => e.Field));
    }

    [Fact]
    public void Minus_zero_points_are_refused_and_zero_is_accepted()
    {
        var minusZero = decimal.Negate(0m);
        Assert.True(decimal.IsNegative(minusZero));
        var adjustment = new ScoreAdjustment { UnitId = Fixtures.Justice, CriterionId = "1-1", NewPoints = minusZero, Reason = "Sai", AdjustedBy = Fixtures.HomeAffairs, AdjustedAt = Fixtures.At(1) };

        var errors = ScoreRules.Validate(Fixtures.Submission(Fixtures.Justice, c11: minusZero), _campaign);

        Assert.Equal([("lines[0].points", ErrorCodes.OutOfRange)], errors.Select(e => (e.Field, e.Code)));
        Assert.Contains("-0", errors[0].Message.English, StringComparison.Ordinal);
        Assert.Equal(["newPoints"], ScoreRules.Validate(adjustment, _campaign).Select(e => e.Field));
        Assert.Empty(ScoreRules.Validate(Fixtures.Submission(Fixtures.Justice, c11: 0m), _campaign));
        Assert.Empty(ScoreRules.Validate(adjustment with { NewPoints = 0m }, _campaign));
    }
}
