using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using ThiDua.Api.Identity;
using ThiDua.Functions.Api;

namespace ThiDua.Api.Tests;

/// <summary>
/// The Functions app cannot run here without its host, so its HTTP adapters are called the way the
/// host calls them (a request on an HttpContext, route values as arguments) and must answer exactly
/// as the local host's endpoints do, over the same storage and durable client.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class FunctionsParityTests(ApiFixture fixture)
{
    [Fact]
    public async Task Adapters_answer_reads_and_refusals_exactly_as_the_local_endpoints()
    {
        await World.LaunchAsync(fixture, "parity", 2027);
        var unit = await TokenAsync(Caller.Unit("parity", "so-tu-phap"));
        var outsider = await TokenAsync(Caller.Unit("other-bloc", "so-tu-phap"));
        var functions = new ApiFunctions(fixture.Services);
        var cases = new (string Path, string? Token, Func<HttpRequest, Task<IActionResult>> Adapter)[]
        {
            ("/api/blocs/parity", unit, r => functions.GetBloc(r, "parity", default)),
            ("/api/blocs/parity/units", unit, r => functions.ListUnits(r, "parity", default)),
            ("/api/blocs/parity/campaigns/2027/compact", unit, r => functions.GetCompact(r, "parity", "2027", default)),
            ("/api/blocs/parity", outsider, r => functions.GetBloc(r, "parity", default)),
            ("/api/blocs/parity", null, r => functions.GetBloc(r, "parity", default)),
            ("/api/blocs/pa..rity", unit, r => functions.GetBloc(r, "pa..rity", default)),
            ("/api/blocs/parity/campaigns/1999/results", unit, r => functions.GetCampaignResults(r, "parity", "1999", fixture.Workflows, default)),
            ("/api/blocs/parity/campaigns/2027/verification", unit, r => functions.GetArchiveVerification(r, "parity", "2027", default)),
            ("/api/blocs/parity/campaigns/2030/verification", outsider, r => functions.GetArchiveVerification(r, "parity", "2030", default)),
        };

        // Refusals in both languages: the problem's language is chosen when its result is written, in either host.
        foreach (var (path, token, adapter) in cases)
        {
            foreach (var language in new string?[] { null, "en" })
            {
                var client = token is null ? fixture.Anonymous() : WithToken(token);
                if (language is not null)
                {
                    client.DefaultRequestHeaders.AcceptLanguage.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue(language));
                }

                var local = await client.FetchAsync(path);
                var (status, contentType, body) = await ThroughAdapterAsync("GET", path, token, null, adapter, language);

                Assert.Equal((int)local.Status, status);
                Assert.Equal(local.ContentType, contentType?.Split(';')[0]);
                Assert.Equal(Normalize(local.Body), Normalize(body));
            }
        }
    }

    [Fact]
    public async Task A_submission_through_the_adapter_is_the_same_version_the_local_host_sees_on_retry()
    {
        var (now, _) = await World.LaunchAsync(fixture, "parity-write", 2027);
        await fixture.SubmissionWindow.OpenAsync("parity-write", 2027, now);
        var token = await TokenAsync(Caller.Unit("parity-write", "cong-an-tinh"));
        var body = World.Serialize(World.Submission("parity-write", 2027, "cong-an-tinh", "via-functions"));
        const string path = "/api/blocs/parity-write/campaigns/2027/scores/cong-an-tinh";

        var (status, _, created) = await ThroughAdapterAsync("POST", path, token, body,
            r => new ApiFunctions(fixture.Services).SubmitScores(r, "parity-write", "2027", "cong-an-tinh", default));
        var retry = await WithToken(token).SendTextAsync(HttpMethod.Post, path, body);

        Assert.Equal(201, status);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(Normalize(created), Normalize(retry.Body));
        Assert.Single(await fixture.ScoreSheets.ListVersionsAsync("parity-write", 2027, "cong-an-tinh"));
    }

    private async Task<string> TokenAsync(Caller caller) => (await fixture.Tokens.IssueAsync(caller, TimeSpan.FromDays(300))).Token;

    private HttpClient WithToken(string token)
    {
        var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The per-request trace id in a problem is the only thing allowed to differ.</summary>
    private static string Normalize(string body) =>
        System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "\"traceId\":\"-\"");

    private async Task<(int Status, string? ContentType, string Body)> ThroughAdapterAsync(
        string method, string path, string? token, string? body, Func<HttpRequest, Task<IActionResult>> adapter, string? language = null)
    {
        var context = new DefaultHttpContext { RequestServices = fixture.Services };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        if (token is not null)
        {
            context.Request.Headers.Authorization = new StringValues("Bearer " + token);
        }

        if (language is not null)
        {
            context.Request.Headers.AcceptLanguage = language;
        }

        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        using var response = new MemoryStream();
        context.Response.Body = response;
        var action = await adapter(context.Request);
        Assert.IsType<EmptyResult>(action);
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(response.ToArray()));
    }
}
