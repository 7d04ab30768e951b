using Microsoft.DurableTask;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Activities;

/// <summary>The stored campaign of the year, made ready for signing and scoring; null when the leader has not launched it.</summary>
public sealed class LoadCampaign(ICampaignStore campaigns, CampaignLauncher launcher) : TaskActivity<CampaignKey, Campaign?>
{
    public override async Task<Campaign?> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.GetAsync(input.BlocId, input.Year);
        if (campaign is not null)
        {
            await launcher.EnsureOpenedAsync(campaign);
        }

        return campaign;
    }
}

/// <summary>
/// Launches the year when the leader did not by the launch deadline, by carrying the previous year over
/// (<see cref="CampaignLauncher.StoredOrCarriedOverAsync"/>); null when there is no previous year to carry over.
/// </summary>
public sealed class LaunchFromPreviousYear(CampaignLauncher launcher) : TaskActivity<CampaignKey, Campaign?>
{
    public override async Task<Campaign?> RunAsync(TaskActivityContext context, CampaignKey input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await launcher.StoredOrCarriedOverAsync(input);
        if (campaign is not null)
        {
            await launcher.EnsureOpenedAsync(campaign);
        }

        return campaign;
    }
}
