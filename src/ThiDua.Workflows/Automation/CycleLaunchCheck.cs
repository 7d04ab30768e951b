using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Automation;

/// <summary>Settings of the yearly automation (configuration section <c>ThiDua</c>).</summary>
public sealed class LaunchCheckOptions
{
    /// <summary>
    /// How long a cycle started on the launch date waits for the leader's launch before the previous
    /// year's criteria are carried over (<c>ThiDua:LaunchWait</c>). Default 30 days.
    /// </summary>
    public TimeSpan LaunchWait { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>What one check did for one bloc.</summary>
/// <param name="BlocId">The bloc.</param>
/// <param name="Year">The campaign year checked (Vietnam calendar).</param>
/// <param name="InstanceId">The cycle's deterministic instance id.</param>
/// <param name="Started">True when this check started the cycle; false when it existed already.</param>
public sealed record LaunchCheckOutcome(string BlocId, int Year, string InstanceId, bool Started);

/// <summary>
/// The yearly automation, shared by the Functions timer and the local host's hosted service: starts
/// the cycle of every active bloc whose launch date (Vietnam calendar) has come this year. The instance
/// id is <see cref="CycleIds.Cycle"/>, so running the check any number of times, on any number of
/// hosts, starts each year's cycle once; an archived year (whose history is purged) is never restarted.
/// Each check also purges the finished history of the bloc's archived years (<see cref="ArchivedHistoryPurge"/>).
/// </summary>
public sealed class CycleLaunchCheck(IBlocStore blocs, ICampaignStore campaigns, TimeProvider clock, IOptions<LaunchCheckOptions> options)
{
    private readonly LaunchCheckOptions _options = options.Value;

    /// <summary>Checks every active bloc once; returns the cycles that are due, started now or before.</summary>
    public async Task<IReadOnlyList<LaunchCheckOutcome>> RunAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = clock.GetUtcNow();
        var year = VietnamTime.DateOf(now).Year;
        var outcomes = new List<LaunchCheckOutcome>();
        foreach (var stored in await blocs.ListBlocsAsync(activeOnly: true, cancellationToken))
        {
            var bloc = stored.Value;
            await ArchivedHistoryPurge.PurgeAsync(client, campaigns, bloc.BlocId, cancellationToken);
            var launchAt = CampaignSchedule.ForYear(bloc, year).LaunchAt;
            if (now < launchAt || await campaigns.GetStateAsync(bloc.BlocId, year, cancellationToken) is { IsArchived: true })
            {
                continue;
            }

            var input = new CycleInput(bloc.BlocId, year, launchAt + _options.LaunchWait);
            var (instanceId, started) = await Cycles.EnsureStartedAsync(client, input, cancellationToken);
            outcomes.Add(new LaunchCheckOutcome(bloc.BlocId, year, instanceId, started));
        }

        return outcomes;
    }
}
