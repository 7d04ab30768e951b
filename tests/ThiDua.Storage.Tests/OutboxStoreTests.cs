namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class OutboxStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private OutboxStore _store = null!;

    public async Task InitializeAsync() => _store = new OutboxStore(await azurite.CreateStorageAsync("OutboxTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_reminder_is_begun_sent_and_then_skipped()
    {
        var key = MessageKeys.Reminder("so-tu-phap", TimeSpan.FromDays(3));

        var begun = await _store.TryBeginAsync("noi-chinh", 2026, key, "vanphong@stp.example.vn", "Nhắc nộp bảng tự chấm điểm", TestData.Now);
        await _store.MarkSentAsync("noi-chinh", 2026, key, TestData.Now.AddSeconds(1));
        var afterRestart = await _store.TryBeginAsync("noi-chinh", 2026, key, "vanphong@stp.example.vn", "Nhắc nộp bảng tự chấm điểm", TestData.Now.AddMinutes(1));

        Assert.Equal(BeginOutcome.Begun, begun.Outcome);
        Assert.Equal(BeginOutcome.AlreadySent, afterRestart.Outcome);
        Assert.Equal(1, afterRestart.Entry.Attempts);
        var sent = Assert.Single(await _store.ListAsync("noi-chinh", 2026));
        Assert.Equal((key, OutboxStatus.Sent, TestData.Now.AddSeconds(1), "Nhắc nộp bảng tự chấm điểm"), (sent.MessageKey, sent.Status, sent.SentAt, sent.Subject));
    }

    [Fact]
    public async Task A_send_that_crashed_before_confirmation_is_handed_back_to_the_caller_once()
    {
        var key = MessageKeys.Reminder("cong-an-tinh", TimeSpan.FromDays(1));
        await _store.TryBeginAsync("khoi-crash", 2026, key, "a@ca.example.vn", "Nhắc", TestData.Now);

        var resumed = await _store.TryBeginAsync("khoi-crash", 2026, key, "a@ca.example.vn", "Nhắc", TestData.Now.AddMinutes(2));

        Assert.Equal(BeginOutcome.ResumeAfterCrash, resumed.Outcome);
        Assert.Equal(2, resumed.Entry.Attempts);
        Assert.Equal(OutboxStatus.Sending, (await _store.GetAsync("khoi-crash", 2026, key))!.Status);
        await _store.MarkSentAsync("khoi-crash", 2026, key, TestData.Now.AddMinutes(3));
        await _store.MarkSentAsync("khoi-crash", 2026, key, TestData.Now.AddMinutes(4));
        var entry = await _store.GetAsync("khoi-crash", 2026, key);
        Assert.Equal((OutboxStatus.Sent, TestData.Now.AddMinutes(3)), (entry!.Status, entry.SentAt));
    }

    [Fact]
    public async Task Keys_separate_units_offsets_and_kinds()
    {
        string[] keys =
        [
            MessageKeys.Reminder("so-tu-phap", TimeSpan.FromDays(7)),
            MessageKeys.Reminder("so-tu-phap", TimeSpan.FromDays(3)),
            MessageKeys.Reminder("so-noi-vu", TimeSpan.FromDays(7)),
            MessageKeys.Confirmation("so-tu-phap", "gui-1"),
            MessageKeys.ScoringClosingNotice(),
        ];

        foreach (var key in keys)
        {
            Assert.Equal(BeginOutcome.Begun, (await _store.TryBeginAsync("khoi-keys", 2026, key, "x@example.vn", "s", TestData.Now)).Outcome);
        }

        Assert.Equal(keys.Length, (await _store.ListAsync("khoi-keys", 2026)).Count);
    }

    [Fact]
    public async Task Marking_a_message_never_begun_is_an_error()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.MarkSentAsync("khoi-khong", 2026, MessageKeys.ScoringClosingNotice(), TestData.Now));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryBeginAsync("khoi-khong", 2026, "Reminder/x", "x", "s", TestData.Now));
    }
}
