using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Activities;

/// <summary>The stored campaign of the year, made ready for signing and scoring; null when the leader has not launched it.</summary>
public sealed class LoadCampaign(ICampaignStore campaigns, IDocumentStore documents, ISubmissionWindow window, TimeProvider time)
    : TaskActivity<CampaignKey, Campaign?>
{
    public override async Task<Campaign?> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.GetAsync(input.BlocId, input.Year);
        if (campaign is not null)
        {
            await ActivitySupport.OpenCampaignAsync(campaign, campaigns, documents, window, time.GetUtcNow());
        }

        return campaign;
    }
}

/// <summary>
/// Launches the year when the leader did not by the launch deadline, as blocs do in practice: the
/// previous year's criteria, commitments and rules carried over, the leadership planned by the previous
/// year (its plan, else its result, else the rotation), members from the bloc now, and the schedule of
/// the year from the bloc's dates. Null when there is no previous year to carry over.
/// </summary>
public sealed class LaunchFromPreviousYear(
    ICampaignStore campaigns,
    IBlocStore blocs,
    IResultStore results,
    LeadershipPlans plans,
    IDocumentStore documents,
    ISubmissionWindow window,
    TimeProvider time) : TaskActivity<CampaignKey, Campaign?>
{
    public override async Task<Campaign?> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var campaign = await campaigns.GetAsync(input.BlocId, input.Year);
        if (campaign is null)
        {
            var previous = await campaigns.GetAsync(input.BlocId, input.Year - 1);
            var bloc = (await blocs.GetBlocAsync(input.BlocId))?.Value;
            if (previous is null || bloc is null)
            {
                return null;
            }

            var units = (await blocs.ListUnitsAsync(input.BlocId)).Select(u => u.Value).ToList();
            var leadership = await PlannedLeadershipAsync(input, previous) ?? LeaderRules.ByRotation(bloc, units, previous.LeaderUnitId);
            var carried = Campaign.Create(
                bloc,
                units,
                input.Year,
                leadership,
                previous.Commitments,
                previous.Criteria,
                CampaignSchedule.ForYear(input.Year, bloc.LaunchMonth, bloc.LaunchDay, previous.Rules.Schedule)) with { Rules = previous.Rules };
            if (carried.FindMember(carried.LeaderUnitId) is null)
            {
                // The planned leader left the bloc: the rotation passes the turn on.
                var rotation = LeaderRules.ByRotation(bloc, units, previous.LeaderUnitId);
                carried = carried with { LeaderUnitId = rotation.LeaderUnitId, DeputyUnitId = rotation.DeputyUnitId };
            }

            if (carried.DeputyUnitId is { } deputy && (carried.FindMember(deputy) is null || deputy == carried.LeaderUnitId))
            {
                carried = carried with { DeputyUnitId = null };
            }

            var errors = carried.Validate();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The {input} campaign carried over from {input.Year - 1} is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
            }

            // A concurrent launch by the leader wins: whatever is stored is the campaign.
            await campaigns.InsertAsync(carried, now);
            campaign = await campaigns.GetAsync(input.BlocId, input.Year) ?? carried;
        }

        await ActivitySupport.OpenCampaignAsync(campaign, campaigns, documents, window, now);
        return campaign;
    }

    private async Task<LeaderChoice?> PlannedLeadershipAsync(CampaignKey key, Campaign previous)
    {
        if (await plans.GetAsync(key.BlocId, key.Year) is { } plan)
        {
            return new LeaderChoice(plan.LeaderUnitId, plan.DeputyUnitId);
        }

        var result = await results.GetYearResultAsync(previous.BlocId, previous.Year);
        return result?.NextLeadership;
    }
}
