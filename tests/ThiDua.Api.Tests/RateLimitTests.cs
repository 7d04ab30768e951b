using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ThiDua.Api.Identity;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class RateLimitTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_caller_over_its_write_budget_gets_429_with_Retry_After_and_changes_nothing_while_reads_and_others_go_on()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(fixture.Workflows);
        builder.Services.AddThiDuaApi(fixture.StorageOptions, o => o.WritesPerMinute = 3);
        await using var app = builder.Build();
        app.MapThiDuaApi();
        await app.StartAsync();
        var tokens = app.Services.GetRequiredService<ITokenStore>();
        HttpClient Client(string token)
        {
            var client = app.GetTestClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        var busy = Client((await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1))).Token);
        var replies = new List<Reply>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(await busy.PutJsonAsync($"/api/blocs/limited-{i}", new { name = "Khối" }));
        }

        Assert.All(replies.Take(3), r => Assert.Equal(HttpStatusCode.Created, r.Status));
        replies[3].Problem(HttpStatusCode.TooManyRequests);
        Assert.True(replies[3].Headers.RetryAfter?.Delta > TimeSpan.Zero, replies[3].Body);
        Assert.Null(await fixture.Blocs.GetBlocAsync("limited-3"));
        Assert.Equal(HttpStatusCode.OK, (await busy.FetchAsync("/api/blocs/limited-0")).Status);

        // Another caller has a budget of its own: the unit's refusal is about its role, not the limit.
        var other = Client((await tokens.IssueAsync(Caller.Unit("limited-0", "so-tu-phap"), TimeSpan.FromHours(1))).Token);
        (await other.PutJsonAsync("/api/blocs/limited-0", new { name = "Khối" })).Problem(HttpStatusCode.Forbidden);
        await app.StopAsync();
    }
}
