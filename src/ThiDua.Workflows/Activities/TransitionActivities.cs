using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Activities;

/// <summary>
/// Workflow version 2's close of the review, one orchestration step: the final ranking (<see cref="ComputeRanking"/>)
/// and, when a vote follows, the leading-unit vote planned (<see cref="PlanVote"/>) with its first round opened
/// (<see cref="OpenPlannedVote"/>).
/// </summary>
public sealed class EndReview(IServiceProvider services) : TaskActivity<ReviewClosingRequest, ReviewClosure>
{
    public override async Task<ReviewClosure> RunAsync(TaskActivityContext context, ReviewClosingRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ranked = await services.Activity<ComputeRanking>().RunAsync(context, input.Campaign);
        var leading = input.LeadingVoteFollows
            ? await services.Activity<OpenPlannedVote>().RunAsync(context, new PlanVoteRequest(input.Campaign, VotePurpose.LeadingUnit))
            : null;
        return new ReviewClosure(ranked, leading);
    }
}

/// <summary>
/// Workflow version 2's start of a vote held by mail, one orchestration step: plans it (<see cref="PlanVote"/>) and,
/// when it needs ballots, opens its first round (<see cref="OpenVoteRound"/>) for the round's duration from now; the
/// vote's workflow then only waits. A vote with no candidate, or acclaimed without a ballot, opens no round.
/// </summary>
public sealed class OpenPlannedVote(IServiceProvider services, IVoteStore votes, TimeProvider time) : TaskActivity<PlanVoteRequest, VoteRequest>
{
    public override async Task<VoteRequest> RunAsync(TaskActivityContext context, PlanVoteRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = await services.Activity<PlanVote>().RunAsync(context, input);
        if (request.Candidates.Count == 0 || request.AcclaimWithoutBallot || request.Conference is not null)
        {
            return request;
        }

        var first = new VoteRound
        {
            BlocId = input.Campaign.BlocId,
            Year = input.Campaign.Year,
            Purpose = input.Purpose,
            RoundNumber = 1,
            Candidates = request.Candidates,
            EligibleVoters = request.EligibleVoters,
        };
        var opening = new OpenRoundRequest(input.Campaign, first, time.GetUtcNow() + request.RoundDuration);
        var opened = await services.Activity<OpenVoteRound>().RunAsync(context, opening);

        // A retry after the round was opened: the round closes when it was first opened to close, not later.
        var closesAt = (await votes.GetRoundAsync(opened.RoundKey))?.ClosesAt ?? opening.ClosesAt;
        return request with { FirstRound = opening with { Round = opened, ClosesAt = closesAt } };
    }
}

/// <summary>
/// Workflow version 2's decision of the year once its votes are over, one orchestration step: next year's leadership
/// by rotation, after the leader voted for if any, unless a leadership election gave it (<see cref="ElectByRotation"/>),
/// then the year's record (<see cref="RecordResults"/>).
/// </summary>
public sealed class DecideYear(IServiceProvider services) : TaskActivity<YearDecisionRequest, CycleDecisions>
{
    public override async Task<CycleDecisions> RunAsync(TaskActivityContext context, YearDecisionRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var leadership = input.NextLeadership
            ?? LeaderVotes.ElectedBy(
                await services.Activity<ElectByRotation>().RunAsync(context, new RotationRequest(input.Campaign, input.LeaderVote?.WinnerId)), input.LeaderVote);
        var decisions = new CycleDecisions(input.Campaign, input.Seal, input.Scoring, input.Ranking, input.LeadingUnitVote, leadership);
        await services.Activity<RecordResults>().RunAsync(context, decisions);
        return decisions;
    }
}

/// <summary>The steps a version 2 activity is made of are the version 1 activities, created as the worker creates them.</summary>
internal static class ActivityComposition
{
    public static T Activity<T>(this IServiceProvider services)
        where T : ITaskActivity => ActivatorUtilities.GetServiceOrCreateInstance<T>(services);
}
