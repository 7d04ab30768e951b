using System.Security.Cryptography;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class VerificationStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private VerificationStore _store = null!;

    public async Task InitializeAsync() => _store = new VerificationStore(await azurite.CreateStorageAsync("VerificationTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_result_larger_than_a_column_is_kept_whole_replaced_by_the_next_run_and_listed_by_year_without_content()
    {
        // Random text barely compresses: the content spans several 64 KiB columns.
        var large = Convert.ToBase64String(RandomNumberGenerator.GetBytes(300_000));
        var first = new KeptVerification("noi-chinh", 2026, false, 40, 2, TestData.Now, large);
        await _store.KeepAsync(first);
        await _store.KeepAsync(new KeptVerification("van-hoa", 2026, true, 12, 0, TestData.Now, "{}"));
        await _store.KeepAsync(new KeptVerification("van-hoa", 2025, true, 10, 0, TestData.Now, "{}"));

        Assert.Equal(first, await _store.GetAsync("noi-chinh", 2026));
        var again = first with { Passed = true, Failures = 0, CheckedAt = TestData.Now.AddDays(1), Content = "{\"holds\":true}" };
        await _store.KeepAsync(again);
        Assert.Equal(again, await _store.GetAsync("noi-chinh", 2026));
        Assert.Null(await _store.GetAsync("noi-chinh", 2025));

        var year = await _store.ListYearAsync(2026);
        Assert.Equal(
            [("noi-chinh", true, 40, 0), ("van-hoa", true, 12, 0)],
            year.OrderBy(v => v.BlocId, StringComparer.Ordinal).Select(v => (v.BlocId, v.Passed, v.Checks, v.Failures)));
        Assert.All(year, v => Assert.Null(v.Content));
    }
}
