using Microsoft.AspNetCore.Http;

namespace ThiDua.Api.Http;

/// <summary>Checks shared by the handlers beyond admission; each returns the refusal, or null to go on.</summary>
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
}
