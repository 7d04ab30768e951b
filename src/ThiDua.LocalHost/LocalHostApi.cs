using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ThiDua.Api.Diagnostics;

namespace ThiDua.LocalHost;

/// <summary>The runtime probe's routes under /api, used by the runtime tests; the product's routes come from <c>MapThiDuaApi</c>.</summary>
internal static class LocalHostApi
{
    public static IEndpointRouteBuilder MapProbeApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapPost(ProbeApi.StartRoute, ProbeApi.StartAsync);
        api.MapGet(ProbeApi.StatusRoute, ProbeApi.GetAsync);
        api.MapPost(ProbeApi.EventRoute, ProbeApi.RaiseEventAsync);
        return endpoints;
    }
}
