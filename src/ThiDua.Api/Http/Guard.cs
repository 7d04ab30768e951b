using System.Globalization;
using Microsoft.AspNetCore.Http;
using ThiDua.Api.Identity;
using ThiDua.Domain;

namespace ThiDua.Api.Http;

/// <summary>Checks shared by the handlers; each returns the refusal, or null to go on.</summary>
internal static class Guard
{
    /// <summary>400 for the first invalid id.</summary>
    public static IResult? Ids(params ReadOnlySpan<(string Field, string? Value)> ids)
    {
        foreach (var (field, value) in ids)
        {
            if (ApiProblems.InvalidId(field, value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>The year of a route, or null when it is not a year the domain accepts.</summary>
    public static int? Year(string? value) =>
        value is { Length: 4 } && value.All(char.IsAsciiDigit)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && year is >= Campaign.MinYear and <= Campaign.MaxYear
            ? year
            : null;

    public static IResult BadYear() =>
        ApiProblems.BadRequest("year", ErrorCodes.OutOfRange, $"Must be a year from {Campaign.MinYear} to {Campaign.MaxYear}.");

    /// <summary>401 for an anonymous caller, 429 for one out of write permits.</summary>
    public static IResult? Admitted(HttpRequest request, Caller caller) =>
        caller.Role == CallerRole.Anonymous ? ApiProblems.Unauthorized()
        : request.HttpContext.Items.TryGetValue(WriteRateLimiter.RetryAfterKey, out var wait) && wait is TimeSpan retryAfter ? ApiProblems.TooManyRequests(request.HttpContext, retryAfter)
        : null;

    public static IResult? Admin(Caller caller) =>
        caller.IsAdmin ? null : ApiProblems.Forbidden("Only council staff may do this.");

    /// <summary>Admin, or a unit of the bloc.</summary>
    public static IResult? BlocReader(Caller caller, string blocId) =>
        caller.IsAdmin || caller.IsUnitOf(blocId) ? null : ApiProblems.Forbidden($"Only units of bloc '{blocId}' and council staff may read this.");

    /// <summary>The unit itself, never another one (admins included: a unit's acts are its own).</summary>
    public static IResult? Self(Caller caller, string blocId, string unitId) =>
        caller.Is(blocId, unitId) ? null : ApiProblems.Forbidden($"Only unit '{unitId}' of bloc '{blocId}' may do this for itself.");
}
