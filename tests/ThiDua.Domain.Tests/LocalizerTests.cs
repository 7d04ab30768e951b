using System.Reflection;

namespace ThiDua.Domain.Tests;

public class LocalizerTests
{
    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(TextKeys).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add((string)field.GetValue(null)!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_text_exists_in_Vietnamese_and_English(string key)
    {
        Assert.False(string.IsNullOrWhiteSpace(Localizer.Vietnamese[key]));
        Assert.False(string.IsNullOrWhiteSpace(Localizer.English[key]));
    }

    [Theory]
    [InlineData(null, "vi")]
    [InlineData("vi", "vi")]
    [InlineData("vi-VN", "vi")]
    [InlineData("fr", "vi")]
    [InlineData("en", "en")]
    [InlineData("EN-gb", "en")]
    public void Vietnamese_is_the_default_and_English_is_available(string? culture, string expected)
    {
        Assert.Equal(expected, Localizer.For(culture).Culture);
    }

    [Fact]
    public void Vietnamese_texts_carry_their_diacritics()
    {
        Assert.Equal("GIAO ƯỚC THI ĐUA NĂM 2026", Localizer.Vietnamese.Format(TextKeys.CompactTitle, 2026));
        Assert.Equal("Bầu phó trưởng khối", Localizer.Vietnamese[TextKeys.PurposeDeputy]);
        Assert.Equal("Hạn ký giao ước", Localizer.Vietnamese[TextKeys.DeadlineSigning]);
    }

    [Fact]
    public void A_refused_submission_is_explained_in_Vietnamese_and_in_English()
    {
        var error = Assert.Single(ScoreRules.Validate(Fixtures.Submission(Fixtures.Justice, c11: 41), Fixtures.Campaign()));

        Assert.Equal("Tiêu chí '1-1' tối đa 40 điểm; giá trị đã gửi là 41.", error.Message.In(Localizer.Vietnamese));
        Assert.Equal("Must be at most 40 for criterion '1-1', got 41.", error.Message.In(Localizer.English));
    }
}
