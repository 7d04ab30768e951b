using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Domain;

namespace ThiDua.Api.Endpoints;

/// <summary>Body of <see cref="IdentityApi.MapAsync"/>: the member unit a signed-in identity acts for.</summary>
/// <param name="BlocId">The unit's bloc.</param>
/// <param name="UnitId">The unit.</param>
public sealed record IdentityMappingRequest(string BlocId, string UnitId);

/// <summary>A mapping of a Microsoft Entra identity (object id) to its member unit.</summary>
/// <param name="ObjectId">The identity's object id (a GUID).</param>
/// <param name="BlocId">The unit's bloc.</param>
/// <param name="UnitId">The unit.</param>
public sealed record IdentityMapping(string ObjectId, string BlocId, string UnitId);

/// <summary>Council staff map signed-in Entra ID identities to their member units, and remove mappings.</summary>
public static class IdentityApi
{
    /// <summary>Maps the identity to an existing unit, replacing an earlier mapping (council staff).</summary>
    public static async Task<IResult> MapAsync(string objectId, HttpRequest request, [FromServices] ApiServices api, [FromServices] IIdentityMap identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(identities);
        if (BadObjectId(objectId) is { } badId)
        {
            return badId;
        }

        var (body, problem) = await ApiJson.ReadAsync<IdentityMappingRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (Guard.Ids(("blocId", body.BlocId), ("unitId", body.UnitId)) is { } badUnit)
        {
            return badUnit;
        }

        if (await api.Blocs.GetUnitAsync(body.BlocId, body.UnitId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("unitId", new($"Khối '{body.BlocId}' không có đơn vị '{body.UnitId}'.", $"Bloc '{body.BlocId}' has no unit '{body.UnitId}'."));
        }

        var id = Guid.ParseExact(objectId, "D").ToString("D");
        await identities.MapAsync(id, body.BlocId, body.UnitId, cancellationToken);
        return ApiJson.Json(new IdentityMapping(id, body.BlocId, body.UnitId));
    }

    /// <summary>Removes the identity's mapping: 204, or 404 when there was none (council staff).</summary>
    public static async Task<IResult> UnmapAsync(string objectId, HttpRequest request, [FromServices] ApiServices api, [FromServices] IIdentityMap identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(identities);
        if (BadObjectId(objectId) is { } badId)
        {
            return badId;
        }

        return await identities.UnmapAsync(objectId, cancellationToken)
            ? Results.NoContent()
            : ApiProblems.NotFound("objectId", new($"Danh tính '{objectId}' chưa được gắn với đơn vị nào.", $"Identity '{objectId}' is not mapped to a unit."));
    }

    /// <summary>400 for a route's object id that is not a GUID (after admission: other callers learn nothing of it).</summary>
    private static IResult? BadObjectId(string objectId) =>
        Guid.TryParseExact(objectId, "D", out _)
            ? null
            : ApiProblems.BadRequest("objectId", ErrorCodes.InvalidFormat, new("Mã đối tượng Entra là một GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).", "An Entra object id is a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."));
}
