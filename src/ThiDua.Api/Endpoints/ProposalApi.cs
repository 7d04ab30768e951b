using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>The council's decision on a proposal.</summary>
public enum CouncilDecision
{
    /// <summary>Accepted (a note is optional).</summary>
    Accepted,

    /// <summary>Returned to the bloc, with a reason.</summary>
    Returned,
}

/// <summary>Body of a decision: the level the unit was proposed for, the outcome, and the reason (required to return).</summary>
public sealed record DecisionRequest
{
    public required string LevelId { get; init; }

    public required CouncilDecision Outcome { get; init; }

    public string? Reason { get; init; }
}

/// <summary>One proposal in the council's list of a year: the bloc and unit by name, the level, the decision so far.</summary>
public sealed record ProposalEntry(
    string BlocId,
    string BlocName,
    string UnitId,
    string UnitName,
    string Level,
    string LevelName,
    int Order,
    ProposalStatus Status,
    string? Reason,
    DateTimeOffset? DecidedAt,
    bool UndecidedVote);

/// <summary>Every bloc's proposals of a year, by bloc, then level, then place.</summary>
public sealed record ProposalList(int Year, IReadOnlyList<ProposalEntry> Proposals);

/// <summary>The council's review of the blocs' award proposals (council staff only).</summary>
public static class ProposalApi
{
    public static async Task<IResult> ListAsync(string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        var entries = new List<ProposalEntry>();
        foreach (var bloc in (await api.Blocs.ListBlocsAsync(activeOnly: false, cancellationToken)).Select(b => b.Value).OrderBy(b => b.BlocId, StringComparer.Ordinal))
        {
            if (await api.Proposals.GetAsync(bloc.BlocId, y, cancellationToken) is not { Count: > 0 } proposals
                || await api.GetCampaignAsync(bloc.BlocId, y, cancellationToken) is not { } campaign)
            {
                continue;
            }

            var levels = campaign.Rules.Proposals.Levels.Select(l => l.Id).ToList();
            entries.AddRange(proposals
                .OrderBy(p => levels.IndexOf(p.LevelId)).ThenBy(p => p.Order)
                .Select(p => Entry(campaign, ProposalView.Of(p, campaign.Rules))));
        }

        return ApiJson.Json(new ProposalList(y, entries));
    }

    public static async Task<IResult> DecideAsync(string blocId, string year, string unitId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        var (body, problem) = await ApiJson.ReadAsync<DecisionRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (Guard.Ids(("levelId", body.LevelId)) is { } badId)
        {
            return badId;
        }

        if (body.Outcome == CouncilDecision.Returned && string.IsNullOrWhiteSpace(body.Reason))
        {
            return ApiProblems.BadRequest("reason", ErrorCodes.Required, new("Hãy ghi lý do trả lại đề nghị khen thưởng.", "Give the reason for returning the proposal."));
        }

        if (body.Reason is { Length: > ScoreRules.MaxReasonLength })
        {
            return ApiProblems.BadRequest("reason", ErrorCodes.OutOfRange, new($"Tối đa {ScoreRules.MaxReasonLength} ký tự.", $"Must be at most {ScoreRules.MaxReasonLength} characters."));
        }

        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        if (await api.Proposals.GetAsync(blocId, y, cancellationToken) is not { } proposals)
        {
            return ApiProblems.Conflict("not-decided", new($"Khối '{blocId}' chưa quyết định đề nghị khen thưởng năm {y}.", $"The year {y} of bloc '{blocId}' has not decided its proposals yet."));
        }

        if (!campaign.Rules.Proposals.Levels.Any(l => l.Id == body.LevelId))
        {
            return ApiProblems.BadRequest("levelId", ErrorCodes.Unknown, new($"Quy chế của khối năm {y} không có hình thức khen thưởng '{body.LevelId}'.", $"The bloc's rules for {y} have no award level '{body.LevelId}'."));
        }

        if (proposals.FirstOrDefault(p => p.UnitId == unitId && p.LevelId == body.LevelId) is not { } proposal)
        {
            return ApiProblems.NotFound("unitId", new($"Khối '{blocId}' không đề nghị '{unitId}' cho hình thức khen thưởng '{body.LevelId}' năm {y}.", $"Bloc '{blocId}' did not propose '{unitId}' for '{body.LevelId}' in {y}."));
        }

        var outcome = body.Outcome == CouncilDecision.Accepted ? ProposalStatus.Accepted : ProposalStatus.Returned;
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason;
        var (recorded, decision) = await api.Proposals.DecideAsync(
            new ProposalDecision(blocId, y, unitId, body.LevelId, outcome, reason, api.Clock.GetUtcNow()), cancellationToken);
        if (recorded == DecisionOutcome.Conflict)
        {
            return ApiProblems.Conflict(
                "already-decided",
                new(
                    $"Hội đồng Thi đua – Khen thưởng tỉnh đã quyết định về đề nghị này ({(decision.Outcome == ProposalStatus.Accepted ? "chấp thuận" : "trả lại")}); mỗi đề nghị chỉ được quyết định một lần.",
                    $"The council already decided this proposal ({decision.Outcome.ToString().ToLowerInvariant()}); a decision is taken once."),
                "outcome");
        }

        return ApiJson.Json(ProposalView.Of(ProposalStore.Apply(proposal, decision), campaign.Rules));
    }

    private static ProposalEntry Entry(Campaign campaign, ProposalView view) => new(
        campaign.BlocId,
        campaign.BlocName,
        view.UnitId,
        campaign.Members.FirstOrDefault(m => m.UnitId == view.UnitId)?.Name ?? view.UnitId,
        view.Level,
        view.LevelName,
        view.Order,
        view.Status,
        view.Reason,
        view.DecidedAt,
        view.UndecidedVote);
}
