using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace ThiDua.Api.Tests;

/// <summary>One response an API test received, as a client generator would have to expect it.</summary>
public sealed record RecordedResponse(string Method, string Route, string Path, int Status, string? ContentType, byte[] Body);

/// <summary>
/// Keeps the OpenAPI document exact: the fixture records every response the API tests receive and,
/// when the collection ends, checks each against the document the host serves: the operation exists,
/// it lists the status, the content type is one it documents (no body where it documents none), and a
/// JSON body validates against the documented schema.
/// </summary>
public sealed class ApiContract
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private readonly ConcurrentQueue<RecordedResponse> _responses = new();

    public IReadOnlyCollection<RecordedResponse> Responses => _responses;

    /// <summary>Middleware that records the responses of mapped /api operations.</summary>
    public async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        // Requests no route matched (405, unknown paths) and the /api fallback's 404 problem, which is left
        // out of the document on purpose, are no operation of it (the hostile and fuzz tests check them).
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } endpoint
            && endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
        {
            _responses.Enqueue(new RecordedResponse(context.Request.Method, route, context.Request.Path + context.Request.QueryString,
                context.Response.StatusCode, context.Response.ContentType, buffer.ToArray()));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Every way the recorded responses depart from <paramref name="document"/>, one line each.</summary>
    public static List<string> Mismatches(JsonNode document, IEnumerable<RecordedResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(responses);
        var definitions = JsonNode.Parse(Rewrite(document["components"]?["schemas"]?.ToJsonString() ?? "{}"))!;
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var response in responses)
        {
            var where = $"{response.Method} {response.Path} ({response.Route}) answered {response.Status}";
            var operation = document["paths"]?[response.Route]?[response.Method.ToLowerInvariant()];
            if (operation is null)
            {
                mismatches.Add($"{where}: the document has no such operation.");
                continue;
            }

            var documented = operation["responses"]?[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? operation["responses"]?["default"];
            if (documented is null)
            {
                mismatches.Add($"{where}: status not listed.");
                continue;
            }

            var media = MediaTypeHeaderValue.TryParse(response.ContentType, out var parsed) ? parsed.MediaType.Value : null;
            if (documented["content"] is not JsonObject { Count: > 0 } content)
            {
                if (response.Body.Length > 0)
                {
                    mismatches.Add($"{where}: a body ({media}) where the document lists none.");
                }

                continue;
            }

            if (media is null || content[media] is not { } mediaType)
            {
                mismatches.Add($"{where}: content type '{response.ContentType}' is not one of {string.Join(", ", content.Select(c => c.Key))}.");
                continue;
            }

            if (!IsJson(media))
            {
                continue;
            }

            var key = $"{response.Route} {response.Method} {response.Status} {media}";
            if (!schemas.TryGetValue(key, out var schema))
            {
                var wrapper = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$defs"] = definitions.DeepClone(),
                    ["allOf"] = new JsonArray(JsonNode.Parse(Rewrite(mediaType["schema"]?.ToJsonString() ?? "{}"))),
                };
                schemas[key] = schema = JsonSchema.FromText(wrapper.ToJsonString());
            }

            JsonNode? body;
            try
            {
                body = JsonNode.Parse(response.Body);
            }
            catch (System.Text.Json.JsonException e)
            {
                mismatches.Add($"{where}: the body is not JSON ({e.Message}).");
                continue;
            }

            var result = schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                    .Distinct(StringComparer.Ordinal);
                mismatches.Add($"{where}: the body does not match the schema: {string.Join("; ", errors)}. Body: {Excerpt(response.Body)}");
            }
        }

        return mismatches.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Rewrite(string schema) => schema.Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal);

    private static bool IsJson(string media) =>
        media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 400 ? text : text[..400] + "…";
    }
}
