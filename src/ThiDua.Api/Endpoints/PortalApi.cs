using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>Who the caller is, as the portal shows it; <see cref="Role"/> is <c>admin</c> or <c>unit</c>.</summary>
public sealed record CallerIdentity(string Role, string? BlocId, string? BlocName, string? UnitId, string? UnitName);

/// <summary>The years a bloc has launched, newest first.</summary>
public sealed record CampaignYears(string BlocId, IReadOnlyList<int> Years);

/// <summary>The latest opened round of a vote; <see cref="HasVoted"/> is the calling unit's own (null for council staff).</summary>
public sealed record CurrentVoteRound(
    string RoundKey, int Round, IReadOnlyList<string> Candidates, int EligibleVoters, DateTimeOffset ClosesAt, string ClosesAtVietnam, bool Counted, bool? HasVoted);

/// <summary>Reads the web portal needs beyond the workflow's own endpoints: identity, years, progress, the open round.</summary>
public static class PortalApi
{
    public static async Task<IResult> GetMeAsync(HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var caller = Admission.Of(request).Caller;
        if (caller.IsAdmin)
        {
            return ApiJson.Json(new CallerIdentity("admin", null, null, null, null));
        }

        var bloc = await api.Blocs.GetBlocAsync(caller.BlocId!, cancellationToken);
        var unit = await api.Blocs.GetUnitAsync(caller.BlocId!, caller.UnitId!, cancellationToken);
        return ApiJson.Json(new CallerIdentity("unit", caller.BlocId, bloc?.Value.Name, caller.UnitId, unit?.Value.Name));
    }

    public static async Task<IResult> ListYearsAsync(string blocId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var years = await api.Campaigns.ListYearsAsync(blocId, cancellationToken);
        return ApiJson.Json(new CampaignYears(blocId, years.OrderDescending().ToList()));
    }

    public static async Task<IResult> GetProgressAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (caller, y) = Admission.Of(request);
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        // Who voted is the leader's and the council's to see; how anyone voted is nobody's.
        var overseer = caller.IsAdmin || caller.Is(blocId, campaign.LeaderUnitId);
        return ApiJson.Json(await api.StatusReader.GetProgressAsync(campaign, overseer, cancellationToken));
    }

    public static async Task<IResult> GetCurrentRoundAsync(string blocId, string year, string purpose, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (caller, y) = Admission.Of(request);
        if (VoteApi.Purpose(purpose) is not { } votePurpose)
        {
            return VoteApi.BadPurpose();
        }

        var campaign = await api.GetCampaignAsync(blocId, y, cancellationToken);
        if (campaign is null || await CycleProgress.CurrentRoundAsync(api.Votes, campaign, votePurpose, cancellationToken) is not { } round)
        {
            return ApiProblems.NotFound("purpose", new(
                $"Khối '{blocId}' chưa mở vòng bỏ phiếu nào để {VoteApi.VoteOf(votePurpose).Vietnamese} năm {y}.",
                $"No {purpose} vote has opened for bloc '{blocId}' in {y}."));
        }

        var key = round.Round.RoundKey;
        var counted = await api.Votes.GetTallyAsync(key, cancellationToken) is not null;
        bool? hasVoted = caller.IsAdmin ? null : await api.Votes.HasVotedAsync(key, caller.UnitId!, cancellationToken);
        return ApiJson.Json(new CurrentVoteRound(
            key, round.Round.RoundNumber, round.Round.Candidates, round.Round.EligibleVoters, round.ClosesAt, VietnamTime.Format(round.ClosesAt), counted, hasVoted));
    }
}
