using ThiDua.Domain;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class ScoreSheetsTests(AzuriteFixture azurite) : IAsyncLifetime
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
    public async Task Versions_have_no_gaps_with_16_units_submitting_concurrently()
    {
        var bloc = await OpenCampaignAsync("khoi-song-song");
        var units = Enumerable.Range(1, 16).Select(i => $"don-vi-{i:D2}").ToList();

        var results = await Task.WhenAll(
            units.SelectMany(u => Enumerable.Range(1, 3).Select(n => (Unit: u, N: n)))
                .Select(x => _sheets.SubmitAsync(TestData.Draft(x.Unit, $"req-{x.N}", x.N, blocId: bloc))));

        Assert.All(results, r => Assert.Equal(SubmissionOutcome.Created, r.Outcome));
        foreach (var unit in units)
        {
            var versions = await _sheets.ListVersionsAsync(bloc, 2026, unit);
            Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
            Assert.Equal(["req-1", "req-2", "req-3"], versions.Select(v => v.ClientRequestId).Order(StringComparer.Ordinal));
        }

        var latest = await _sheets.ListLatestAsync(bloc, 2026);
        Assert.Equal(units, latest.Select(s => s.UnitId));
        Assert.All(latest, s => Assert.Equal(3, s.Version));
    }

    [Fact]
    public async Task Eight_concurrent_resubmissions_of_one_unit_get_versions_1_to_8()
    {
        var bloc = await OpenCampaignAsync("khoi-mot-don-vi");

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => _sheets.SubmitAsync(TestData.Draft("so-tu-phap", $"lan-{n}", n, blocId: bloc))));

        Assert.Equal(Enumerable.Range(1, 8), results.Select(r => r.Sheet!.Version).Order());
        var versions = await _sheets.ListVersionsAsync(bloc, 2026, "so-tu-phap");
        Assert.Equal(Enumerable.Range(1, 8), versions.Select(v => v.Version));
        foreach (var result in results)
        {
            Assert.Equal(result.Sheet, versions[result.Sheet!.Version - 1], new SheetComparer());
        }

        var latest = Assert.Single(await _sheets.ListLatestAsync(bloc, 2026));
        Assert.Equal(8, latest.Version);
        Assert.Equal(results.Single(r => r.Sheet!.Version == 8).Sheet!.ClientRequestId, latest.ClientRequestId);
    }

    [Fact]
    public async Task Two_processes_submitting_for_one_unit_never_skip_or_reuse_a_version()
    {
        var bloc = await OpenCampaignAsync("khoi-hai-may");
        var other = new ScoreSheets(await azurite.CreateStorageAsync("ScoreTests"));

        // Each store remembers the head it wrote last, which the other has replaced since.
        for (var n = 1; n <= 6; n++)
        {
            var result = await (n % 2 == 0 ? other : _sheets).SubmitAsync(TestData.Draft("so-tu-phap", $"xen-ke-{n}", n, blocId: bloc));
            Assert.Equal(n, result.Sheet!.Version);
        }

        var together = await Task.WhenAll(Enumerable.Range(1, 20).Select(n =>
            (n % 2 == 0 ? other : _sheets).SubmitAsync(TestData.Draft(n % 4 < 2 ? "so-tu-phap" : "cong-an-tinh", $"cung-luc-{n}", n, blocId: bloc))));

        Assert.All(together, r => Assert.Equal(SubmissionOutcome.Created, r.Outcome));
        Assert.Equal(Enumerable.Range(1, 16), (await _sheets.ListVersionsAsync(bloc, 2026, "so-tu-phap")).Select(v => v.Version));
        Assert.Equal(Enumerable.Range(1, 10), (await other.ListVersionsAsync(bloc, 2026, "cong-an-tinh")).Select(v => v.Version));

        // A retry reaching the other process is still recognised.
        var retried = await other.SubmitAsync(TestData.Draft("so-tu-phap", "xen-ke-5", 99, blocId: bloc));
        Assert.Equal(SubmissionOutcome.Duplicate, retried.Outcome);
        Assert.Equal(5, retried.Sheet!.Version);
    }

    [Fact]
    public async Task Retries_of_one_request_through_two_processes_at_once_get_one_version_and_what_each_remembers_stays_true()
    {
        var bloc = await OpenCampaignAsync("khoi-thu-lai");
        var other = new ScoreSheets(await azurite.CreateStorageAsync("ScoreTests"));

        // Both processes remember the unit (each stored a version), then every request arrives through both at once.
        Assert.Equal(1, (await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "dau-1", 1, blocId: bloc))).Sheet!.Version);
        Assert.Equal(2, (await other.SubmitAsync(TestData.Draft("so-noi-vu", "dau-2", 2, blocId: bloc))).Sheet!.Version);
        var results = await Task.WhenAll(Enumerable.Range(1, 6).SelectMany(n => new[] { _sheets, other, _sheets, other }.Select(p =>
            p.SubmitAsync(TestData.Draft("so-noi-vu", $"gui-{n}", n, blocId: bloc)))));

        Assert.Equal(6, results.Count(r => r.Outcome == SubmissionOutcome.Created));
        Assert.All(results.GroupBy(r => r.Sheet!.ClientRequestId), g => Assert.Single(g.Select(r => r.Sheet!.Version).Distinct()));
        var stored = await _sheets.ListVersionsAsync(bloc, 2026, "so-noi-vu");
        Assert.Equal(Enumerable.Range(1, 8), stored.Select(v => v.Version));
        Assert.Equal(stored.Count, stored.Select(v => v.ClientRequestId).Distinct().Count());

        // Each remembers only what is true: a later submission through either is the next version, a retry the stored one.
        Assert.Equal(9, (await other.SubmitAsync(TestData.Draft("so-noi-vu", "sau-cung", 9, blocId: bloc))).Sheet!.Version);
        Assert.Equal(10, (await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "sau-cung-2", 10, blocId: bloc))).Sheet!.Version);
        var retried = await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "dau-2", 99, blocId: bloc));
        Assert.Equal((SubmissionOutcome.Duplicate, 2, 2m), (retried.Outcome, retried.Sheet!.Version, retried.Sheet.Lines[0].Points));
    }

    [Fact]
    public async Task One_version_is_read_back_as_stored_and_a_missing_one_is_null()
    {
        var bloc = await OpenCampaignAsync("khoi-mot-phien-ban");
        var first = await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "ban-1", 41, blocId: bloc));
        var second = await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "ban-2", 44, blocId: bloc));

        Assert.Equal(first.Sheet, await _sheets.GetVersionAsync(bloc, 2026, "so-tu-phap", 1), new SheetComparer());
        Assert.Equal(second.Sheet, await _sheets.GetVersionAsync(bloc, 2026, "so-tu-phap", 2), new SheetComparer());
        Assert.Null(await _sheets.GetVersionAsync(bloc, 2026, "so-tu-phap", 3));
        Assert.Null(await _sheets.GetVersionAsync(bloc, 2026, "so-noi-vu", 1));
    }

    [Fact]
    public async Task The_same_client_request_id_twice_returns_the_first_version_and_creates_no_other()
    {
        var bloc = await OpenCampaignAsync("khoi-lap-lai");

        var first = await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "gui-1", 40, blocId: bloc));
        var retry = await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "gui-1", 55, blocId: bloc));
        var concurrentRetries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "gui-2", 45, blocId: bloc))));

        Assert.Equal(SubmissionOutcome.Created, first.Outcome);
        Assert.Equal(SubmissionOutcome.Duplicate, retry.Outcome);
        Assert.Equal(1, retry.Sheet!.Version);
        Assert.Equal(40, retry.Sheet.Lines[0].Points);
        Assert.Single(concurrentRetries, r => r.Outcome == SubmissionOutcome.Created);
        Assert.All(concurrentRetries, r => Assert.Equal(2, r.Sheet!.Version));
        Assert.Equal([1, 2], (await _sheets.ListVersionsAsync(bloc, 2026, "so-noi-vu")).Select(v => v.Version));
    }

    [Fact]
    public async Task Latest_per_unit_is_each_units_last_version_and_only_this_campaigns()
    {
        var bloc = await OpenCampaignAsync("khoi-moi-nhat");
        await _sheets.SubmitAsync(TestData.Draft("a-unit", "r1", 10, blocId: bloc));
        await _sheets.SubmitAsync(TestData.Draft("a-unit", "r2", 20, blocId: bloc));
        await _sheets.SubmitAsync(TestData.Draft("b-unit", "r1", 30, blocId: bloc));
        await _window.OpenAsync(bloc, 2027, TestData.Now);
        await _sheets.SubmitAsync(TestData.Draft("c-unit", "r1", 40, blocId: bloc, year: 2027));

        var latest = await _sheets.ListLatestAsync(bloc, 2026);

        Assert.Equal([("a-unit", 2, 20m), ("b-unit", 1, 30m)], latest.Select(s => (s.UnitId, s.Version, s.Lines[0].Points)));
    }

    private sealed class SheetComparer : IEqualityComparer<ScoreSheet?>
    {
        public bool Equals(ScoreSheet? x, ScoreSheet? y) =>
            x is not null && y is not null
            && (x.UnitId, x.Version, x.ClientRequestId, x.Totals, x.SubmittedAt) == (y.UnitId, y.Version, y.ClientRequestId, y.Totals, y.SubmittedAt)
            && x.Lines.SequenceEqual(y.Lines);

        public int GetHashCode(ScoreSheet? obj) => obj?.Version.GetHashCode() ?? 0;
    }
}
