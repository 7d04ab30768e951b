using Microsoft.DurableTask.Client;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Automation;

/// <summary>
/// Purges the orchestration history of a bloc's archived years: once the archive is written, the cycle's
/// instances (the cycle and its children, <see cref="CycleIds"/>) only cost storage, and the archive is the
/// record. Children are purged first and the cycle itself last, so a cycle instance still present means the
/// year's purge is not finished: running it again (after a crash, on another host) completes it, and an
/// absent cycle instance makes the year a no-op. Instances that have not finished are left alone.
/// </summary>
public static class ArchivedHistoryPurge
{
    /// <summary>Purges the finished instances of every archived year of <paramref name="blocId"/>; returns how many were purged.</summary>
    public static async Task<int> PurgeAsync(DurableTaskClient client, ICampaignStore campaigns, string blocId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(campaigns);
        var purged = 0;
        foreach (var year in await campaigns.ListYearsAsync(blocId, cancellationToken))
        {
            var key = new CampaignKey(blocId, year);
            if (await client.GetInstanceAsync(CycleIds.Cycle(key), cancellationToken) is not { IsCompleted: true }
                || await campaigns.GetStateAsync(blocId, year, cancellationToken) is not { IsArchived: true })
            {
                continue;
            }

            foreach (var instanceId in InstanceIds(key))
            {
                if (await client.GetInstanceAsync(instanceId, cancellationToken) is { IsCompleted: true })
                {
                    purged += (await client.PurgeInstanceAsync(instanceId, cancellationToken)).PurgedInstanceCount;
                }
            }
        }

        return purged;
    }

    /// <summary>Every instance id of a year's cycle, children first and the cycle last.</summary>
    public static IReadOnlyList<string> InstanceIds(CampaignKey key) =>
    [
        CycleIds.Signing(key),
        CycleIds.Scoring(key),
        .. Enum.GetValues<VotePurpose>().Select(p => CycleIds.Vote(key, p)),
        CycleIds.LeaderElection(key),
        CycleIds.Archive(key),
        CycleIds.Cycle(key),
    ];
}
