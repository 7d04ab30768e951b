using ThiDua.Domain;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class CriteriaDraftStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset SavedAt = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private CriteriaDraftStore _store = null!;

    public async Task InitializeAsync() => _store = new CriteriaDraftStore(await azurite.CreateStorageAsync("DraftTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_draft_is_created_once_per_year_and_replaced_only_with_its_current_etag()
    {
        var first = await _store.CreateAsync("khoi-a", 2027, Draft(60, 40));
        var again = await _store.CreateAsync("khoi-a", 2027, Draft(100));
        var replaced = await _store.ReplaceAsync("khoi-a", 2027, Draft(50, 50), first.ETag!.Value);
        var stale = await _store.ReplaceAsync("khoi-a", 2027, Draft(100), first.ETag!.Value);

        Assert.Equal((WriteOutcome.Created, WriteOutcome.AlreadyExists, WriteOutcome.Updated, WriteOutcome.ConcurrencyConflict), (first.Outcome, again.Outcome, replaced.Outcome, stale.Outcome));
        var stored = await _store.GetAsync("khoi-a", 2027);
        Assert.Equal([50m, 50m], stored!.Value.Criteria.Criteria.Select(c => c.MaxPoints));
        Assert.Equal(SavedAt, stored.Value.SavedAt);
        Assert.Equal(replaced.ETag, stored.ETag);
        Assert.Null(await _store.GetAsync("khoi-a", 2028));
        Assert.Equal(WriteOutcome.NotFound, (await _store.ReplaceAsync("khoi-a", 2028, Draft(100), Azure.ETag.All)).Outcome);
    }

    private static SavedCriteria Draft(params decimal[] maxima) => new(
        new CriteriaTable { Scale = 100, Criteria = [.. maxima.Select((m, i) => new Criterion { Id = $"1-{i + 1}", Title = $"Tiêu chí {i + 1}", MaxPoints = m })] },
        SavedAt);
}
