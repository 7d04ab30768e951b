using System.Text;
using System.Text.Json;

namespace ThiDua.Domain.Tests;

public class DocumentTests
{
    private readonly Campaign _campaign = Fixtures.Campaign();

    [Fact]
    public void Canonical_bytes_do_not_depend_on_the_order_members_were_listed_in()
    {
        var shuffled = _campaign with { Members = [.. Fixtures.Members.Reverse()] };

        Assert.Equal(CompactDocument.CanonicalBytes(_campaign), CompactDocument.CanonicalBytes(shuffled));
        Assert.Equal(CompactDocument.Sha256(_campaign), CompactDocument.Sha256(shuffled));
    }

    [Fact]
    public void Canonical_bytes_are_compact_utf8_json_with_sorted_keys()
    {
        var text = Encoding.UTF8.GetString(CompactDocument.CanonicalBytes(_campaign));
        using var json = JsonDocument.Parse(text);

        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\": ", text, StringComparison.Ordinal);
        Assert.Contains("\"blocName\":\"Nội chính\"", text, StringComparison.Ordinal);
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal("2026-12-15T16:59:59.0000000Z", json.RootElement.GetProperty("schedule").GetProperty("scoringDeadline").GetString());
        Assert.Equal(
            Fixtures.Members.Select(m => m.UnitId).Order(StringComparer.Ordinal),
            json.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("unitId").GetString()));
    }

    [Fact]
    public void The_same_text_typed_with_combining_marks_gives_the_same_bytes()
    {
        var decomposed = _campaign with { BlocName = "Nội chính".Normalize(NormalizationForm.FormD) };

        Assert.NotEqual(_campaign.BlocName, decomposed.BlocName);
        Assert.Equal(CompactDocument.Sha256(_campaign), CompactDocument.Sha256(decomposed));
    }

    public static TheoryData<string> Changes => new()
    {
        "bloc", "year", "leader", "deputy", "member name", "member removed", "commitment", "commitment order",
        "criterion max", "criterion title", "criteria order", "scale", "signing deadline", "scoring deadline", "archive",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void The_hash_changes_when_any_field_changes(string change)
    {
        var c = _campaign;
        var criteria = c.Criteria.Criteria;
        var changed = change switch
        {
            "bloc" => c with { BlocName = "Nội chính tỉnh" },
            "year" => c with { Year = 2027 },
            "leader" => c with { LeaderUnitId = Fixtures.Police },
            "deputy" => c with { DeputyUnitId = null },
            "member name" => c with { Members = [.. c.Members.Skip(1), c.Members[0] with { Name = "Bộ CHQS tỉnh" }] },
            "member removed" => c with { Members = [.. c.Members.Skip(1)] },
            "commitment" => c with { Commitments = [c.Commitments[0], c.Commitments[1] + " "] },
            "commitment order" => c with { Commitments = [.. c.Commitments.Reverse()] },
            "criterion max" => c with { Criteria = c.Criteria with { Criteria = [.. criteria.SkipLast(1), criteria[^1] with { MaxPoints = 11 }] } },
            "criterion title" => c with { Criteria = c.Criteria with { Criteria = [criteria[0] with { Title = "Hoàn thành chỉ tiêu" }, .. criteria.Skip(1)] } },
            "criteria order" => c with { Criteria = c.Criteria with { Criteria = [criteria[1], criteria[0], .. criteria.Skip(2)] } },
            "scale" => c with { Criteria = c.Criteria with { Scale = 1000 } },
            "signing deadline" => c with { Schedule = c.Schedule with { SigningDeadline = c.Schedule.SigningDeadline.AddSeconds(1) } },
            "scoring deadline" => c with { Schedule = c.Schedule with { ScoringDeadline = c.Schedule.ScoringDeadline.AddDays(-1) } },
            "archive" => c with { Schedule = c.Schedule with { ArchiveAt = c.Schedule.ArchiveAt.AddTicks(1) } },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.NotEqual(CompactDocument.Sha256(c), CompactDocument.Sha256(changed));
    }

    [Fact]
    public void The_Vietnamese_rendering_shows_the_compact_and_is_bound_to_its_hash()
    {
        var html = CompactDocument.RenderHtml(_campaign);
        var hash = CompactDocument.Sha256(_campaign);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("GIAO ƯỚC THI ĐUA NĂM 2026", html, StringComparison.Ordinal);
        Assert.Contains("Khối thi đua Nội chính", html, StringComparison.Ordinal);
        Assert.Contains("Trưởng khối: Sở Nội vụ", html, StringComparison.Ordinal);
        Assert.Contains("Phó trưởng khối: Cục Thi hành án dân sự tỉnh", html, StringComparison.Ordinal);
        Assert.All(Fixtures.Members, m => Assert.Contains(m.Name, html, StringComparison.Ordinal));
        Assert.Contains("Cải cách hành chính, chuyển đổi số", html, StringComparison.Ordinal);
        Assert.Contains("Đẩy mạnh cải cách hành chính &amp; chuyển đổi số.", html, StringComparison.Ordinal);
        Assert.Contains("Hạn nộp bảng tự chấm điểm</td><td>23:59 ngày 15/12/2026 (giờ Việt Nam)", html, StringComparison.Ordinal);
        Assert.Contains("Điểm trừ", html, StringComparison.Ordinal);
        Assert.Contains($"content=\"{hash}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<code>{hash}</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_looks_like_markup_is_shown_not_executed()
    {
        var html = CompactDocument.RenderHtml(_campaign with { Commitments = ["<script>alert('x')</script>"] });

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_English_rendering_binds_the_same_hash()
    {
        var html = CompactDocument.RenderHtml(_campaign, Localizer.For("en-US"));

        Assert.Contains("EMULATION COMPACT FOR 2026", html, StringComparison.Ordinal);
        Assert.Contains("23:59 on 15/12/2026 (Vietnam time)", html, StringComparison.Ordinal);
        Assert.Contains(CompactDocument.Sha256(_campaign), html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_campaign_survives_a_json_round_trip_with_the_same_compact()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var json = JsonSerializer.Serialize(_campaign, options);
        var back = JsonSerializer.Deserialize<Campaign>(json, options)!;

        Assert.Equal(CompactDocument.Sha256(_campaign), CompactDocument.Sha256(back));
        Assert.Equal(_campaign.Rules.ReminderOffsets, back.Rules.ReminderOffsets);
        Assert.Equal(_campaign.Rules.Voting, back.Rules.Voting);
        Assert.Empty(back.Validate());
    }

    [Fact]
    public void Scoring_and_voting_records_survive_a_json_round_trip()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var sheet = Fixtures.Sheet(_campaign, Fixtures.Justice, Fixtures.At(10), bonus: 2.5m);
        var round = VoteRules.LeadingUnitRound(_campaign, Ranking.Compute(_campaign, [sheet], []));
        var tally = VoteRules.Count(round, [new Ballot(round.RoundKey, "b1", Fixtures.Justice)], _campaign.Rules.Voting);

        var sheetBack = JsonSerializer.Deserialize<ScoreSheet>(JsonSerializer.Serialize(sheet, options), options)!;
        var roundBack = JsonSerializer.Deserialize<VoteRound>(JsonSerializer.Serialize(round, options), options)!;
        var tallyBack = JsonSerializer.Deserialize<Tally>(JsonSerializer.Serialize(tally, options), options)!;

        Assert.Equal(sheet.Totals, sheetBack.Totals);
        Assert.Equal(sheet.Lines, sheetBack.Lines);
        Assert.Equal(round.RoundKey, roundBack.RoundKey);
        Assert.Equal(round.Candidates, roundBack.Candidates);
        Assert.Equal(tally.Counts, tallyBack.Counts);
        Assert.Equal(tally.Outcome, tallyBack.Outcome);
    }
}
