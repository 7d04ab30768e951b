using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Api.Endpoints;

/// <summary>Who the caller is, as the portal shows it; <see cref="Role"/> is <c>admin</c> or <c>unit</c>.</summary>
public sealed record CallerIdentity(string Role, string? BlocId, string? BlocName, string? UnitId, string? UnitName);

/// <summary>The years a bloc has launched, newest first.</summary>
public sealed record CampaignYears(string BlocId, IReadOnlyList<int> Years);

/// <summary>
/// One member's progress in a year. <see cref="Voted"/> says whether it voted in the latest
/// leading-unit round (never how); it is null for callers other than the year's leader and council staff.
/// </summary>
public sealed record MemberProgress(string UnitId, string Name, DateTimeOffset? SignedAt, int? SubmittedVersion, bool? Voted);

/// <summary>A year's progress by member, the latest leading-unit round and the late submissions.</summary>
public sealed record CampaignProgress(string BlocId, int Year, string LeaderUnitId, IReadOnlyList<MemberProgress> Members, int? VoteRound, IReadOnlyList<LateSubmission>? Late);

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
            return ApiProblems.NotFound("year", $"Bloc '{blocId}' has no campaign for {y}.");
        }

        // Who voted is the leader's and the council's to see; how anyone voted is nobody's.
        var overseer = caller.IsAdmin || caller.Is(blocId, campaign.LeaderUnitId);
        var signed = (await api.Signatures.ListAsync(blocId, y, cancellationToken)).ToDictionary(s => s.UnitId, s => s.SignedAt, StringComparer.Ordinal);
        var submitted = (await api.ScoreSheets.ListLatestAsync(blocId, y, cancellationToken)).ToDictionary(s => s.UnitId, s => s.Version, StringComparer.Ordinal);
        var round = await VoteApi.CurrentRoundAsync(api.Votes, campaign, VotePurpose.LeadingUnit, cancellationToken);
        var voters = overseer && round is not null
            ? (await api.Votes.ListVotersAsync(round.Round.RoundKey, cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : null;
        var members = campaign.Members
            .Select(m => new MemberProgress(
                m.UnitId,
                m.Name,
                signed.TryGetValue(m.UnitId, out var at) ? at : null,
                submitted.TryGetValue(m.UnitId, out var version) ? version : null,
                overseer ? voters?.Contains(m.UnitId) ?? false : null))
            .ToList();
        var late = overseer ? await api.Adjustments.ListLateAsync(blocId, y, cancellationToken) : null;
        return ApiJson.Json(new CampaignProgress(blocId, y, campaign.LeaderUnitId, members, round?.Round.RoundNumber, late));
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
        if (campaign is null || await VoteApi.CurrentRoundAsync(api.Votes, campaign, votePurpose, cancellationToken) is not { } round)
        {
            return ApiProblems.NotFound("purpose", $"No {purpose} vote has opened for bloc '{blocId}' in {y}.");
        }

        var key = round.Round.RoundKey;
        var counted = await api.Votes.GetTallyAsync(key, cancellationToken) is not null;
        bool? hasVoted = caller.IsAdmin ? null : await api.Votes.HasVotedAsync(key, caller.UnitId!, cancellationToken);
        return ApiJson.Json(new CurrentVoteRound(
            key, round.Round.RoundNumber, round.Round.Candidates, round.Round.EligibleVoters, round.ClosesAt, VietnamTime.Format(round.ClosesAt), counted, hasVoted));
    }
}
