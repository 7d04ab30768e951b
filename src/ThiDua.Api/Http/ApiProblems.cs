using System.Diagnostics;
using System.Net.Sockets;
using Azure;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ThiDua.Domain;
using ThiDua.Spreadsheets;

namespace ThiDua.Api.Http;

/// <summary>
/// RFC 7807 problem responses of the API. Every refusal names the field (JSON path, camelCase,
/// or the route value) in <c>errors</c> with the reason, and a stable <c>code</c>. Titles, details and
/// reasons are <see cref="Phrase"/>s, written here and at the call sites in both languages; the
/// response's language is chosen when the result is written (<see cref="ApiLanguage"/>), so both hosts,
/// which execute the same results, answer in the caller's language. Codes and types stay English.
/// </summary>
public static class ApiProblems
{
    private const string TypeBase = "https://thidua.example.vn/problems/";

    /// <summary>400 with one field error.</summary>
    public static IResult BadRequest(string field, string code, Phrase reason) =>
        Validation([new ValidationError(field, code, reason)]);

    /// <summary>400 with every field error of a domain validation.</summary>
    public static IResult Validation(IReadOnlyList<ValidationError> errors, int statusCode = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var byField = errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToList();
        var detail = Phrase.Join(" ", errors.Select(e => e.Field.Length == 0
            ? e.Message
            : new Phrase($"{e.Field}: {e.Message.Vietnamese}", $"{e.Field}: {e.Message.English}")));
        return new ProblemResult(
            statusCode,
            "invalid-input",
            Invalid,
            detail,
            byField.ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal))
        {
            Codes = byField.ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray(), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// 400 for a refused spreadsheet: every problem in <c>errors</c> under its field (<c>body</c> for the file
    /// itself), and the located ones also in <c>cells</c> (sheet, line, column letter, message), as a page lists them.
    /// </summary>
    public static IResult Sheet(IReadOnlyList<SheetProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var result = (ProblemResult)Validation([.. problems.Select(p => new ValidationError(p.Field, p.Code, p.Message))]);
        return new ProblemResult(StatusCodes.Status400BadRequest, "invalid-input", Invalid, result.Detail, result.Errors)
        {
            Codes = result.Codes,
            Cells = [.. problems.Where(p => p.Sheet is not null)],
        };
    }

    /// <summary>400 for an id in the route or body that breaks the <see cref="Identifier"/> rule; null when <paramref name="value"/> is valid.</summary>
    public static IResult? InvalidId(string field, string? value) =>
        Identifier.Validate(value) is { } reason ? BadRequest(field, ErrorCodes.InvalidId, reason) : null;

    /// <summary>401: no valid credential.</summary>
    public static IResult Unauthorized() =>
        Problem(
            StatusCodes.Status401Unauthorized,
            "unauthenticated",
            new("Cần xác thực.", "Authentication required."),
            new("Hãy gửi mã truy cập (bearer token) hợp lệ hoặc đăng nhập.", "Send a valid bearer token or sign in."));

    /// <summary>403: authenticated but not allowed to do this to this object.</summary>
    public static IResult Forbidden(Phrase detail) =>
        Problem(StatusCodes.Status403Forbidden, "forbidden", Refused, detail);

    /// <summary>403 naming the <paramref name="field"/> whose value the caller may not act on, with a stable <paramref name="code"/>.</summary>
    public static IResult Forbidden(Phrase detail, string code, string field) =>
        Problem(StatusCodes.Status403Forbidden, code, Refused, detail, field);

    /// <summary>404.</summary>
    public static IResult NotFound(string field, Phrase detail) =>
        Problem(StatusCodes.Status404NotFound, "not-found", Missing, detail, field);

    /// <summary>409: the object's state refuses the request (deadline passed, already signed, archived...).</summary>
    public static IResult Conflict(string code, Phrase detail, string? field = null) =>
        Problem(
            StatusCodes.Status409Conflict,
            code,
            new("Yêu cầu không thực hiện được ở trạng thái hiện tại.", "The request conflicts with the current state."),
            detail,
            field);

    /// <summary>412: the If-Match ETag is stale.</summary>
    public static IResult PreconditionFailed(Phrase detail) =>
        Problem(
            StatusCodes.Status412PreconditionFailed,
            "etag-mismatch",
            new("Dữ liệu đã thay đổi kể từ lần đọc trước.", "The record changed since it was read."),
            detail,
            "If-Match");

    /// <summary>428: an update needs If-Match.</summary>
    public static IResult PreconditionRequired(Phrase detail) =>
        Problem(StatusCodes.Status428PreconditionRequired, "if-match-required", new("Cần gửi If-Match.", "If-Match is required."), detail, "If-Match");

    /// <summary>429 with Retry-After in whole seconds.</summary>
    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(
            StatusCodes.Status429TooManyRequests,
            "rate-limited",
            new("Quá nhiều yêu cầu.", "Too many requests."),
            new($"Đã gửi quá nhiều yêu cầu thay đổi; hãy thử lại sau {seconds} giây.", $"Too many changes from this caller; retry in {seconds} s."));
    }

    /// <summary>413.</summary>
    public static IResult TooLarge(int limit) =>
        Problem(
            StatusCodes.Status413PayloadTooLarge,
            "too-large",
            new("Nội dung gửi lên quá lớn.", "The body is too large."),
            new($"Chỉ chấp nhận tối đa {limit} byte.", $"At most {limit} bytes are accepted."),
            "");

    /// <summary>415.</summary>
    public static IResult UnsupportedMediaType(string expected) =>
        Problem(
            StatusCodes.Status415UnsupportedMediaType,
            "unsupported-media-type",
            new("Kiểu nội dung không được hỗ trợ.", "Unsupported media type."),
            new($"Hãy gửi Content-Type: {expected}.", $"Send Content-Type: {expected}."),
            "Content-Type");

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
        return new ProblemResult(
            StatusCodes.Status503ServiceUnavailable,
            "storage-unavailable",
            new("Dịch vụ tạm thời không hoạt động.", "The service is temporarily unavailable."),
            new(
                $"Hệ thống tạm thời không truy cập được dữ liệu; hãy gửi lại đúng yêu cầu này sau {seconds} giây.",
                $"The service cannot reach its data at the moment; send the same request again in {seconds} s."))
        {
            CorrelationId = correlationId,
        };
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
        return new ProblemResult(
            StatusCodes.Status500InternalServerError,
            "unexpected",
            Failed,
            new($"Hãy báo mã tra cứu {correlationId} cho quản trị viên.", $"Quote the correlation id {correlationId} to the administrator."))
        {
            CorrelationId = correlationId,
            WithCode = false,
        };
    }

    /// <summary>
    /// For <c>AddProblemDetails</c>: a problem the framework writes by itself (an exception outside the API's
    /// pipeline) gets a title in the caller's language and loses its English detail. The API's own problems
    /// carry a code or a correlation id and are in that language already.
    /// </summary>
    public static void LocalizeFrameworkProblem(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code") || problem.Extensions.ContainsKey("codes") || problem.Extensions.ContainsKey("correlationId"))
        {
            return;
        }

        Phrase title = problem.Status switch
        {
            StatusCodes.Status400BadRequest => Invalid,
            StatusCodes.Status404NotFound => Missing,
            >= StatusCodes.Status500InternalServerError => Failed,
            _ => new("Yêu cầu không thực hiện được.", "The request cannot be carried out."),
        };
        problem.Title = title.In(ApiLanguage.Of(context.HttpContext.Request));
        problem.Detail = null;
    }

    private static string CorrelationId(HttpContext context) =>
        Activity.Current?.TraceId.ToString() is { } trace && trace != default(ActivityTraceId).ToString()
            ? trace
            : context.TraceIdentifier;

    private static readonly Phrase Refused = new("Không được phép.", "Not allowed.");

    private static readonly Phrase Invalid = new("Yêu cầu không hợp lệ.", "The request is invalid.");

    private static readonly Phrase Missing = new("Không tìm thấy.", "Not found.");

    private static readonly Phrase Failed = new("Đã xảy ra lỗi ngoài dự kiến.", "An unexpected error occurred.");

    private static ProblemResult Problem(int status, string code, Phrase title, Phrase detail, string? field = null) =>
        new ProblemResult(status, code, title, detail, field is null ? null : new Dictionary<string, Phrase[]>(StringComparer.Ordinal) { [field] = [detail] });

    /// <summary>
    /// A problem in both languages, written in the caller's (<see cref="ApiLanguage"/>) when executed; the
    /// status is known before, for the audit entry and the hosts.
    /// </summary>
    private sealed class ProblemResult(int status, string code, Phrase title, Phrase detail, IReadOnlyDictionary<string, Phrase[]>? errors = null)
        : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Phrase Detail => detail;

        public IReadOnlyDictionary<string, Phrase[]>? Errors => errors;

        /// <summary>The cells of a refused spreadsheet (<c>cells</c>), each with its message in the caller's language.</summary>
        public IReadOnlyList<SheetProblem>? Cells { get; init; }

        /// <summary>The codes per field of a validation problem (<c>codes</c>), instead of one <c>code</c>.</summary>
        public IReadOnlyDictionary<string, string[]>? Codes { get; init; }

        public string? CorrelationId { get; init; }

        /// <summary>Whether the body carries <c>code</c>; an unexpected error has none a client could act on.</summary>
        public bool WithCode { get; init; } = true;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var language = ApiLanguage.Of(httpContext.Request);
            var problem = errors is null
                ? new ProblemDetails()
                : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.Select(p => p.In(language)).ToArray(), StringComparer.Ordinal));
            problem.Type = TypeBase + code;
            problem.Title = title.In(language);
            problem.Status = status;
            problem.Detail = detail.In(language);
            if (Codes is not null)
            {
                problem.Extensions["codes"] = Codes;
            }
            else if (WithCode)
            {
                problem.Extensions["code"] = code;
            }

            if (Cells is not null)
            {
                problem.Extensions["cells"] = Cells.Select(c => new SheetCellProblem(c.Sheet!, c.Row!.Value, c.Column!, c.Message.In(language))).ToList();
            }

            if (CorrelationId is not null)
            {
                problem.Extensions["correlationId"] = CorrelationId;
            }

            httpContext.Response.Headers.ContentLanguage = language.Culture;
            return Results.Problem(problem).ExecuteAsync(httpContext);
        }
    }
}

/// <summary>One refused cell of a spreadsheet, as the <c>cells</c> extension of a problem lists it.</summary>
/// <param name="Sheet">The sheet's name.</param>
/// <param name="Row">The line, 1-based as Excel numbers it.</param>
/// <param name="Column">The column letter.</param>
/// <param name="Message">Why, in the caller's language, with the place.</param>
public sealed record SheetCellProblem(string Sheet, int Row, string Column, string Message);
