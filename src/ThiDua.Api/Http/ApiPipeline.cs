using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ThiDua.Api.Http;

/// <summary>
/// What every operation goes through in both hosts (the local host's endpoint filter, the Functions
/// adapters): admission, the handler, the problem of an unexpected exception, and the audit entry.
/// </summary>
public static class ApiPipeline
{
    /// <summary>
    /// Admits the request as <paramref name="access"/> says (<see cref="Admission"/>, with the host's
    /// <paramref name="services"/>) and runs
    /// <paramref name="handler"/> only if admitted. An exception becomes a problem (503 when storage is
    /// unreachable, else a generic 500 with a correlation id), and a state-changing call is audited.
    /// </summary>
    public static async Task<IResult> RespondAsync(HttpContext context, IServiceProvider services, Access access, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(handler);
        IResult result;
        try
        {
            result = await Admission.AdmitAsync(context, services, access) ?? await handler();
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var retryAfter = (services.GetService<IOptions<ThiDuaApiOptions>>()?.Value ?? new ThiDuaApiOptions()).UnavailableRetryAfter;
            result = ApiProblems.Failure(context, e, loggers.CreateLogger("ThiDua.Api"), retryAfter);
        }

        await ApiAudit.RecordAsync(context, result);
        return result;
    }
}
