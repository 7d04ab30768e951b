namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class ConfirmationOutboxTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly System.Text.Json.JsonSerializerOptions EarlierJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private ThiDuaStorage _storage = null!;
    private ScoreSheets _sheets = null!;
    private SubmissionWindow _window = null!;
    private ConfirmationOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _storage = await azurite.CreateStorageAsync("ScoreTests");
        _sheets = new ScoreSheets(_storage);
        _window = new SubmissionWindow(_storage, _sheets);
        _outbox = new ConfirmationOutbox(_storage, _sheets);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> OpenCampaignAsync(string blocId)
    {
        Assert.Equal(GateOutcome.Opened, await _window.OpenAsync(blocId, 2026, TestData.Now));
        return blocId;
    }

    /// <summary>A second process on the same storage: its own score sheets (and their memory) and its own sender.</summary>
    private async Task<(ScoreSheets Sheets, ConfirmationOutbox Outbox)> OtherProcessAsync()
    {
        var storage = await azurite.CreateStorageAsync("ScoreTests");
        var sheets = new ScoreSheets(storage);
        return (sheets, new ConfirmationOutbox(storage, sheets));
    }

    private static List<string> Versions(IEnumerable<PendingConfirmation> pending) => pending.Select(p => $"{p.Sheet.UnitId} {p.Sheet.Version}").ToList();

    [Fact]
    public async Task Every_version_owes_one_confirmation_until_recorded_and_one_sender_holds_the_lease()
    {
        var bloc = await OpenCampaignAsync("khoi-xac-nhan");
        await Task.WhenAll(new[] { "so-noi-vu", "so-tu-phap", "cong-an-tinh" }.SelectMany(u => new[] { 1, 2 }.Select(n =>
            _sheets.SubmitAsync(TestData.Draft(u, $"{u}-{n}", n, blocId: bloc)))));

        var pending = await _outbox.ListPendingAsync(bloc, 2026);
        Assert.Equal(["cong-an-tinh 1", "cong-an-tinh 2", "so-noi-vu 1", "so-noi-vu 2", "so-tu-phap 1", "so-tu-phap 2"], Versions(pending));
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
        takeover = await _outbox.RenewLeaseAsync(takeover, now.AddSeconds(90));
        Assert.NotNull(takeover);

        // The holder records a batch in one write; a failure is tried again after its delay, counted on the oldest version.
        takeover = await _outbox.RecordAsync(takeover, pending.Take(4).ToList(), pending.Skip(4).ToList(), now.AddSeconds(30), now.AddSeconds(90));
        Assert.NotNull(takeover);
        var left = await _outbox.ListPendingAsync(takeover);
        Assert.Equal(["so-tu-phap 1", "so-tu-phap 2"], Versions(left));
        Assert.Equal([(1, now.AddSeconds(30)), (0, now.AddSeconds(30))], left.Select(p => (p.Attempts, p.RetryAt)));
        Assert.Equal(Versions(left), Versions(await _outbox.ListPendingAsync(bloc, 2026)));

        Assert.Null(await _outbox.RecordAsync(takeover, left, [], now, null));
        Assert.Empty(await _outbox.ListPendingAsync(bloc, 2026));
        Assert.DoesNotContain((bloc, 2026), await _outbox.ListCampaignsWithPendingAsync());
        Assert.NotNull(await _outbox.TryLeaseAsync(bloc, 2026, now.AddSeconds(33), now.AddSeconds(63)));
        Assert.Equal(["cong-an-tinh 2", "so-noi-vu 2", "so-tu-phap 2"], (await _sheets.ListLatestAsync(bloc, 2026)).Select(s => $"{s.UnitId} {s.Version}"));
    }

    [Fact]
    public async Task A_version_that_failed_is_owed_alone_while_later_ones_that_went_out_are_not_sent_again()
    {
        var bloc = await OpenCampaignAsync("khoi-gui-loi");
        for (var n = 1; n <= 3; n++)
        {
            await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", $"lan-{n}", n, blocId: bloc));
        }

        var now = TestData.Now;
        var lease = (await _outbox.TryLeaseAsync(bloc, 2026, now, now.AddSeconds(30)))!;
        var pending = await _outbox.ListPendingAsync(lease);
        lease = (await _outbox.RecordAsync(lease, [pending[0], pending[2]], [pending[1]], now.AddSeconds(10), now.AddSeconds(30)))!;

        var left = Assert.Single(await _outbox.ListPendingAsync(lease));
        Assert.Equal((2, 1, now.AddSeconds(10)), (left.Sheet.Version, left.Attempts, left.RetryAt));

        // A fourth version arrives meanwhile; the second goes out at last: nothing is owed, the third is not sent twice.
        await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "lan-4", 4, blocId: bloc));
        pending = await _outbox.ListPendingAsync(lease);
        Assert.Equal(["so-noi-vu 2", "so-noi-vu 4"], Versions(pending));
        Assert.Null(await _outbox.RecordAsync(lease, pending, [], now, null));
        Assert.Empty(await _outbox.ListPendingAsync(bloc, 2026));
        Assert.DoesNotContain((bloc, 2026), await _outbox.ListCampaignsWithPendingAsync());
    }

    [Fact]
    public async Task Versions_another_process_accepted_are_owed_here_and_read_back_as_stored()
    {
        var bloc = await OpenCampaignAsync("khoi-hai-tien-trinh");
        var other = await OtherProcessAsync();
        var mine = await _sheets.SubmitAsync(TestData.Draft("so-tu-phap", "tai-day", 10, blocId: bloc));
        var theirs = await Task.WhenAll(
            other.Sheets.SubmitAsync(TestData.Draft("so-tu-phap", "noi-khac-1", 20, blocId: bloc)),
            other.Sheets.SubmitAsync(TestData.Draft("cong-an-tinh", "noi-khac-2", 30, blocId: bloc)));

        // This process kept only its own version; the others' are read back, whole.
        var now = TestData.Now;
        var lease = (await _outbox.TryLeaseAsync(bloc, 2026, now, now.AddSeconds(30)))!;
        var pending = await _outbox.ListPendingAsync(lease);
        Assert.Equal(["cong-an-tinh 1", "so-tu-phap 1", "so-tu-phap 2"], Versions(pending));
        Assert.Equal(
            [theirs[1].Sheet!.ClientRequestId, mine.Sheet!.ClientRequestId, theirs[0].Sheet!.ClientRequestId],
            pending.Select(p => p.Sheet.ClientRequestId));
        Assert.Equal([30m, 10m, 20m], pending.Select(p => p.Sheet.Lines[0].Points));

        // What this sender recorded, the other's sender sees: nothing is owed twice.
        Assert.Null(await _outbox.RecordAsync(lease, pending, [], now, null));
        Assert.Empty(await other.Outbox.ListPendingAsync(bloc, 2026));
        var theirLease = await other.Outbox.TryLeaseAsync(bloc, 2026, now, now.AddSeconds(30));
        Assert.NotNull(theirLease);
        Assert.Empty(await other.Outbox.ListPendingAsync(theirLease));
        Assert.DoesNotContain((bloc, 2026), await other.Outbox.ListCampaignsWithPendingAsync());
    }

    [Fact]
    public async Task A_sender_that_crashed_before_recording_leaves_its_versions_owed_to_the_next_holder_once_its_lease_lapses()
    {
        var bloc = await OpenCampaignAsync("khoi-sap");
        await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "truoc-khi-sap", 40, blocId: bloc));
        var now = TestData.Now;

        // The first sender took the lease and died before recording anything (it may or may not have sent).
        Assert.NotNull(await _outbox.TryLeaseAsync(bloc, 2026, now, now.AddSeconds(30)));
        var other = await OtherProcessAsync();
        Assert.Null(await other.Outbox.TryLeaseAsync(bloc, 2026, now.AddSeconds(5), now.AddSeconds(35)));
        Assert.Contains((bloc, 2026), await other.Outbox.ListCampaignsWithPendingAsync());

        var next = await other.Outbox.TryLeaseAsync(bloc, 2026, now.AddSeconds(31), now.AddSeconds(61));
        Assert.NotNull(next);
        Assert.Equal(["so-noi-vu 1"], Versions(await other.Outbox.ListPendingAsync(next)));
    }

    [Fact]
    public async Task A_sender_that_lost_its_lease_still_records_what_it_sent_and_never_moves_a_unit_back()
    {
        var bloc = await OpenCampaignAsync("khoi-mat-quyen");
        await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "mot", 1, blocId: bloc));
        await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "hai", 2, blocId: bloc));
        var now = TestData.Now;
        var slow = (await _outbox.TryLeaseAsync(bloc, 2026, now, now.AddSeconds(30)))!;
        var slowPending = await _outbox.ListPendingAsync(slow);

        // Its lease lapses while it sends; another sender takes over, sends both and records them.
        var other = await OtherProcessAsync();
        var fast = (await other.Outbox.TryLeaseAsync(bloc, 2026, now.AddSeconds(31), now.AddSeconds(61)))!;
        fast = (await other.Outbox.RecordAsync(fast, await other.Outbox.ListPendingAsync(fast), [], now, now.AddSeconds(61)))!;
        await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "ba", 3, blocId: bloc));

        // The slow one finishes with only the first sent: its lease is gone, and the unit stays confirmed through 2.
        Assert.Null(await _outbox.RecordAsync(slow, [slowPending[0]], [], now, now.AddSeconds(60)));
        Assert.Equal(["so-noi-vu 3"], Versions(await other.Outbox.ListPendingAsync(fast)));
        Assert.Equal(["so-noi-vu 3"], Versions(await _outbox.ListPendingAsync(bloc, 2026)));
        Assert.NotNull(await other.Outbox.RenewLeaseAsync(fast, now.AddSeconds(90)));
    }

    [Fact]
    public async Task Versions_stored_before_the_close_are_still_owed_after_it()
    {
        var bloc = await OpenCampaignAsync("khoi-dong-han");
        await _sheets.SubmitAsync(TestData.Draft("cong-an-tinh", "sat-han", 50, blocId: bloc));
        Assert.Equal(GateOutcome.Closed, await _window.CloseAsync(bloc, 2026, TestData.Now));

        Assert.Contains((bloc, 2026), await _outbox.ListCampaignsWithPendingAsync());
        var pending = Assert.Single(await new ConfirmationOutbox(_storage, new ScoreSheets(_storage)).ListPendingAsync(bloc, 2026));
        Assert.Equal(("cong-an-tinh", 1, "sat-han"), (pending.Sheet.UnitId, pending.Sheet.Version, pending.Sheet.ClientRequestId));
    }

    [Fact]
    public async Task Versions_an_earlier_build_stored_are_mailed_once_each_after_the_upgrade()
    {
        var bloc = await OpenCampaignAsync("khoi-nang-cap");

        // Versions 1 and 2 as the earlier build stored them: the version row (without the mark) and a confirmation row of
        // its own, which that build deleted once the email went out: version 1's went out, version 2's was still owed.
        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, "ScoreTestsScores");
        foreach (var n in new[] { 1, 2 })
        {
            var sheet = TestData.Draft("so-noi-vu", $"cu-{n}", n, blocId: bloc) with { Version = n };
            var row = new Azure.Data.Tables.TableEntity($"{bloc}:2026", $"version:so-noi-vu:{n:D6}")
            {
                ["Version"] = n,
                ["SubmittedAt"] = sheet.SubmittedAt,
                ["ClientRequestId"] = sheet.ClientRequestId,
                ["Json"] = System.Text.Json.JsonSerializer.Serialize(sheet, EarlierJson),
            };
            await table.AddEntityAsync(row);
            if (n == 2)
            {
                await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(row) { RowKey = $"confirm:so-noi-vu:{n:D6}", ["Attempts"] = 0 });
            }
        }

        Assert.Contains((bloc, 2026), await _outbox.ListCampaignsWithPendingAsync());

        // After the upgrade the unit submits version 3: version 2 (still owed by the earlier build) and 3 are owed here, not 1.
        Assert.Equal(3, (await _sheets.SubmitAsync(TestData.Draft("so-noi-vu", "moi-3", 3, blocId: bloc))).Sheet!.Version);
        var other = await OtherProcessAsync();
        var now = TestData.Now;
        var lease = (await other.Outbox.TryLeaseAsync(bloc, 2026, now, now.AddSeconds(30)))!;
        var pending = await other.Outbox.ListPendingAsync(lease);
        Assert.Equal(["so-noi-vu 2", "so-noi-vu 3"], Versions(pending));
        Assert.Equal("cu-2", pending[0].Sheet.ClientRequestId);
        Assert.Null(await other.Outbox.RecordAsync(lease, pending, [], now, null));
        Assert.Empty(await _outbox.ListPendingAsync(bloc, 2026));
        Assert.DoesNotContain((bloc, 2026), await _outbox.ListCampaignsWithPendingAsync());
        Assert.Empty(table.Query<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{bloc}:2026' and RowKey ge 'confirm:' and RowKey lt 'confirm;'"));
    }

    [Fact]
    public async Task Every_version_stored_while_the_window_closes_is_owed_and_none_refused_is_stored()
    {
        var bloc = await OpenCampaignAsync("khoi-dong-giua-chung");
        var units = Enumerable.Range(1, 6).Select(i => $"don-vi-{i}").ToList();
        var submitting = Task.WhenAll(units.SelectMany(u => Enumerable.Range(1, 5).Select(n => _sheets.SubmitAsync(TestData.Draft(u, $"{u}-{n}", n, blocId: bloc)))));
        await _window.CloseAsync(bloc, 2026, TestData.Now);
        var results = await submitting;

        var stored = (await Task.WhenAll(units.Select(u => _sheets.ListVersionsAsync(bloc, 2026, u)))).SelectMany(v => v).ToList();
        Assert.Equal(results.Count(r => r.Outcome == SubmissionOutcome.Created), stored.Count);
        Assert.Equal(
            stored.Select(s => $"{s.UnitId} {s.Version}").Order(StringComparer.Ordinal),
            Versions(await new ConfirmationOutbox(_storage, new ScoreSheets(_storage)).ListPendingAsync(bloc, 2026)).Order(StringComparer.Ordinal));
    }
}
