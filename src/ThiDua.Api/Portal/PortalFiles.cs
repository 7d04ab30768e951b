using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ThiDua.Api.Portal;

/// <summary>
/// The web portal's static files (Portal/wwwroot), embedded in this assembly so that both hosts
/// serve the same bytes without a content folder: the local host at <c>/</c>, the Functions app
/// at <c>/api/portal/</c>. The pages call the API at <c>/api</c> in both.
/// </summary>
public static class PortalFiles
{
    private const string ResourcePrefix = "portal/";

    private static readonly FrozenDictionary<string, string> MediaTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(Load);

    /// <summary>The file names served, such as <c>index.html</c> and <c>app.js</c>.</summary>
    public static IReadOnlyCollection<string> Names => Files.Value.Keys;

    /// <summary>
    /// The file <paramref name="file"/> (empty for <c>index.html</c>), or 404. A request for the root
    /// without its trailing slash is redirected to it, so the pages' relative links resolve.
    /// </summary>
    public static IResult Serve(HttpRequest request, string? file)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(file))
        {
            var path = request.PathBase.Add(request.Path).Value ?? "/";
            if (!path.EndsWith('/'))
            {
                return Results.Redirect(path + "/" + request.QueryString);
            }

            file = "index.html";
        }

        if (!Files.Value.TryGetValue(file, out var content))
        {
            return Results.NotFound();
        }

        // The pages change with each deployment and are small: revalidate rather than cache stale code.
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        request.HttpContext.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.Bytes(content, MediaTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream"));
    }

    /// <summary>Maps the portal at the root of the local host: <c>/</c> and <c>/{file}</c>.</summary>
    public static IEndpointRouteBuilder MapThiDuaPortal(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", (HttpRequest request) => Serve(request, null)).ExcludeFromDescription();
        endpoints.MapGet("/{file}", (HttpRequest request, string file) => Serve(request, file)).ExcludeFromDescription();
        return endpoints;
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(PortalFiles).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[name[ResourcePrefix.Length..]] = buffer.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
