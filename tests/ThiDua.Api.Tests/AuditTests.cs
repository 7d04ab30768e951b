using System.Net;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class AuditTests(ApiFixture fixture)
{
    [Fact]
    public async Task Every_state_changing_call_is_audited_with_caller_and_outcome_and_no_content()
    {
        var admin = await fixture.AdminAsync();
        var unit = await fixture.UnitAsync("audited", "so-tu-phap");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/blocs/audited", new { name = "Khối bí mật XYZ" })).Status);
        (await unit.PutJsonAsync("/api/blocs/audited", new { name = "Khối bí mật XYZ" })).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync("/api/blocs/audited/campaigns/2027/votes/leading-unit/ballots", new { choice = "so-noi-vu" })).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await admin.FetchAsync("/api/blocs/audited")).Status);

        var entries = (await fixture.Services.GetRequiredService<IAuditLog>().ListAsync(DateOnly.FromDateTime(DateTime.UtcNow)))
            .Where(e => e.Path.StartsWith("/api/blocs/audited", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(
            [("admin", "PUT", 201), ("unit audited/so-tu-phap", "PUT", 403), ("anonymous", "POST", 401)],
            entries.OrderBy(e => e.At).Select(e => (e.Caller, e.Method, e.Status)));
        var text = JsonSerializer.Serialize(entries);
        Assert.DoesNotContain("XYZ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("so-noi-vu", text, StringComparison.Ordinal);
        Assert.DoesNotContain("thidua_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_appends_are_all_stored_once_in_fewer_requests()
    {
        var requests = new RequestCounter();
        var audit = AuditLogCounting(requests);
        await audit.InitializeAsync();
        var day = new DateTimeOffset(2031, 3, 4, 8, 0, 0, TimeSpan.Zero);
        requests.Count = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            audit.AppendAsync(new AuditEntry(day.AddMilliseconds(i), "admin", "PUT", $"/api/blocs/b{i}", 201, $"group-{i}"))));

        var stored = await audit.ListAsync(DateOnly.FromDateTime(day.UtcDateTime));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"group-{i}").Order(), stored.Select(e => e.CorrelationId).Order());
        Assert.InRange(requests.Count, 1, 199);
    }

    [Fact]
    public async Task An_entry_storage_refuses_fails_alone_and_the_others_are_stored()
    {
        var audit = new AuditLog(fixture.StorageOptions);
        var day = new DateTimeOffset(2031, 3, 5, 8, 0, 0, TimeSpan.Zero);
        var tooLarge = new string('x', 40_000);
        var appends = Enumerable.Range(0, 30)
            .Select(i => audit.AppendAsync(new AuditEntry(day.AddMilliseconds(i), "admin", "POST", "/api/blocs", 201, i == 15 ? tooLarge : $"refused-{i}")))
            .ToList();

        await Assert.ThrowsAsync<RequestFailedException>(() => appends[15]);
        await Task.WhenAll(appends.Where((_, i) => i != 15));
        var stored = await audit.ListAsync(DateOnly.FromDateTime(day.UtcDateTime));
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i != 15).Select(i => $"refused-{i}").Order(), stored.Select(e => e.CorrelationId).Order());
    }

    private AuditLog AuditLogCounting(RequestCounter requests)
    {
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerRetry);
        return new AuditLog(new ThiDuaStorageOptions
        {
            TablePrefix = fixture.StorageOptions.TablePrefix,
            TableServiceClient = new TableServiceClient(fixture.StorageOptions.ConnectionString, options),
        });
    }

    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count { get => Volatile.Read(ref _count); set => Volatile.Write(ref _count, value); }

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
