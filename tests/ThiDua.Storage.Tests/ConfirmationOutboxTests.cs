namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class ConfirmationOutboxTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ScoreSheets _sheets = null!;
    private SubmissionWindow _window = null!;
    private ConfirmationOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        var storage = await azurite.CreateStorageAsync("ScoreTests");
        _sheets = new ScoreSheets(storage);
        _window = new SubmissionWindow(storage, _sheets);
        _outbox = new ConfirmationOutbox(storage);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> OpenCampaignAsync(string blocId)
    {
        Assert.Equal(GateOutcome.Opened, await _window.OpenAsync(blocId, 2026, TestData.Now));
        return blocId;
    }

    [Fact]
    public async Task Every_version_owes_one_confirmation_until_it_is_sent_and_one_sender_holds_the_lease()
    {
        var bloc = await OpenCampaignAsync("khoi-xac-nhan");
        await Task.WhenAll(new[] { "so-noi-vu", "so-tu-phap", "cong-an-tinh" }.SelectMany(u => new[] { 1, 2 }.Select(n =>
            _sheets.SubmitAsync(TestData.Draft(u, $"{u}-{n}", n, blocId: bloc)))));

        var pending = await _outbox.ListPendingAsync(bloc, 2026);
        Assert.Equal(
            ["cong-an-tinh 1", "cong-an-tinh 2", "so-noi-vu 1", "so-noi-vu 2", "so-tu-phap 1", "so-tu-phap 2"],
            pending.Select(p => $"{p.Sheet.UnitId} {p.Sheet.Version}"));
        Assert.All(pending, p => Assert.Equal((0, null), (p.Attempts, p.RetryAt)));
        Assert.Contains((bloc, 2026), await _outbox.ListCampaignsWithPendingAsync());

        // One sender at a time; a lapsed lease can be taken over, and the old holder then loses it.
        var now = TestData.Now;
        var lease = await _outbox.TryLeaseAsync(bloc, 2026, now, now.AddSeconds(30));
        Assert.NotNull(lease);
        Assert.Null(await _outbox.TryLeaseAsync(bloc, 2026, now.AddSeconds(10), now.AddSeconds(40)));
        var takeover = await _outbox.TryLeaseAsync(bloc, 2026, now.AddSeconds(31), now.AddSeconds(61));
        Assert.NotNull(takeover);
        Assert.Null(await _outbox.RenewLeaseAsync(lease, now.AddSeconds(60)));
        await _outbox.ReleaseLeaseAsync(lease);
        Assert.Null(await _outbox.TryLeaseAsync(bloc, 2026, now.AddSeconds(32), now.AddSeconds(62)));
        Assert.NotNull(await _outbox.RenewLeaseAsync(takeover, now.AddSeconds(90)));

        await _outbox.CompleteAsync(bloc, 2026, pending.Take(4).ToList());
        await _outbox.MarkFailedAsync(bloc, 2026, pending.Skip(4).ToList(), now.AddSeconds(30));
        var left = await _outbox.ListPendingAsync(bloc, 2026);
        Assert.Equal(["so-tu-phap 1", "so-tu-phap 2"], left.Select(p => $"{p.Sheet.UnitId} {p.Sheet.Version}"));
        Assert.All(left, p => Assert.Equal((1, now.AddSeconds(30)), (p.Attempts, p.RetryAt)));

        await _outbox.CompleteAsync(bloc, 2026, left);
        Assert.Empty(await _outbox.ListPendingAsync(bloc, 2026));
        Assert.DoesNotContain((bloc, 2026), await _outbox.ListCampaignsWithPendingAsync());
        Assert.Equal(["cong-an-tinh 2", "so-noi-vu 2", "so-tu-phap 2"], (await _sheets.ListLatestAsync(bloc, 2026)).Select(s => $"{s.UnitId} {s.Version}"));
    }
}
