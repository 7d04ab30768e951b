using System.Diagnostics;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ThiDua.Integration.Tests.Faults;

/// <summary>
/// The host process killed with SIGKILL at five points of a year and started again each time on the
/// same Azurite data ends the year exactly as an uninterrupted host given the same inputs at the same
/// time: same ranking, leading unit, next leadership and archive, every workflow finished, every
/// reminder sent once.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class CrashRestartTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// A message the killed host had taken stays invisible this long before the restarted host gets it
    /// (the default minute would outlast the compressed phases). An activity that outlives it runs
    /// twice, which every activity tolerates.
    /// </summary>
    static readonly TimeSpan Visibility = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The first reminder leaves room for a restart plus <see cref="Visibility"/> before the deadline: a
    /// reminder still due after the deadline is rightly dropped, which would change what the test expects.
    /// </summary>
    static readonly TimeSpan[] ReminderOffsets = [TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(8)];

    [Fact]
    public async Task A_host_killed_at_five_points_of_the_year_ends_it_as_an_uninterrupted_host_does()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var keys = new TempFolder();
        using var crashState = new TempFolder();
        using var referenceState = new TempFolder();
        var crashScope = azurite.CreateScope("crash");
        var referenceScope = azurite.CreateScope("reference");
        var clock = Stopwatch.StartNew();
        void Log(string run, string text) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s {run}: {text}");

        // Both runs sign with the same unit keys, made once here so that the two never create them at once.
        var unitKeys = LocalState.At(keys.Path);
        foreach (var unit in NoiChinhBloc.Units)
        {
            UnitKeys.LoadOrCreate(unitKeys, unit).Dispose();
        }

        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = crashScope.ConnectionString,
            ["TaskHubName"] = crashScope.TaskHubName,
            ["ThiDua__WorkerId"] = "crash-test-worker",
            ["ThiDua__Storage__TablePrefix"] = crashScope.Prefix,
            ["ThiDua__Storage__ContainerPrefix"] = crashScope.Prefix,
            ["ThiDua__StateDirectory"] = crashState.Path,
            ["ThiDua__LaunchCheckInterval"] = "00:00:00",
            ["ThiDua__WorkItemVisibilityTimeout"] = Visibility.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };

        var host = await HostProcess.StartAsync(environment, ct);
        var kills = new List<Checkpoint>();
        var killedOutput = new List<string>();
        try
        {
            var crashing = new ScriptedYear(crashScope, unitKeys, ReminderOffsets)
            {
                Address = () => host.BaseAddress,
                Outbox = Path.Combine(crashState.Path, "outbox"),
                Log = text => Log("crash", text),
                Interrupt = async point =>
                {
                    var down = Stopwatch.StartNew();
                    await host.KillAsync();
                    killedOutput.Add(host.Output);
                    await host.DisposeAsync();
                    host = await HostProcess.StartAsync(environment, ct);
                    kills.Add(point);
                    Log("crash", $"killed at {point}, serving again after {down.Elapsed.TotalSeconds:F1} s");
                },
            };
            await using var reference = await CycleHosts.StartAsync(referenceScope, referenceState.Path, "reference-worker");
            var uninterrupted = new ScriptedYear(referenceScope, unitKeys, ReminderOffsets)
            {
                Address = () => reference.Urls[0],
                Outbox = Path.Combine(referenceState.Path, "outbox"),
                Log = text => Log("reference", text),
            };
            await Task.WhenAll(crashing.PrepareAsync(ct), uninterrupted.PrepareAsync(ct));

            // One absolute schedule for both runs, so the compact (which states it) is the same document.
            // Signing, review and the vote round close early once everyone has acted; their room is for a
            // restart on a loaded machine (up to about 15 s) plus the visibility timeout. The archive date
            // bounds the test's length: past it, the year is archived as soon as it is decided.
            var launch = DateTimeOffset.UtcNow;
            var schedule = new CampaignSchedule
            {
                LaunchAt = launch,
                SigningDeadline = launch + TimeSpan.FromSeconds(40),
                ScoringDeadline = launch + TimeSpan.FromSeconds(50),
                ReviewDeadline = launch + TimeSpan.FromSeconds(80),
                VotingDeadline = launch + TimeSpan.FromSeconds(81),
                VoteRoundDuration = TimeSpan.FromSeconds(30),
                LeaderElectionDeadline = launch + TimeSpan.FromSeconds(82),
                ArchiveAt = launch + TimeSpan.FromSeconds(83),
            };
            try
            {
                await Task.WhenAll(crashing.RunAsync(schedule, ct), uninterrupted.RunAsync(schedule, ct));
            }
            catch
            {
                foreach (var log in killedOutput.Append(host.Output))
                {
                    output.WriteLine("--- host output ---");
                    output.WriteLine(log);
                }

                output.WriteLine(await TaskHubDump.DescribeAsync(crashScope, CancellationToken.None));
                throw;
            }

            Assert.Equal(Enum.GetValues<Checkpoint>(), kills);
            await Task.WhenAll(crashing.WaitUntilSettledAsync(Visibility * 2, ct), uninterrupted.WaitUntilSettledAsync(Visibility * 2, ct));
            var expected = await uninterrupted.ReadAsync(ct);
            var actual = await crashing.ReadAsync(ct);
            YearComparison.AssertSame(expected, actual, ReminderOffsets.Length, output);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
