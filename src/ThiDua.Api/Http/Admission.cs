using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Domain;

namespace ThiDua.Api.Http;

/// <summary>
/// A request let through to its handler: the caller, and the route's year and vote purpose once
/// checked. <see cref="ApiPipeline"/> admits every operation the same way in both hosts, so a handler
/// starts from <see cref="Of"/>.
/// </summary>
public sealed class Admission
{
    /// <summary>The route values that are ids, checked in this order.</summary>
    private static readonly string[] IdFields = ["blocId", "unitId", "evidenceId"];

    private readonly int? _year;
    private readonly VotePurpose? _purpose;

    private Admission(Caller caller, int? year, VotePurpose? purpose)
    {
        Caller = caller;
        _year = year;
        _purpose = purpose;
    }

    /// <summary>A signed-in caller whom the operation's access lets in.</summary>
    public Caller Caller { get; }

    /// <summary>The route's year, within the years the domain accepts.</summary>
    public int Year => _year ?? throw new InvalidOperationException("The operation's route has no year.");

    /// <summary>The route's vote purpose, for an operation whose access checks it (<see cref="Access.Voter"/>).</summary>
    public VotePurpose Purpose => _purpose ?? throw new InvalidOperationException("The operation's access does not check the vote purpose.");

    /// <summary>The caller and the route's year.</summary>
    public void Deconstruct(out Caller caller, out int year)
    {
        caller = Caller;
        year = Year;
    }

    /// <summary>The request's admission; handlers reached through <see cref="ApiPipeline"/> have one unless their access is <see cref="Access.Anyone"/>.</summary>
    public static Admission Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Features.Get<Admission>()
            ?? throw new InvalidOperationException("The request was not admitted: handlers run through ApiPipeline.");
    }

    /// <summary>
    /// Admits the request or returns its refusal, in this order: 401 for an anonymous caller, 429 for a
    /// state-changing call out of the caller's write permits, 400 for an invalid id, year (or vote purpose)
    /// of the route, 403 for a caller <paramref name="access"/> leaves out. The caller is remembered for
    /// the audit entry either way. The caller resolver and write permits come from <paramref name="services"/>.
    /// </summary>
    internal static async Task<IResult?> AdmitAsync(HttpContext context, IServiceProvider services, Access access)
    {
        if (!access.NeedsCaller)
        {
            return null;
        }

        var caller = ApiAudit.Remember(context, await services.GetRequiredService<ICallerResolver>().ResolveAsync(context.Request, context.RequestAborted));
        if (caller.Role == CallerRole.Anonymous)
        {
            return ApiProblems.Unauthorized();
        }

        if (!HttpMethods.IsGet(context.Request.Method) && services.GetRequiredService<WriteRateLimiter>().TryAcquire(caller) is { } retryAfter)
        {
            return ApiProblems.TooManyRequests(context, retryAfter);
        }

        var route = context.Request.RouteValues;
        foreach (var field in IdFields)
        {
            if (route.ContainsKey(field) && ApiProblems.InvalidId(field, Value(route, field)) is { } badId)
            {
                return badId;
            }
        }

        int? year = null;
        if (route.ContainsKey("year"))
        {
            year = ParseYear(Value(route, "year"));
            if (year is null)
            {
                return ApiProblems.BadRequest("year", ErrorCodes.OutOfRange, new($"Phải là năm từ {Campaign.MinYear} đến {Campaign.MaxYear}.", $"Must be a year from {Campaign.MinYear} to {Campaign.MaxYear}."));
            }
        }

        VotePurpose? purpose = null;
        if (access.PurposeFirst)
        {
            purpose = VoteApi.Purpose(Value(route, "purpose"));
            if (purpose is null)
            {
                return VoteApi.BadPurpose();
            }
        }

        if (access.Refuse(caller, Value(route, "blocId"), Value(route, "unitId"), year) is { } forbidden)
        {
            return forbidden;
        }

        context.Features.Set(new Admission(caller, year, purpose));
        return null;
    }

    private static string? Value(RouteValueDictionary route, string key) =>
        route.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>The year of a route, or null when it is not a year the domain accepts.</summary>
    private static int? ParseYear(string? value) =>
        value is { Length: 4 } && value.All(char.IsAsciiDigit)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && year is >= Campaign.MinYear and <= Campaign.MaxYear
            ? year
            : null;
}
