using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ThiDua.Domain;
using ThiDua.Functions.Mail;
using ThiDua.Storage;
using ThiDua.Workflows.Mail;

namespace ThiDua.Api.Tests;

/// <summary>
/// Submission confirmations end to end: the API stores each with its version and queues a request on
/// Azurite; the queue consumer (as the local host runs it) sends the campaign's pending confirmations
/// to a real SMTP server on loopback.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ConfirmationMailTests(ApiFixture fixture)
{
    /// <summary>How the build before per-unit tracking wrote a score sheet's JSON column.</summary>
    private static readonly JsonSerializerOptions EarlierJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task A_submission_gets_exactly_one_confirmation_in_Vietnamese_even_when_retried_or_redelivered()
    {
        const string bloc = "mail-confirm";
        await OpenAsync(bloc);
        var unit = await fixture.UnitAsync(bloc, "so-tu-phap");
        var path = $"/api/blocs/{bloc}/campaigns/2027/scores/so-tu-phap";

        var first = await unit.PostJsonAsync(path, World.Submission(bloc, 2027, "so-tu-phap", "xac-nhan-1", 52.5m));
        var retry = await unit.PostJsonAsync(path, World.Submission(bloc, 2027, "so-tu-phap", "xac-nhan-1", 52.5m));
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, retry.Status);

        var mail = Assert.Single(await MessagesAsync(bloc, 1));
        Assert.Equal("vanphong@so-tu-phap.example.vn", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("Xác nhận đã nhận bảng tự chấm điểm thi đua năm 2027 – lần nộp thứ 1", mail.Subject);
        var campaign = (await fixture.Campaigns.GetAsync(bloc, 2027))!;
        var deadline = campaign.Schedule.ScoringDeadline.ToOffset(TimeSpan.FromHours(7));
        var submittedAt = first.Json.GetProperty("submittedAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(7));
        var body = mail.TextBody ?? "";
        Assert.Contains("Kính gửi Đơn vị so-tu-phap,", body, StringComparison.Ordinal);
        Assert.Contains("Lần nộp (phiên bản): 1.", body, StringComparison.Ordinal);
        Assert.Contains("Tổng điểm tự chấm: 82,5 (điểm tiêu chí 82,5, điểm thưởng 0, điểm trừ 0).", body, StringComparison.Ordinal);
        Assert.Contains($"Hạn nộp: {deadline.ToString("HH:mm", CultureInfo.InvariantCulture)} ngày {deadline.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} (giờ Việt Nam).", body, StringComparison.Ordinal);
        Assert.Contains($"Thời điểm nộp: {submittedAt.ToString("HH:mm", CultureInfo.InvariantCulture)} ngày {submittedAt.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", body, StringComparison.Ordinal);
        Assert.Contains($"https://thidua.example.vn/#/blocs/{bloc}/2027/units/so-tu-phap/scores", body, StringComparison.Ordinal);

        // On the wire: the subject RFC 2047-encoded as UTF-8, the body declared UTF-8.
        var raw = Encoding.ASCII.GetString(fixture.Smtp.Raw.Single(r => Encoding.ASCII.GetString(r).Contains($".{bloc}@thidua", StringComparison.Ordinal)));
        Assert.Contains("Subject: =?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("charset=utf-8", raw, StringComparison.OrdinalIgnoreCase);

        // A redelivered queue message (the runtime delivers again after a lost delete) sends nothing new,
        // whether the local consumer takes it from the queue or the Functions queue trigger's adapter gets it.
        var request = MailQueueClient.Serialize(new ConfirmationRequest(bloc, 2027));
        await SendRawAsync(new ConfirmationRequest(bloc, 2027));
        await new MailQueueFunctions(fixture.Services).SendQueuedMail(request, 2, CancellationToken.None);
        await QueueDrainedAsync();
        Assert.Single(await MessagesAsync(bloc, 1));

        // A new version is a new submission: its own confirmation.
        Assert.Equal(HttpStatusCode.Created, (await unit.PostJsonAsync(path, World.Submission(bloc, 2027, "so-tu-phap", "xac-nhan-2", 60))).Status);
        var messages = await MessagesAsync(bloc, 2);
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => (m.Subject ?? "").EndsWith("lần nộp thứ 2", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("Tổng điểm tự chấm: 90 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_moved_to_the_poison_queue_and_a_malformed_one_at_once()
    {
        const string bloc = "mail-poison";
        await OpenAsync(bloc);
        var queue = fixture.Services.GetRequiredService<MailQueueClient>();
        var missing = new ConfirmationRequest(bloc, 2031);

        await SendRawAsync(missing);
        await SendRawAsync(new ConfirmationRequest(bloc, 1999));

        await World.EventuallyAsync(
            async () => (await queue.PeekPoisonAsync()).Count(b => b.Contains(bloc, StringComparison.Ordinal)) == 2,
            "both messages are in the poison queue");
        await QueueDrainedAsync();
        Assert.Contains(MailQueueClient.Serialize(missing), await queue.PeekPoisonAsync());
        Assert.Empty(await MessagesAsync(bloc, 0));

        // In Azure the trigger's adapter throws, so the runtime retries and then moves the message aside itself.
        await Assert.ThrowsAsync<FormatException>(() => new MailQueueFunctions(fixture.Services).SendQueuedMail("{\"blocId\":\"..\"}", 1, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => new MailQueueFunctions(fixture.Services).SendQueuedMail(MailQueueClient.Serialize(missing), ApiFixture.MailAttempts, CancellationToken.None));
    }

    [Fact]
    public async Task A_burst_from_every_unit_gets_one_confirmation_per_version()
    {
        const string bloc = "mail-burst";
        await OpenAsync(bloc);
        var units = new[] { "so-tu-phap", "cong-an-tinh", "so-noi-vu" };
        var clients = await Task.WhenAll(units.Select(u => fixture.UnitAsync(bloc, u)));

        var answers = await Task.WhenAll(clients.Zip(units).SelectMany(c => Enumerable.Range(1, 4).Select(n =>
            c.First.PostJsonAsync($"/api/blocs/{bloc}/campaigns/2027/scores/{c.Second}", World.Submission(bloc, 2027, c.Second, $"dot-{n}", 40 + n)))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        var messages = await MessagesAsync(bloc, 12);

        // Once every queued request is handled, a duplicate would have arrived.
        await QueueDrainedAsync();
        Assert.Equal(12, (await MessagesAsync(bloc, 12)).Count);
        foreach (var unit in units)
        {
            var subjects = messages.Where(m => m.To.Mailboxes.Single().Address == $"vanphong@{unit}.example.vn").Select(m => m.Subject ?? "").ToList();
            Assert.All(subjects, s => Assert.Contains("lần nộp thứ ", s, StringComparison.Ordinal));
            Assert.Equal(["1", "2", "3", "4"], subjects.Select(s => s[(s.LastIndexOf(' ') + 1)..]).Order(StringComparer.Ordinal));
        }

        Assert.Empty(await fixture.Confirmations.ListPendingAsync(bloc, 2027));
    }

    [Fact]
    public async Task A_confirmation_whose_queue_message_was_lost_is_sent_by_the_sweep_and_only_once()
    {
        const string bloc = "mail-sweep";
        await OpenAsync(bloc);

        // Stored as the API stores it, but the host stopped before it queued the request.
        var stored = await fixture.ScoreSheets.SubmitAsync(Sheet(bloc, "so-tu-phap", 0, "quet-1", new ScoreTotals(70, 0, 0, 70), DateTimeOffset.UtcNow));
        Assert.Equal(SubmissionOutcome.Created, stored.Outcome);
        Assert.Single(await fixture.Confirmations.ListPendingAsync(bloc, 2027));

        // Two consumers sweep at once, as two Functions instances would: one sends, the other finds the lease taken.
        var consumer = fixture.Services.GetRequiredService<MailQueueConsumer>();
        await Task.WhenAll(consumer.SweepAsync(), consumer.SweepAsync());

        var mail = Assert.Single(await MessagesAsync(bloc, 1));
        Assert.EndsWith("lần nộp thứ 1", mail.Subject, StringComparison.Ordinal);
        await consumer.SweepAsync();
        Assert.Single(await MessagesAsync(bloc, 1));
        Assert.Empty(await fixture.Confirmations.ListPendingAsync(bloc, 2027));
    }

    [Fact]
    public async Task A_version_another_process_accepted_before_dying_with_the_lease_is_confirmed_here_once_the_lease_lapses()
    {
        const string bloc = "mail-crash";
        await OpenAsync(bloc);

        // Another process on the same storage stored the version, took the campaign's lease to send it, and died
        // before it sent anything or queued a request.
        var storage = new ThiDuaStorage(fixture.StorageOptions);
        var dead = new ScoreSheets(storage);
        Assert.Equal(SubmissionOutcome.Created, (await dead.SubmitAsync(Sheet(bloc, "cong-an-tinh", 0, "truoc-khi-dung", new ScoreTotals(75, 0, 0, 75), DateTimeOffset.UtcNow))).Outcome);
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull(await new ConfirmationOutbox(storage, dead).TryLeaseAsync(bloc, 2027, now, now.AddSeconds(5)));

        // This host's sweep finds it owed but sends nothing while the lease holds; it asks again until the lease lapses.
        var consumer = fixture.Services.GetRequiredService<MailQueueConsumer>();
        Assert.Equal(0, await consumer.SweepAsync());
        Assert.Single(await fixture.Confirmations.ListPendingAsync(bloc, 2027));

        var mail = Assert.Single(await MessagesAsync(bloc, 1));
        Assert.EndsWith("lần nộp thứ 1", mail.Subject, StringComparison.Ordinal);
        Assert.Equal("vanphong@cong-an-tinh.example.vn", Assert.Single(mail.To.Mailboxes).Address);
        await QueueDrainedAsync();
        await consumer.SweepAsync();
        Assert.Single(await MessagesAsync(bloc, 1));
        Assert.Empty(await fixture.Confirmations.ListPendingAsync(bloc, 2027));
    }

    [Fact]
    public async Task A_confirmation_the_build_before_an_upgrade_still_owed_is_sent_once_by_this_build()
    {
        const string bloc = "mail-upgrade";
        await OpenAsync(bloc);

        // The build before per-unit tracking stored version 1 with a confirmation row of its own (the version row's
        // columns and Attempts) and was replaced by this build before it sent the email.
        var table = new TableClient(fixture.StorageOptions.ConnectionString, fixture.StorageOptions.TablePrefix + "Scores");
        var sheet = Sheet(bloc, "so-noi-vu", 1, "truoc-nang-cap", new ScoreTotals(65, 0, 0, 65), DateTimeOffset.UtcNow);
        var version = new TableEntity($"{bloc}:2027", "version:so-noi-vu:000001")
        {
            ["Version"] = 1,
            ["SubmittedAt"] = sheet.SubmittedAt,
            ["ClientRequestId"] = sheet.ClientRequestId,
            ["Json"] = JsonSerializer.Serialize(sheet, EarlierJson),
        };
        await table.AddEntityAsync(version);
        await table.AddEntityAsync(new TableEntity(version) { RowKey = "confirm:so-noi-vu:000001", ["Attempts"] = 0 });

        // The sweep finds the campaign and this build's sender mails the version, then deletes the row.
        var consumer = fixture.Services.GetRequiredService<MailQueueConsumer>();
        await consumer.SweepAsync();
        var mail = Assert.Single(await MessagesAsync(bloc, 1));
        Assert.EndsWith("lần nộp thứ 1", mail.Subject, StringComparison.Ordinal);
        Assert.Equal("vanphong@so-noi-vu.example.vn", Assert.Single(mail.To.Mailboxes).Address);
        await World.EventuallyAsync(
            async () => !(await table.GetEntityIfExistsAsync<TableEntity>($"{bloc}:2027", "confirm:so-noi-vu:000001")).HasValue,
            "the earlier build's confirmation row is deleted");

        // A second run sends nothing more.
        await consumer.SweepAsync();
        await QueueDrainedAsync();
        Assert.Single(await MessagesAsync(bloc, 1));
        Assert.Empty(await fixture.Confirmations.ListPendingAsync(bloc, 2027));
    }

    [Fact]
    public async Task The_confirmation_is_available_in_English_with_the_deadline_in_Vietnam_time()
    {
        const string bloc = "mail-english";
        await OpenAsync(bloc);
        var campaign = (await fixture.Campaigns.GetAsync(bloc, 2027))!;
        var unit = (await fixture.Blocs.GetUnitAsync(bloc, "cong-an-tinh"))!.Value;
        var sheet = Sheet(bloc, "cong-an-tinh", 3, "english", new ScoreTotals(88.25m, 2m, 1.5m, 88.75m), new DateTimeOffset(2027, 12, 10, 17, 30, 0, TimeSpan.Zero));

        var mail = CycleMail.Confirmation(campaign, unit, sheet, new Uri("https://thidua.example.vn/#/blocs/mail-english/2027/units/cong-an-tinh/scores"), "m@thidua", Localizer.English);

        Assert.Equal("Your 2027 emulation self-assessment was received – submission 3", mail.Subject);
        Assert.Contains("Total points claimed: 88.75 (criteria 88.25, bonus 2, penalty 1.5).", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Submitted at: 00:30 on 11/12/2027 (Vietnam time).", mail.Body, StringComparison.Ordinal);
        Assert.Contains("(Vietnam time). You may resubmit until then", mail.Body, StringComparison.Ordinal);
        Assert.Equal(["vanphong@cong-an-tinh.example.vn"], mail.To.Select(r => r.Email));
    }

    private async Task<List<MimeMessage>> MessagesAsync(string bloc, int expected)
    {
        List<MimeMessage> Matching() => fixture.Smtp.Messages.Where(m => (m.MessageId ?? "").EndsWith($".{bloc}@thidua", StringComparison.Ordinal)).ToList();
        await World.EventuallyAsync(() => Task.FromResult(Matching().Count >= expected), $"{expected} confirmation(s) of {bloc} arrived");
        return Matching();
    }

    private static ScoreSheet Sheet(string bloc, string unit, int version, string requestId, ScoreTotals totals, DateTimeOffset submittedAt) => new()
    {
        BlocId = bloc,
        Year = 2027,
        UnitId = unit,
        Version = version,
        ClientRequestId = requestId,
        Lines = [],
        Totals = totals,
        SubmittedAt = submittedAt,
    };

    /// <summary>Puts a request on the queue as it travels (base64 JSON), as a redelivery or a foreign writer would.</summary>
    private async Task SendRawAsync(ConfirmationRequest request)
    {
        var queue = new QueueClient(fixture.StorageOptions.ConnectionString, MailQueueClient.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.SendMessageAsync(MailQueueClient.Serialize(request));
    }

    /// <summary>Waits until the consumer has taken and finished every queued message (a handled message is deleted).</summary>
    private async Task QueueDrainedAsync()
    {
        var queue = new QueueClient(fixture.StorageOptions.ConnectionString, MailQueueClient.Name);
        await World.EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the mail queue is empty");
    }

    private async Task OpenAsync(string blocId)
    {
        var (now, _) = await World.LaunchAsync(fixture, blocId, 2027);
        await fixture.SubmissionWindow.OpenAsync(blocId, 2027, now);
    }
}
