using System.Diagnostics;
using System.Globalization;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using Xunit.Abstractions;

namespace ThiDua.Integration.Tests.Faults;

/// <summary>
/// <c>thidua host</c> running its own Azurite on its state folder, killed with SIGKILL at a random
/// moment within a second after each of eight points of a year (right after acknowledged writes of
/// every kind: tokens, bloc, units, signatures, sheets, evidence, an adjustment, ballots) and started
/// again each time, ends the year exactly as an uninterrupted host given the same inputs at the same
/// time: same ranking, versions, tallies, leading unit, next leadership, archive and mail, every
/// workflow finished, every reminder sent once.
/// </summary>
[Collection(RestartTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class CrashRestartTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// A message the killed host had taken stays invisible this long before the restarted host gets it
    /// (the default minute would outlast the compressed phases). An activity that outlives it runs
    /// twice, which every activity tolerates.
    /// </summary>
    static readonly TimeSpan Visibility = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Each reminder leaves room for a restart plus <see cref="Visibility"/> before the next event: a
    /// reminder still due after the deadline is rightly dropped, which would change what the test expects.
    /// </summary>
    static readonly TimeSpan[] ReminderOffsets = [TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10)];

    [Fact]
    public async Task A_host_killed_at_eight_points_of_the_year_loses_no_acknowledged_write_and_ends_it_as_an_uninterrupted_host_does()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
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

        // The crashing host keeps its storage in its state folder, the way `thidua host` runs for an
        // operator: Azurite is its child and holds acknowledged writes in memory until it saves them.
        // Fixed ports keep the connection string the script uses the same across restarts.
        var environment = new Dictionary<string, string>
        {
            ["TaskHubName"] = crashScope.TaskHubName,
            ["ThiDua__WorkerId"] = "crash-test-worker",
            ["ThiDua__Storage__TablePrefix"] = crashScope.Prefix,
            ["ThiDua__Storage__ContainerPrefix"] = crashScope.Prefix,
            ["ThiDua__StateDirectory"] = crashState.Path,
            ["ThiDua__Azurite__BlobPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["ThiDua__Azurite__QueuePort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["ThiDua__Azurite__TablePort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["ThiDua__LaunchCheckInterval"] = "00:00:00",
            ["ThiDua__WorkItemVisibilityTimeout"] = Visibility.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };

        var seed = Environment.TickCount;
        var random = new Random(seed);
        Log("crash", $"kill moments drawn with seed {seed}");
        var host = await AdminHost.StartAsync(environment, ct);
        var storage = LocalHostRegistration.Read(crashState.Path)?.StorageConnectionString;
        Assert.NotNull(storage);
        crashScope = crashScope with { ConnectionString = storage };
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
                    // Within a second of the last acknowledged write, at a moment that differs per run.
                    await Task.Delay(random.Next(1000), ct);
                    var down = Stopwatch.StartNew();
                    await host.KillAsync();
                    killedOutput.Add(host.Output);
                    await host.DisposeAsync();
                    host = await AdminHost.StartAsync(environment, ct);
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
            // restart on a loaded machine (up to about 30 s) plus the visibility timeout. The archive date
            // bounds the test's length: past it, the year is archived as soon as it is decided.
            var launch = DateTimeOffset.UtcNow;
            var schedule = new CampaignSchedule
            {
                LaunchAt = launch,
                SigningDeadline = launch + TimeSpan.FromSeconds(60),
                ScoringDeadline = launch + TimeSpan.FromSeconds(100),
                ReviewDeadline = launch + TimeSpan.FromSeconds(140),
                VotingDeadline = launch + TimeSpan.FromSeconds(141),
                VoteRoundDuration = TimeSpan.FromSeconds(30),
                LeaderElectionDeadline = launch + TimeSpan.FromSeconds(142),
                ArchiveAt = launch + TimeSpan.FromSeconds(143),
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
