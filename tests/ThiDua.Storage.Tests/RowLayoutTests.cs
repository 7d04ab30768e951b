using Azure.Data.Tables;

namespace ThiDua.Storage.Tests;

/// <summary>
/// Records kept as JSON rows carry their layout version: rows written before layouts were versioned still read,
/// and a row of a newer build's layout is refused, never misread.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class RowLayoutTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BlocStore _store = null!;
    private TableClient _blocs = null!;

    public async Task InitializeAsync()
    {
        var storage = await azurite.CreateStorageAsync("LayoutTests");
        _store = new BlocStore(storage);
        _blocs = new TableClient(azurite.ConnectionString, storage.TableNames.Single(n => n.EndsWith("Blocs", StringComparison.Ordinal)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_record_is_written_with_its_layout_version()
    {
        await _store.CreateBlocAsync(TestData.Bloc("khoi-moi"));

        var row = await RowAsync("khoi-moi");

        Assert.Equal(1, row.GetInt32("SchemaVersion"));
    }

    [Fact]
    public async Task A_row_written_before_layouts_were_versioned_reads_as_it_was_written()
    {
        await _store.CreateBlocAsync(TestData.Bloc("khoi-cu"));
        var row = await RowAsync("khoi-cu");
        row.Remove("SchemaVersion");
        await _blocs.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var stored = await _store.GetBlocAsync("khoi-cu");

        Assert.Equivalent(TestData.Bloc("khoi-cu"), stored!.Value, strict: true);
    }

    [Fact]
    public async Task A_row_of_a_newer_layout_is_refused_and_named()
    {
        await _store.CreateBlocAsync(TestData.Bloc("khoi-sau"));
        var row = await RowAsync("khoi-sau");
        row["SchemaVersion"] = 2;
        await _blocs.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.GetBlocAsync("khoi-sau"));

        Assert.Contains("Bloc of layout 2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("written by a newer build", refused.Message, StringComparison.Ordinal);
    }

    private async Task<TableEntity> RowAsync(string blocId) => (await _blocs.GetEntityAsync<TableEntity>("bloc", blocId)).Value;
}
