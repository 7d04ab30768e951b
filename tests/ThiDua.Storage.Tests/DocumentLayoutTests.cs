using System.Text;

namespace ThiDua.Storage.Tests;

/// <summary>
/// Documents the app reads back (plans, seals, manifests, a document's facts) name their format and layout: one
/// written before documents carried it still reads, and one of a newer build's layout or of another format is
/// refused, never misread.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DocumentLayoutTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DocumentStore _documents = null!;
    private LeadershipPlans _plans = null!;

    public async Task InitializeAsync()
    {
        _documents = new DocumentStore(await azurite.CreateStorageAsync("DocLayoutTests"));
        _plans = new LeadershipPlans(_documents);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_plan_is_written_with_its_format_and_one_written_before_formats_still_reads()
    {
        await _plans.SaveAsync(new LeadershipPlan("khoi-a", 2027, "so-noi-vu", "cong-an-tinh", 2026));
        var stored = await _documents.ReadAsync(CycleDocuments.Plan("khoi-a", 2027).Container, CycleDocuments.Plan("khoi-a", 2027).Name);
        Assert.Contains("\"format\":\"thidua-plan/1\"", stored!.Content.ToString(), StringComparison.Ordinal);

        await PutAsync(CycleDocuments.Plan("khoi-b", 2027), """{"blocId":"khoi-b","year":2027,"leaderUnitId":"so-tu-phap","deputyUnitId":null,"decidedInYear":2026}""");
        var old = await _plans.GetAsync("khoi-b", 2027);

        Assert.Equal(("so-tu-phap", (string?)null), (old!.LeaderUnitId, old.Format));
    }

    [Fact]
    public async Task A_plan_of_a_newer_layout_or_another_format_is_refused_and_named()
    {
        await PutAsync(CycleDocuments.Plan("khoi-c", 2027), """{"blocId":"khoi-c","year":2027,"leaderUnitId":"so-tu-phap","decidedInYear":2026,"format":"thidua-plan/2"}""");
        await PutAsync(CycleDocuments.Plan("khoi-d", 2027), """{"blocId":"khoi-d","year":2027,"leaderUnitId":"so-tu-phap","decidedInYear":2026,"format":"thidua-seal/1"}""");

        var newer = await Assert.ThrowsAsync<InvalidOperationException>(() => _plans.GetAsync("khoi-c", 2027));
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => _plans.GetAsync("khoi-d", 2027));

        Assert.Contains("layout 2 of 'thidua-plan'; this build reads layouts 1 to 1. It was written by a newer build.", newer.Message, StringComparison.Ordinal);
        Assert.Contains("is a 'thidua-seal' document, not a 'thidua-plan' one", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seal_or_manifest_of_a_newer_layout_is_refused()
    {
        var seal = new BinaryData(Encoding.UTF8.GetBytes("""{"format":"thidua-seal/3","blocId":"k","year":2027,"compactSha256":"00","signatures":[],"missing":[]}"""));
        var manifest = new BinaryData(Encoding.UTF8.GetBytes("""{"format":"thidua-archive/1","blocId":"k","year":2027,"previousManifestSha256":null,"artifacts":[]}"""));

        Assert.Throws<InvalidOperationException>(() => DocumentJson.Deserialize<CompactSealEnvelope>(seal));
        Assert.Equal("k", DocumentJson.Deserialize<ArchiveManifest>(manifest).BlocId);
    }

    private async Task PutAsync(DocumentLocation at, string json) =>
        Assert.True((await _documents.PutOnceAsync(at.Container, at.Name, new BinaryData(Encoding.UTF8.GetBytes(json)), "application/json")).Succeeded);
}
