using ThiDua.Domain;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class ScoreStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ScoreStore _store = null!;

    public async Task InitializeAsync() => _store = new ScoreStore(await azurite.CreateStorageAsync("ScoreTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> OpenCampaignAsync(string blocId)
    {
        Assert.Equal(GateOutcome.Opened, await _store.OpenSubmissionsAsync(blocId, 2026, TestData.Now));
        return blocId;
    }

    [Fact]
    public async Task Versions_have_no_gaps_with_16_units_submitting_concurrently()
    {
        var bloc = await OpenCampaignAsync("khoi-song-song");
        var units = Enumerable.Range(1, 16).Select(i => $"don-vi-{i:D2}").ToList();

        var results = await Task.WhenAll(
            units.SelectMany(u => Enumerable.Range(1, 3).Select(n => (Unit: u, N: n)))
                .Select(x => _store.SubmitAsync(TestData.Draft(x.Unit, $"req-{x.N}", x.N, blocId: bloc))));

        Assert.All(results, r => Assert.Equal(SubmissionOutcome.Created, r.Outcome));
        foreach (var unit in units)
        {
            var versions = await _store.ListVersionsAsync(bloc, 2026, unit);
            Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
            Assert.Equal(["req-1", "req-2", "req-3"], versions.Select(v => v.ClientRequestId).Order(StringComparer.Ordinal));
        }

        var latest = await _store.ListLatestAsync(bloc, 2026);
        Assert.Equal(units, latest.Select(s => s.UnitId));
        Assert.All(latest, s => Assert.Equal(3, s.Version));
    }

    [Fact]
    public async Task Eight_concurrent_resubmissions_of_one_unit_get_versions_1_to_8()
    {
        var bloc = await OpenCampaignAsync("khoi-mot-don-vi");

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => _store.SubmitAsync(TestData.Draft("so-tu-phap", $"lan-{n}", n, blocId: bloc))));

        Assert.Equal(Enumerable.Range(1, 8), results.Select(r => r.Sheet!.Version).Order());
        var versions = await _store.ListVersionsAsync(bloc, 2026, "so-tu-phap");
        Assert.Equal(Enumerable.Range(1, 8), versions.Select(v => v.Version));
        foreach (var result in results)
        {
            Assert.Equal(result.Sheet, versions[result.Sheet!.Version - 1], new SheetComparer());
        }

        var latest = Assert.Single(await _store.ListLatestAsync(bloc, 2026));
        Assert.Equal(8, latest.Version);
        Assert.Equal(results.Single(r => r.Sheet!.Version == 8).Sheet!.ClientRequestId, latest.ClientRequestId);
    }

    [Fact]
    public async Task Two_processes_submitting_for_one_unit_never_skip_or_reuse_a_version()
    {
        var bloc = await OpenCampaignAsync("khoi-hai-may");
        var other = new ScoreStore(await azurite.CreateStorageAsync("ScoreTests"));

        // Each store remembers the head it wrote last, which the other has replaced since.
        for (var n = 1; n <= 6; n++)
        {
            var result = await (n % 2 == 0 ? other : _store).SubmitAsync(TestData.Draft("so-tu-phap", $"xen-ke-{n}", n, blocId: bloc));
            Assert.Equal(n, result.Sheet!.Version);
        }

        var together = await Task.WhenAll(Enumerable.Range(1, 20).Select(n =>
            (n % 2 == 0 ? other : _store).SubmitAsync(TestData.Draft(n % 4 < 2 ? "so-tu-phap" : "cong-an-tinh", $"cung-luc-{n}", n, blocId: bloc))));

        Assert.All(together, r => Assert.Equal(SubmissionOutcome.Created, r.Outcome));
        Assert.Equal(Enumerable.Range(1, 16), (await _store.ListVersionsAsync(bloc, 2026, "so-tu-phap")).Select(v => v.Version));
        Assert.Equal(Enumerable.Range(1, 10), (await other.ListVersionsAsync(bloc, 2026, "cong-an-tinh")).Select(v => v.Version));

        // A retry reaching the other process is still recognised.
        var retried = await other.SubmitAsync(TestData.Draft("so-tu-phap", "xen-ke-5", 99, blocId: bloc));
        Assert.Equal(SubmissionOutcome.Duplicate, retried.Outcome);
        Assert.Equal(5, retried.Sheet!.Version);
    }

    [Fact]
    public async Task Every_version_owes_one_confirmation_until_it_is_sent_and_one_sender_holds_the_lease()
    {
        var bloc = await OpenCampaignAsync("khoi-xac-nhan");
        await Task.WhenAll(new[] { "so-noi-vu", "so-tu-phap", "cong-an-tinh" }.SelectMany(u => new[] { 1, 2 }.Select(n =>
            _store.SubmitAsync(TestData.Draft(u, $"{u}-{n}", n, blocId: bloc)))));

        var pending = await _store.ListPendingConfirmationsAsync(bloc, 2026);
        Assert.Equal(
            ["cong-an-tinh 1", "cong-an-tinh 2", "so-noi-vu 1", "so-noi-vu 2", "so-tu-phap 1", "so-tu-phap 2"],
            pending.Select(p => $"{p.Sheet.UnitId} {p.Sheet.Version}"));
        Assert.All(pending, p => Assert.Equal((0, null), (p.Attempts, p.RetryAt)));
        Assert.Contains((bloc, 2026), await _store.ListCampaignsWithPendingConfirmationsAsync());

        // One sender at a time; a lapsed lease can be taken over, and the old holder then loses it.
        var now = TestData.Now;
        var lease = await _store.TryLeaseConfirmationsAsync(bloc, 2026, now, now.AddSeconds(30));
        Assert.NotNull(lease);
        Assert.Null(await _store.TryLeaseConfirmationsAsync(bloc, 2026, now.AddSeconds(10), now.AddSeconds(40)));
        var takeover = await _store.TryLeaseConfirmationsAsync(bloc, 2026, now.AddSeconds(31), now.AddSeconds(61));
        Assert.NotNull(takeover);
        Assert.Null(await _store.RenewLeaseAsync(lease, now.AddSeconds(60)));
        await _store.ReleaseLeaseAsync(lease);
        Assert.Null(await _store.TryLeaseConfirmationsAsync(bloc, 2026, now.AddSeconds(32), now.AddSeconds(62)));
        Assert.NotNull(await _store.RenewLeaseAsync(takeover, now.AddSeconds(90)));

        await _store.CompleteConfirmationsAsync(bloc, 2026, pending.Take(4).ToList());
        await _store.MarkConfirmationFailedAsync(bloc, 2026, pending.Skip(4).ToList(), now.AddSeconds(30));
        var left = await _store.ListPendingConfirmationsAsync(bloc, 2026);
        Assert.Equal(["so-tu-phap 1", "so-tu-phap 2"], left.Select(p => $"{p.Sheet.UnitId} {p.Sheet.Version}"));
        Assert.All(left, p => Assert.Equal((1, now.AddSeconds(30)), (p.Attempts, p.RetryAt)));

        await _store.CompleteConfirmationsAsync(bloc, 2026, left);
        Assert.Empty(await _store.ListPendingConfirmationsAsync(bloc, 2026));
        Assert.DoesNotContain((bloc, 2026), await _store.ListCampaignsWithPendingConfirmationsAsync());
        Assert.Equal(["cong-an-tinh 2", "so-noi-vu 2", "so-tu-phap 2"], (await _store.ListLatestAsync(bloc, 2026)).Select(s => $"{s.UnitId} {s.Version}"));
    }

    [Fact]
    public async Task One_version_is_read_back_as_stored_and_a_missing_one_is_null()
    {
        var bloc = await OpenCampaignAsync("khoi-mot-phien-ban");
        var first = await _store.SubmitAsync(TestData.Draft("so-tu-phap", "ban-1", 41, blocId: bloc));
        var second = await _store.SubmitAsync(TestData.Draft("so-tu-phap", "ban-2", 44, blocId: bloc));

        Assert.Equal(first.Sheet, await _store.GetVersionAsync(bloc, 2026, "so-tu-phap", 1), new SheetComparer());
        Assert.Equal(second.Sheet, await _store.GetVersionAsync(bloc, 2026, "so-tu-phap", 2), new SheetComparer());
        Assert.Null(await _store.GetVersionAsync(bloc, 2026, "so-tu-phap", 3));
        Assert.Null(await _store.GetVersionAsync(bloc, 2026, "so-noi-vu", 1));
    }

    [Fact]
    public async Task The_same_client_request_id_twice_returns_the_first_version_and_creates_no_other()
    {
        var bloc = await OpenCampaignAsync("khoi-lap-lai");

        var first = await _store.SubmitAsync(TestData.Draft("so-noi-vu", "gui-1", 40, blocId: bloc));
        var retry = await _store.SubmitAsync(TestData.Draft("so-noi-vu", "gui-1", 55, blocId: bloc));
        var concurrentRetries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _store.SubmitAsync(TestData.Draft("so-noi-vu", "gui-2", 45, blocId: bloc))));

        Assert.Equal(SubmissionOutcome.Created, first.Outcome);
        Assert.Equal(SubmissionOutcome.Duplicate, retry.Outcome);
        Assert.Equal(1, retry.Sheet!.Version);
        Assert.Equal(40, retry.Sheet.Lines[0].Points);
        Assert.Single(concurrentRetries, r => r.Outcome == SubmissionOutcome.Created);
        Assert.All(concurrentRetries, r => Assert.Equal(2, r.Sheet!.Version));
        Assert.Equal([1, 2], (await _store.ListVersionsAsync(bloc, 2026, "so-noi-vu")).Select(v => v.Version));
    }

    [Fact]
    public async Task Latest_per_unit_is_each_units_last_version_and_only_this_campaigns()
    {
        var bloc = await OpenCampaignAsync("khoi-moi-nhat");
        await _store.SubmitAsync(TestData.Draft("a-unit", "r1", 10, blocId: bloc));
        await _store.SubmitAsync(TestData.Draft("a-unit", "r2", 20, blocId: bloc));
        await _store.SubmitAsync(TestData.Draft("b-unit", "r1", 30, blocId: bloc));
        await _store.OpenSubmissionsAsync(bloc, 2027, TestData.Now);
        await _store.SubmitAsync(TestData.Draft("c-unit", "r1", 40, blocId: bloc, year: 2027));

        var latest = await _store.ListLatestAsync(bloc, 2026);

        Assert.Equal([("a-unit", 2, 20m), ("b-unit", 1, 30m)], latest.Select(s => (s.UnitId, s.Version, s.Lines[0].Points)));
    }

    [Fact]
    public async Task After_close_submissions_are_refused_and_nothing_is_written_and_it_never_reopens()
    {
        var bloc = await OpenCampaignAsync("khoi-dong");
        await _store.SubmitAsync(TestData.Draft("so-tu-phap", "truoc", 10, blocId: bloc));

        Assert.Equal(GateOutcome.Closed, await _store.CloseSubmissionsAsync(bloc, 2026, TestData.Now));
        var late = await _store.SubmitAsync(TestData.Draft("so-tu-phap", "sau", 90, blocId: bloc));
        var retryOfAccepted = await _store.SubmitAsync(TestData.Draft("so-tu-phap", "truoc", 10, blocId: bloc));

        Assert.Equal(SubmissionOutcome.Closed, late.Outcome);
        Assert.Equal(SubmissionOutcome.Duplicate, retryOfAccepted.Outcome);
        Assert.Single(await _store.ListVersionsAsync(bloc, 2026, "so-tu-phap"));
        Assert.False(await _store.AcceptsSubmissionsAsync(bloc, 2026));
        Assert.Equal(GateOutcome.AlreadyClosed, await _store.OpenSubmissionsAsync(bloc, 2026, TestData.Now));
        Assert.Equal(GateOutcome.AlreadyClosed, await _store.CloseSubmissionsAsync(bloc, 2026, TestData.Now));
        Assert.Equal(SubmissionOutcome.Closed, (await _store.SubmitAsync(TestData.Draft("so-tu-phap", "sau-2", 90, blocId: bloc))).Outcome);
    }

    [Fact]
    public async Task Before_opening_submissions_are_refused_and_closing_an_unopened_window_keeps_it_shut()
    {
        Assert.Equal(SubmissionOutcome.Closed, (await _store.SubmitAsync(TestData.Draft("so-tu-phap", "som", blocId: "khoi-chua-mo"))).Outcome);
        Assert.Empty(await _store.ListLatestAsync("khoi-chua-mo", 2026));

        Assert.Equal(GateOutcome.Closed, await _store.CloseSubmissionsAsync("khoi-chua-mo", 2026, TestData.Now));
        Assert.Equal(GateOutcome.AlreadyClosed, await _store.OpenSubmissionsAsync("khoi-chua-mo", 2026, TestData.Now));
    }

    [Fact]
    public async Task Opening_twice_is_idempotent()
    {
        await OpenCampaignAsync("khoi-mo-hai-lan");

        Assert.Equal(GateOutcome.AlreadyOpen, await _store.OpenSubmissionsAsync("khoi-mo-hai-lan", 2026, TestData.Now));
        Assert.True(await _store.AcceptsSubmissionsAsync("khoi-mo-hai-lan", 2026));
    }

    [Fact]
    public async Task Late_submissions_are_recorded_once_per_request()
    {
        Assert.True(await _store.RecordLateAsync("khoi-tre", 2026, new LateSubmission("so-tu-phap", "tre-1", TestData.Now)));
        Assert.False(await _store.RecordLateAsync("khoi-tre", 2026, new LateSubmission("so-tu-phap", "tre-1", TestData.Now.AddSeconds(1))));
        Assert.True(await _store.RecordLateAsync("khoi-tre", 2026, new LateSubmission("cong-an-tinh", "tre-1", TestData.Now.AddSeconds(2))));

        var late = await _store.ListLateAsync("khoi-tre", 2026);

        Assert.Equal([new LateSubmission("so-tu-phap", "tre-1", TestData.Now), new LateSubmission("cong-an-tinh", "tre-1", TestData.Now.AddSeconds(2))], late);
    }

    [Fact]
    public async Task A_retried_adjustment_is_stored_once_and_a_different_one_under_the_same_id_is_refused()
    {
        var adjustment = new ScoreAdjustment
        {
            UnitId = "so-tu-phap",
            CriterionId = "1-1",
            NewPoints = 45,
            Reason = "Minh chứng chưa đầy đủ",
            AdjustedBy = "so-noi-vu",
            AdjustedAt = TestData.Now,
        };

        Assert.Equal(InsertOnceOutcome.Inserted, await _store.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-1", adjustment));
        Assert.Equal(InsertOnceOutcome.AlreadyInserted, await _store.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-1", adjustment));
        Assert.Equal(InsertOnceOutcome.Conflict, await _store.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-1", adjustment with { NewPoints = 10 }));
        Assert.Equal(InsertOnceOutcome.Inserted, await _store.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-2", adjustment with { NewPoints = 50, AdjustedAt = TestData.Now.AddHours(-1) }));

        var stored = await _store.ListAdjustmentsAsync("khoi-dieu-chinh", 2026);

        Assert.Equal([50m, 45m], stored.Select(a => a.NewPoints));
        Assert.Equal("Minh chứng chưa đầy đủ", stored[1].Reason);
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
