using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;

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
}
