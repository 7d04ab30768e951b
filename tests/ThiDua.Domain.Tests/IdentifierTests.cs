using FsCheck.Xunit;

namespace ThiDua.Domain.Tests;

public class IdentifierTests
{
    [Theory]
    [InlineData("noi-chinh")]
    [InlineData("cong-an-tinh")]
    [InlineData("a")]
    [InlineData("2026")]
    [InlineData("0-a-")]
    public void Accepts_lowercase_letters_digits_and_dashes(string id)
    {
        Assert.Null(Identifier.Validate(id));
        Assert.True(Identifier.IsValid(id));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("-noi-chinh", "must start")]
    [InlineData("Noi-chinh", "'N'")]
    [InlineData("noi/chinh", "'/'")]
    [InlineData("..", "'.'")]
    [InlineData("../etc", "'.'")]
    [InlineData("so-tu-phap' eq 'x", "'''")]
    [InlineData("a eq b", "U+0020")]
    [InlineData("a\u0000b", "U+0000")]
    [InlineData("a\nb", "U+000A")]
    [InlineData("nội-chính", "'ộ'")]
    [InlineData("a_b", "'_'")]
    [InlineData("a%2Fb", "'%'")]
    [InlineData("a#b", "'#'")]
    [InlineData("a?b", "'?'")]
    [InlineData("a\\b", "'\\'")]
    public void Refuses_ids_that_could_break_keys_paths_or_filters(string id, string reasonMentions)
    {
        var reason = Identifier.Validate(id);
        Assert.NotNull(reason);
        Assert.Contains(reasonMentions, reason.English, StringComparison.Ordinal);
        Assert.StartsWith("Mã không hợp lệ: ", reason.Vietnamese, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Identifier.EnsureValid(id, nameof(id)));
    }

    [Fact]
    public void Refuses_null_and_ids_longer_than_64()
    {
        Assert.NotNull(Identifier.Validate(null));
        Assert.True(Identifier.IsValid(new string('a', 64)));
        Assert.Contains("64", Identifier.Validate(new string('a', 65))!.English, StringComparison.Ordinal);
    }

    [Property]
    public bool Any_accepted_id_is_safe_as_a_key(string? candidate) =>
        !Identifier.IsValid(candidate)
        || (candidate!.Length is >= 1 and <= 64 && candidate[0] != '-' && candidate.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'));
}
