namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class SubmissionWindowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ScoreSheets _sheets = null!;
    private SubmissionWindow _window = null!;

    public async Task InitializeAsync()
    {
        var storage = await azurite.CreateStorageAsync("ScoreTests");
        _sheets = new ScoreSheets(storage);
        _window = new SubmissionWindow(storage, _sheets);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> OpenCampaignAsync(string blocId)
    {
        Assert.Equal(GateOutcome.Opened, await _window.OpenAsync(blocId, 2026, TestData.Now));
        return blocId;
    }

    [Fact]
    public async Task After_close_submissions_are_refused_and_nothing_is_written_and_it_never_reopens()
    {
        var bloc = await OpenCampaignAsync("khoi-dong");
        await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "truoc", 10, blocId: bloc));

        Assert.Equal(GateOutcome.Closed, await _window.CloseAsync(bloc, 2026, TestData.Now));
        var late = await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "sau", 90, blocId: bloc));
        var retryOfAccepted = await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "truoc", 10, blocId: bloc));

        Assert.Equal(SubmissionOutcome.Closed, late.Outcome);
        Assert.Equal(SubmissionOutcome.Duplicate, retryOfAccepted.Outcome);
        Assert.Single(await _sheets.ListVersionsAsync(bloc, 2026, "so-tu-phap"));
        Assert.False(await _window.IsOpenAsync(bloc, 2026));
        Assert.Equal(GateOutcome.AlreadyClosed, await _window.OpenAsync(bloc, 2026, TestData.Now));
        Assert.Equal(GateOutcome.AlreadyClosed, await _window.CloseAsync(bloc, 2026, TestData.Now));
        Assert.Equal(SubmissionOutcome.Closed, (await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "sau-2", 90, blocId: bloc))).Outcome);
    }

    [Fact]
    public async Task Before_opening_submissions_are_refused_and_closing_an_unopened_window_keeps_it_shut()
    {
        Assert.Equal(SubmissionOutcome.Closed, (await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "som", blocId: "khoi-chua-mo"))).Outcome);
        Assert.Empty(await _sheets.ListLatestAsync("khoi-chua-mo", 2026));

        Assert.Equal(GateOutcome.Closed, await _window.CloseAsync("khoi-chua-mo", 2026, TestData.Now));
        Assert.Equal(GateOutcome.AlreadyClosed, await _window.OpenAsync("khoi-chua-mo", 2026, TestData.Now));
    }

    [Fact]
    public async Task Opening_twice_is_idempotent()
    {
        await OpenCampaignAsync("khoi-mo-hai-lan");

        Assert.Equal(GateOutcome.AlreadyOpen, await _window.OpenAsync("khoi-mo-hai-lan", 2026, TestData.Now));
        Assert.True(await _window.IsOpenAsync("khoi-mo-hai-lan", 2026));
    }
}
