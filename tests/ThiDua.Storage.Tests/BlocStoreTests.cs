using Azure;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class BlocStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BlocStore _store = null!;

    public async Task InitializeAsync() => _store = new BlocStore(await azurite.CreateStorageAsync("BlocTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_then_create_again_reports_the_existing_bloc_and_keeps_the_first()
    {
        var first = await _store.CreateBlocAsync(TestData.Bloc("khoi-a"));
        var second = await _store.CreateBlocAsync(TestData.Bloc("khoi-a") with { Name = "Khác" });

        Assert.Equal(WriteOutcome.Created, first.Outcome);
        Assert.Equal(WriteOutcome.AlreadyExists, second.Outcome);
        var stored = await _store.GetBlocAsync("khoi-a");
        Assert.Equal("Nội chính", stored!.Value.Name);
        Assert.Equal(first.ETag, stored.ETag);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_a_concurrency_conflict_and_changes_nothing()
    {
        var created = await _store.CreateBlocAsync(TestData.Bloc("khoi-b"));
        var firstUpdate = await _store.UpdateBlocAsync(TestData.Bloc("khoi-b") with { Name = "Cập nhật 1" }, created.ETag!.Value);
        var staleUpdate = await _store.UpdateBlocAsync(TestData.Bloc("khoi-b") with { Name = "Cập nhật 2" }, created.ETag!.Value);

        Assert.Equal(WriteOutcome.Updated, firstUpdate.Outcome);
        Assert.NotEqual(created.ETag, firstUpdate.ETag);
        Assert.Equal(WriteOutcome.ConcurrencyConflict, staleUpdate.Outcome);
        var stored = await _store.GetBlocAsync("khoi-b");
        Assert.Equal("Cập nhật 1", stored!.Value.Name);
        Assert.Equal(firstUpdate.ETag, stored.ETag);
    }

    [Fact]
    public async Task Update_of_a_missing_bloc_is_not_found()
    {
        var result = await _store.UpdateBlocAsync(TestData.Bloc("khoi-khong-co"), ETag.All);

        Assert.Equal(WriteOutcome.NotFound, result.Outcome);
        Assert.Null(await _store.GetBlocAsync("khoi-khong-co"));
    }

    [Fact]
    public async Task List_filters_inactive_blocs()
    {
        await _store.CreateBlocAsync(TestData.Bloc("list-active"));
        await _store.CreateBlocAsync(TestData.Bloc("list-inactive", active: false));

        var active = (await _store.ListBlocsAsync(activeOnly: true)).Select(b => b.Value.BlocId).ToList();
        var all = (await _store.ListBlocsAsync(activeOnly: false)).Select(b => b.Value.BlocId).ToList();

        Assert.Contains("list-active", active);
        Assert.DoesNotContain("list-inactive", active);
        Assert.Contains("list-inactive", all);
    }

    [Fact]
    public async Task Units_are_listed_per_bloc_and_round_trip_with_vietnamese_text()
    {
        await _store.CreateUnitAsync(TestData.Unit("so-tu-phap", "khoi-c"));
        await _store.CreateUnitAsync(TestData.Unit("so-noi-vu", "khoi-c"));
        await _store.CreateUnitAsync(TestData.Unit("so-tu-phap", "khoi-d"));

        var units = await _store.ListUnitsAsync("khoi-c");

        Assert.Equal(["so-noi-vu", "so-tu-phap"], units.Select(u => u.Value.UnitId));
        Assert.Equal("Nguyễn Văn 0", units[0].Value.Contacts[0].Name);
        var unit = await _store.GetUnitAsync("khoi-c", "so-noi-vu");
        var stale = await _store.UpdateUnitAsync(unit!.Value with { Name = "x" }, new ETag("W/\"datetime'2000-01-01T00%3A00%3A00Z'\""));
        Assert.Equal(WriteOutcome.ConcurrencyConflict, stale.Outcome);
    }

    [Fact]
    public async Task A_unit_with_a_large_contact_list_is_split_over_columns_and_an_oversized_one_is_refused()
    {
        var large = TestData.Unit("lon", "khoi-e", contacts: 1_500);
        Assert.Equal(WriteOutcome.Created, (await _store.CreateUnitAsync(large)).Outcome);
        var stored = await _store.GetUnitAsync("khoi-e", "lon");
        Assert.Equal(1_500, stored!.Value.Contacts.Count);
        Assert.Equal(large.Contacts[^1], stored.Value.Contacts[^1]);

        await Assert.ThrowsAsync<StorageLimitException>(() => _store.CreateUnitAsync(TestData.Unit("qua-lon", "khoi-e", contacts: 10_000)));
        Assert.Null(await _store.GetUnitAsync("khoi-e", "qua-lon"));
    }

    [Theory]
    [InlineData("Noi-Chinh")]
    [InlineData("noi/chinh")]
    [InlineData("noi chinh")]
    [InlineData("")]
    public async Task Invalid_ids_are_refused_before_reaching_storage(string id)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.CreateBlocAsync(TestData.Bloc(id)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.GetBlocAsync(id));
    }
}
