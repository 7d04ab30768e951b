using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ThiDua.Api.Identity;

/// <summary>
/// Azure authentication: App Service Authentication (Microsoft Entra ID) validates the sign-in and
/// passes the principal in <c>X-MS-CLIENT-PRINCIPAL</c> (base64 JSON of its claims). The header is
/// trusted only when the platform says authentication is on (<c>WEBSITE_AUTH_ENABLED=True</c>): the
/// platform then strips that header from client requests, so only it can have set it. Council staff
/// have the app role <see cref="ThiDuaApiOptions.AdminRole"/>; a unit's people are mapped to their
/// unit by object id in the <see cref="IIdentityMap"/>.
/// </summary>
public sealed class AppServiceCallerResolver(IIdentityMap identities, IConfiguration configuration, IOptions<ThiDuaApiOptions> options) : ICallerResolver
{
    private const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <inheritdoc/>
    public async ValueTask<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "True", StringComparison.OrdinalIgnoreCase)
            || request.Headers[PrincipalHeader] is not { Count: 1 } header
            || Claims(header[0]) is not { } claims)
        {
            return Caller.Anonymous;
        }

        var adminRole = options?.Value.AdminRole ?? new ThiDuaApiOptions().AdminRole;
        if (claims.Any(c => c.Type is "roles" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role" && string.Equals(c.Value, adminRole, StringComparison.Ordinal)))
        {
            return Caller.Admin;
        }

        var objectId = claims.FirstOrDefault(c => c.Type is ObjectIdClaim or "oid").Value;
        return objectId is null ? Caller.Anonymous : await identities.FindAsync(objectId, cancellationToken) ?? Caller.Anonymous;
    }

    private static List<(string Type, string Value)>? Claims(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded) || encoded.Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            // A principal with a property twice (two "val" of one claim) has no single meaning: refused.
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (!document.RootElement.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return claims.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("typ", out _) && c.TryGetProperty("val", out _))
                .Select(c => (c.GetProperty("typ").GetString() ?? "", c.GetProperty("val").GetString() ?? ""))
                .ToList();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
