using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.LocalHost;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>In-process local hosts for cycle tests: the fixture's Azurite, the scope's task hub and prefixes, a state folder of the test's own.</summary>
internal static class CycleHosts
{
    /// <summary>
    /// A whole year in well under a minute; the runoff room the schedule rules demand is kept. The vote
    /// window is the widest: on a loaded machine a shorter one closed the round before the last ballot.
    /// </summary>
    public static PhaseDurations ShortYear { get; } = new()
    {
        Signing = TimeSpan.FromSeconds(6),
        Scoring = TimeSpan.FromSeconds(10),
        Review = TimeSpan.FromSeconds(5),
        Voting = TimeSpan.FromSeconds(12),
        VoteRound = TimeSpan.FromSeconds(2),
        LeaderElection = TimeSpan.FromSeconds(5),
        Archive = TimeSpan.FromSeconds(4),
    };

    public static async Task<LocalHostApp> StartAsync(
        StorageScope scope,
        string stateDirectory,
        string workerId,
        TimeSpan? launchCheckInterval = null,
        TimeSpan? workItemVisibilityTimeout = null,
        Action<LocalHostOptions>? configure = null)
    {
        var host = await LocalHostApp.CreateAsync(
            [
                $"--ThiDua:Storage:TablePrefix={scope.Prefix}",
                $"--ThiDua:Storage:ContainerPrefix={scope.Prefix}",
                "--Logging:LogLevel:Default=Warning",
            ],
            options =>
            {
                options.StorageConnectionString = scope.ConnectionString;
                options.TaskHubName = scope.TaskHubName;
                options.WorkerId = workerId;
                options.Urls = "http://127.0.0.1:0";
                options.StateDirectory = stateDirectory;
                options.EmbeddedMail = true;
                options.LaunchCheckInterval = launchCheckInterval ?? TimeSpan.Zero;
                if (workItemVisibilityTimeout is { } visibility)
                {
                    options.WorkItemVisibilityTimeout = visibility;
                }

                configure?.Invoke(options);
            });
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The e-mail addresses of a demo unit's contacts.</summary>
    public static HashSet<string> Addresses(string unitId) =>
        NoiChinhBloc.Units.Single(u => u.UnitId == unitId).Contacts.Select(c => c.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Progress goes nowhere in tests; the summary and storage are what is checked.</summary>
    public sealed class SilentReporter : IDemoReporter
    {
        public void Phase(CampaignStatus status, ThiDua.Cli.Texts texts)
        {
        }

        public void Tell(string text)
        {
        }
    }
}
