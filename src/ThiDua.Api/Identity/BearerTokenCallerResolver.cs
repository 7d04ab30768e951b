using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ThiDua.Api.Identity;

/// <summary>
/// Local authentication: <c>Authorization: Bearer &lt;token&gt;</c> checked against the
/// <see cref="ITokenStore"/>. A missing, malformed, unknown, revoked or expired token is anonymous.
/// </summary>
public sealed class BearerTokenCallerResolver(ITokenStore tokens) : ICallerResolver
{
    private const string Scheme = "Bearer ";

    /// <inheritdoc/>
    public async ValueTask<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Caller.Anonymous;
        }

        return await tokens.ValidateAsync(value[Scheme.Length..].Trim(), cancellationToken) ?? Caller.Anonymous;
    }
}
