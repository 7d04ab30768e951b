using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ThiDua.Api.Diagnostics;

namespace ThiDua.LocalHost;

/// <summary>Maps the shared HTTP handlers under /api, the prefix the Functions host uses.</summary>
internal static class LocalHostApi
{
    public static IEndpointRouteBuilder MapThiDuaApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapPost(ProbeApi.StartRoute, ProbeApi.StartAsync);
        api.MapGet(ProbeApi.StatusRoute, ProbeApi.GetAsync);
        api.MapPost(ProbeApi.EventRoute, ProbeApi.RaiseEventAsync);
        return endpoints;
    }
}
