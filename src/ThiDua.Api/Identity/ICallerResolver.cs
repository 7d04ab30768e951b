using Microsoft.AspNetCore.Http;

namespace ThiDua.Api.Identity;

/// <summary>
/// Finds out who sent a request. One implementation per way of authenticating (local bearer
/// tokens, App Service Authentication); the handlers see only the resulting <see cref="Caller"/>.
/// </summary>
public interface ICallerResolver
{
    /// <summary>The caller of <paramref name="request"/>; <see cref="Caller.Anonymous"/> when no valid credential is present.</summary>
    ValueTask<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken);
}
