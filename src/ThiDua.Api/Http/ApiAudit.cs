using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ThiDua.Api.Identity;

namespace ThiDua.Api.Http;

/// <summary>Records state-changing calls in the <see cref="IAuditLog"/>, from either host, after the handler decided.</summary>
public static class ApiAudit
{
    private const string CallerKey = "ThiDua.Caller";

    /// <summary>
    /// Appends the audit entry of a PUT, POST or DELETE that ended in <paramref name="result"/>. A
    /// failure to write it is logged and does not change the response: the call's effect already happened.
    /// </summary>
    public static async Task RecordAsync(HttpContext context, IResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || context.RequestServices?.GetService<IAuditLog>() is not { } audit)
        {
            return;
        }

        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var caller = context.Items.TryGetValue(CallerKey, out var known) && known is Caller c ? c : Caller.Anonymous;
        var correlationId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        try
        {
            await audit.AppendAsync(
                new AuditEntry(DateTimeOffset.UtcNow, caller.ToString(), context.Request.Method, context.Request.Path.Value ?? "", status, correlationId),
                CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("ThiDua.Api.Audit")
                .LogError(e, "Audit entry of {Method} {Path} ({Status}) was not written", context.Request.Method, context.Request.Path, status);
        }
    }

    /// <summary>Remembers the request's caller for its audit entry.</summary>
    internal static Caller Remember(HttpContext context, Caller caller)
    {
        context.Items[CallerKey] = caller;
        return caller;
    }
}
