using System.Text.Json;
using System.Text.Json.Serialization;
using ThiDua.Documents.Builders;

namespace ThiDua.Documents.Tests;

/// <summary>
/// Each builder's input is kept as JSON (the document's facts) and rendered again when the archive is verified: read
/// back from that JSON it must give the very same .docx and PDF bytes.
/// </summary>
public sealed class DocumentFactsJsonTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void The_vote_count_minutes_render_the_same_from_their_stored_facts() =>
        AssertSameFromJson(NoiChinhFacts.LeadingUnitMinutes(), VoteCountMinutes.Build);

    [Fact]
    public void The_score_summary_renders_the_same_from_its_stored_facts() =>
        AssertSameFromJson(NoiChinhFacts.ScoreSummaryInput(), ScoreSummary.Build);

    [Fact]
    public void The_compact_renders_the_same_from_its_stored_facts() =>
        AssertSameFromJson(NoiChinhFacts.CompactInput(), CompactAgreement.Build);

    [Fact]
    public void The_conference_minutes_render_the_same_from_their_stored_facts() =>
        AssertSameFromJson(NoiChinhFacts.ConferenceMinutesInput(), ConferenceMinutes.Build);

    [Fact]
    public void The_award_proposal_renders_the_same_from_its_stored_facts() =>
        AssertSameFromJson(NoiChinhFacts.AwardProposalInput(), AwardProposal.Build);

    private static void AssertSameFromJson<T>(T input, Func<T, OfficialDocument> build)
    {
        var json = JsonSerializer.Serialize(input, Options);
        var stored = JsonSerializer.Deserialize<T>(json, Options)!;

        // Nothing is lost on the way: the facts read back serialize to the same JSON.
        Assert.Equal(json, JsonSerializer.Serialize(stored, Options));
        Assert.DoesNotContain("{}", json, StringComparison.Ordinal);
        var original = build(input);
        var again = build(stored);
        Assert.Equal(DocumentChecks.Sha256(PdfRenderer.Render(original)), DocumentChecks.Sha256(PdfRenderer.Render(again)));
        Assert.Equal(DocumentChecks.Sha256(DocxRenderer.Render(original)), DocumentChecks.Sha256(DocxRenderer.Render(again)));
    }
}
