using System.Diagnostics;
using System.Net.Sockets;
using Azure;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ThiDua.Domain;

namespace ThiDua.Api.Http;

/// <summary>
/// RFC 7807 problem responses of the API. Every refusal names the field (JSON path, camelCase,
/// or the route value) in <c>errors</c> with the reason, and a stable <c>code</c>.
/// </summary>
public static class ApiProblems
{
    private const string TypeBase = "https://thidua.example.vn/problems/";

    /// <summary>400 with one field error.</summary>
    public static IResult BadRequest(string field, string code, string reason) =>
        Validation([new ValidationError(field, code, reason)]);

    /// <summary>400 with every field error of a domain validation.</summary>
    public static IResult Validation(IReadOnlyList<ValidationError> errors, int statusCode = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problem = new HttpValidationProblemDetails(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal))
        {
            Type = TypeBase + "invalid-input",
            Title = "The request is invalid.",
            Status = statusCode,
            Detail = string.Join(" ", errors.Select(e => e.Field.Length == 0 ? e.Message : $"{e.Field}: {e.Message}")),
        };
        problem.Extensions["codes"] = errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray(), StringComparer.Ordinal);
        return Results.Problem(problem);
    }

    /// <summary>400 for an id in the route or body that breaks the <see cref="Identifier"/> rule; null when <paramref name="value"/> is valid.</summary>
    public static IResult? InvalidId(string field, string? value) =>
        Identifier.Validate(value) is { } reason ? BadRequest(field, ErrorCodes.InvalidId, $"Invalid id: {reason}.") : null;

    /// <summary>401: no valid credential.</summary>
    public static IResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, "unauthenticated", "Authentication required.", "Send a valid bearer token or sign in.");

    /// <summary>403: authenticated but not allowed to do this to this object.</summary>
    public static IResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", detail);

    /// <summary>403 naming the <paramref name="field"/> whose value the caller may not act on, with a stable <paramref name="code"/>.</summary>
    public static IResult Forbidden(string detail, string code, string field) =>
        Problem(StatusCodes.Status403Forbidden, code, "Not allowed.", detail, field);

    /// <summary>404.</summary>
    public static IResult NotFound(string field, string detail) =>
        Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", detail, field);

    /// <summary>409: the object's state refuses the request (deadline passed, already signed, archived...).</summary>
    public static IResult Conflict(string code, string detail, string? field = null) =>
        Problem(StatusCodes.Status409Conflict, code, "The request conflicts with the current state.", detail, field);

    /// <summary>412: the If-Match ETag is stale.</summary>
    public static IResult PreconditionFailed(string detail) =>
        Problem(StatusCodes.Status412PreconditionFailed, "etag-mismatch", "The record changed since it was read.", detail, "If-Match");

    /// <summary>428: an update needs If-Match.</summary>
    public static IResult PreconditionRequired(string detail) =>
        Problem(StatusCodes.Status428PreconditionRequired, "if-match-required", "If-Match is required.", detail, "If-Match");

    /// <summary>429 with Retry-After in whole seconds.</summary>
    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", $"Too many changes from this caller; retry in {seconds} s.");
    }

    /// <summary>413.</summary>
    public static IResult TooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "The body is too large.", $"At most {limit} bytes are accepted.", "");

    /// <summary>415.</summary>
    public static IResult UnsupportedMediaType(string expected) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", $"Send Content-Type: {expected}.", "Content-Type");

    /// <summary>
    /// The problem for an exception a handler let through: <see cref="Unavailable"/> when storage could not
    /// be reached, otherwise <see cref="Unexpected"/>. Both hosts call this for every handler.
    /// </summary>
    public static IResult Failure(HttpContext context, Exception exception, ILogger logger, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return IsStorageUnavailable(exception)
            ? Unavailable(context, exception, logger, retryAfter)
            : Unexpected(context, exception, logger);
    }

    /// <summary>
    /// 503 with Retry-After in whole seconds: storage did not answer (refused connection, timeout, a 5xx
    /// of the service, retries exhausted). The client should send the same request again later; every
    /// write is idempotent, so a retry never applies it twice.
    /// </summary>
    public static IResult Unavailable(HttpContext context, Exception exception, ILogger logger, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        var correlationId = CorrelationId(context);
        logger.LogWarning(exception, "Storage unavailable {CorrelationId} on {Method} {Path}", correlationId, context.Request.Method, context.Request.Path);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Type = TypeBase + "storage-unavailable",
            Title = "The service is temporarily unavailable.",
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = $"Storage cannot be reached at the moment; send the same request again in {seconds} s.",
        };
        problem.Extensions["code"] = "storage-unavailable";
        problem.Extensions["correlationId"] = correlationId;
        return Results.Problem(problem);
    }

    /// <summary>
    /// True when <paramref name="exception"/> says storage did not answer rather than refused the request:
    /// no response at all (the SDK's status 0, a refused connection, a timeout) or a 5xx of the service,
    /// also when the SDK gave up after several such attempts (an <see cref="AggregateException"/> of them).
    /// A cancellation reaching here is an SDK timeout: the hosts never map a request their caller aborted.
    /// The durable client's gRPC calls count when the task hub's side says it is unavailable.
    /// </summary>
    public static bool IsStorageUnavailable(Exception exception) => exception switch
    {
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsStorageUnavailable),
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded,
        RequestFailedException failed => failed.Status is 0 or StatusCodes.Status408RequestTimeout or >= StatusCodes.Status500InternalServerError,
        HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>
    /// 500 for an unexpected exception: a generic problem with a correlation id, which is logged
    /// with the exception; no message or stack trace reaches the client.
    /// </summary>
    public static IResult Unexpected(HttpContext context, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        var correlationId = CorrelationId(context);
        logger.LogError(exception, "Unexpected error {CorrelationId} on {Method} {Path}", correlationId, context.Request.Method, context.Request.Path);
        var problem = new ProblemDetails
        {
            Type = TypeBase + "unexpected",
            Title = "An unexpected error occurred.",
            Status = StatusCodes.Status500InternalServerError,
            Detail = $"Quote the correlation id {correlationId} to the administrator.",
        };
        problem.Extensions["correlationId"] = correlationId;
        return Results.Problem(problem);
    }

    private static string CorrelationId(HttpContext context) =>
        Activity.Current?.TraceId.ToString() is { } trace && trace != default(ActivityTraceId).ToString()
            ? trace
            : context.TraceIdentifier;

    private static IResult Problem(int status, string code, string title, string detail, string? field = null)
    {
        var problem = field is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] });
        problem.Type = TypeBase + code;
        problem.Title = title;
        problem.Status = status;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        return Results.Problem(problem);
    }
}
