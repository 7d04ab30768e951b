using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ThiDua.Functions.Tests;

/// <summary>What a client would see of one HTTP exchange.</summary>
public sealed record HttpExchange(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ContentType => Headers.GetValueOrDefault("Content-Type");

    /// <summary>The same exchange with a generated value (an instance id) replaced, so two runs compare.</summary>
    public HttpExchange Without(string generated, string placeholder)
        => new(Status, Headers.ToDictionary(h => h.Key, h => h.Value.Replace(generated, placeholder, StringComparison.Ordinal)),
            Body.Replace(generated, placeholder, StringComparison.Ordinal));

    /// <summary>Status line, sorted headers and body: two exchanges are the same when these texts are.</summary>
    public override string ToString()
        => $"{Status}\n{string.Join("\n", Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key}: {h.Value}"))}\n\n{Body}";

    public static IServiceProvider Services { get; } = new ServiceCollection().AddLogging().BuildServiceProvider();

    /// <summary>Runs a Functions HTTP adapter, then executes its IActionResult the way the ASP.NET Core integration does.</summary>
    public static Task<HttpExchange> ThroughAdapterAsync(string method, string path, string? body, Func<HttpRequest, Task<IActionResult>> adapter, string? principal = null)
        => RunAsync(method, path, body, principal, async context =>
        {
            var action = await adapter(context.Request);
            await action.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        });

    /// <summary>Runs a shared handler and executes its IResult directly, as the local host's minimal APIs do.</summary>
    public static Task<HttpExchange> ThroughHandlerAsync(string method, string path, string? body, Func<HttpRequest, Task<IResult>> handler, string? principal = null)
        => RunAsync(method, path, body, principal, async context => await (await handler(context.Request)).ExecuteAsync(context));

    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path and query.</param>
    /// <param name="body">A JSON body, or none.</param>
    /// <param name="pipeline">What serves the request: a Function adapter or a shared handler.</param>
    /// <param name="principal">The <c>X-MS-CLIENT-PRINCIPAL</c> App Service Authentication would pass (<see cref="AzureCallers"/>), or none.</param>
    private static async Task<HttpExchange> RunAsync(string method, string path, string? body, string? principal, Func<HttpContext, Task> pipeline)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1");
        context.Request.Path = path;
        if (principal is not null)
        {
            context.Request.Headers[AzureCallers.PrincipalHeader] = principal;
        }

        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        using var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        await pipeline(context);
        var headers = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new HttpExchange(context.Response.StatusCode, headers, Encoding.UTF8.GetString(responseBody.ToArray()));
    }
}
