using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using ThiDua.Api.Endpoints;
using ThiDua.Bench.Harness;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>
/// A province's year on one machine: blocs of units registered, launched and taken through every
/// phase (signing, scoring, review with an adjustment, the leading-unit vote, leader election by
/// rotation, archive) by simulated units acting only through the HTTP API of a separate
/// <c>thidua host</c> process, on a compressed schedule. In every bloc the last unit never acts,
/// as a unit that forgets would, so every phase runs to its deadline: the figure is how long after
/// each deadline a bloc's status shows the next phase (polled every quarter second from the
/// deadline on). The host's peak resident memory (VmHWM) is read from its own process.
/// </summary>
public sealed class ProvinceScenario : IBenchScenario
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public string Name => "province";

    public string Description => "a year of 100 blocs of 15 units through the API of a separate thidua host: phase delays, peak memory";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var size = context.Quick
            ? new Size(Blocs: 2, Units: 5, Concurrency: 16, new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(8),
                Scoring = TimeSpan.FromSeconds(6),
                Review = TimeSpan.FromSeconds(3),
                Voting = TimeSpan.FromSeconds(6),
                VoteRound = TimeSpan.FromSeconds(2),
                LeaderElection = TimeSpan.FromSeconds(4),
                Archive = TimeSpan.FromSeconds(4),
            })
            : new Size(Blocs: 100, Units: 15, Concurrency: 32, new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(120),
                Scoring = TimeSpan.FromSeconds(60),
                Review = TimeSpan.FromSeconds(30),
                Voting = TimeSpan.FromSeconds(90),
                VoteRound = TimeSpan.FromSeconds(15),
                LeaderElection = TimeSpan.FromSeconds(30),
                Archive = TimeSpan.FromSeconds(30),
            });
        var logger = context.LoggerFactory.CreateLogger<ProvinceScenario>();
        var azurite = await context.GetAzuriteAsync(cancellationToken);
        using var azuriteProcess = Process.GetProcessById(azurite.ProcessId);

        await using var host = await BenchHost.StartAsync(azurite.ConnectionString, BenchContext.NewTaskHubName("BenchProvince"), logger, cancellationToken);
        var (startRss, _) = host.Process.Sample();
        var setup = Stopwatch.StartNew();
        var rules = new BlocRules { ReminderOffsets = [size.Durations.Scoring / 2] };
        using var province = await SimulatedProvince.SeedAsync(
            host.Process.BaseAddress, azurite.ConnectionString, "tinh", size.Blocs, size.Units, rules, size.Concurrency, cancellationToken);
        var setupSeconds = setup.Elapsed.TotalSeconds;
        logger.LogInformation("Province: {Blocs} blocs of {Units} units registered in {Seconds:0.0} s", size.Blocs, size.Units, setupSeconds);

        var year = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
        using var gate = new SemaphoreSlim(size.Concurrency);
        var run = new Run(province.Admin, gate, year, cancellationToken);
        var (hostCpuBefore, azuriteCpuBefore) = (host.Process.Sample().Cpu, CpuOf(azuriteProcess));
        var year0 = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(province.Blocs.Select(bloc => run.BlocAsync(bloc, size.Durations)));
        var totalSeconds = year0.Elapsed.TotalSeconds;
        var (peakRss, hostCpuAfter) = host.Process.Sample();
        var azuriteCpu = CpuOf(azuriteProcess) - azuriteCpuBefore;
        var hostCpu = hostCpuAfter - hostCpuBefore;

        var delays = outcomes.SelectMany(o => o.Delays).ToList();
        var archiveDelays = outcomes.Select(o => o.ArchivedAfterSeconds).ToList();
        logger.LogInformation(
            "Province: year in {Total:0.0} s, phase delay p50 {P50:0.00} s p95 {P95:0.00} s max {Max:0.00} s, host peak RSS {Rss:0} MB, host CPU {HostCpu:0.0} s, Azurite CPU {AzuriteCpu:0.0} s, {Requests} requests",
            totalSeconds, Stats.Percentile(delays, 50), Stats.Percentile(delays, 95), delays.Max(), peakRss, hostCpu.TotalSeconds, azuriteCpu.TotalSeconds, run.Requests);
        foreach (var phase in outcomes.SelectMany(o => o.PhaseDelays).GroupBy(d => d.From))
        {
            logger.LogInformation(
                "Province: after the {Phase} deadline, p50 {P50:0.00} s, p95 {P95:0.00} s, max {Max:0.00} s",
                phase.Key, Stats.Percentile(phase.Select(d => d.Seconds), 50), Stats.Percentile(phase.Select(d => d.Seconds), 95), phase.Max(d => d.Seconds));
        }

        var units = size.Blocs * size.Units;
        return new ScenarioResult(
            this.Name,
            [
                new Figure("provinceTotalSeconds", totalSeconds, "s", "the year: first launch to the last bloc archived and completed"),
                new Figure("provinceScheduledSeconds", ScheduledSeconds(size.Durations), "s", "the compressed schedule's length, launch to archive (the floor of the total)"),
                new Figure("provinceSetupSeconds", setupSeconds, "s", "registering the blocs and units through the API and issuing their tokens"),
                new Figure("phaseDelayP50Seconds", Stats.Percentile(delays, 50), "s", "deadline to the next phase seen in the status, median over every bloc and phase"),
                new Figure("phaseDelayP95Seconds", Stats.Percentile(delays, 95), "s", "deadline to the next phase seen in the status, 95th percentile (target ≤ 2 s)"),
                new Figure("phaseDelayMaxSeconds", delays.Max(), "s", "deadline to the next phase seen in the status, worst"),
                new Figure("phaseDelayPollSeconds", PollInterval.TotalSeconds, "s", "status poll interval after a deadline (the delays' resolution)"),
                new Figure("provinceArchivedP95Seconds", Stats.Percentile(archiveDelays, 95), "s", "archive time to the year completed (packaging, hashing, storing), 95th percentile"),
                new Figure("hostPeakRssMb", peakRss, "MB", "the thidua host process's peak resident memory, VmHWM (target ≤ 500 MB)"),
                new Figure("hostStartRssMb", startRss, "MB", "baseline: the same host's peak resident memory once listening, before any work"),
                new Figure("provinceHostCpuSeconds", hostCpu.TotalSeconds, "s", "CPU time of the host process during the year"),
                new Figure("provinceAzuriteCpuSeconds", azuriteCpu.TotalSeconds, "s", "CPU time of Azurite during the year"),
                new Figure("provinceRequests", run.Requests, "requests", "API calls of the simulated units and council staff during the year, status polls included"),
                new Figure("provinceBlocs", size.Blocs, "blocs", "blocs, each running its own year"),
                new Figure("provinceUnits", units, "units", $"member units, {size.Units} per bloc"),
            ],
            [
                new Check("every act arrived while its phase was open", run.Refused == 0, $"{run.Refused} refused as late"),
                new Check("every bloc's year completed", outcomes.All(o => o.Completed), $"{outcomes.Count(o => o.Completed)} of {size.Blocs}"),
                Judged("every bloc's ranking has the submitted totals and the leader's adjustment", outcomes.Select(o => o.RankingRight).ToArray()),
                Judged(
                    "every bloc's vote chose the unit its ballots named",
                    outcomes.Select(o => o.LeadingUnitRight).ToArray(),
                    outcomes.Where(o => o.LeadingUnitRight == false).Select(o => o.LeadingUnitSeen)),
                new Check("every bloc elected the next leader in the rotation", outcomes.All(o => o.NextLeaderRight), $"{outcomes.Count(o => o.NextLeaderRight)} of {size.Blocs}"),
                new Check("every bloc's year is archived", outcomes.All(o => o.Archived), $"{outcomes.Count(o => o.Archived)} of {size.Blocs}"),
            ]);
    }

    /// <summary>A check judged only over some blocs (see <see cref="BlocOutcome"/>); the others are counted in the detail, with up to five blocs judged wrong.</summary>
    static Check Judged(string name, bool?[] outcomes, IEnumerable<string>? wrong = null)
    {
        var judged = outcomes.Count(o => o is not null);
        var right = outcomes.Count(o => o == true);
        var detail = string.Create(CultureInfo.InvariantCulture, $"{right} of {judged} blocs whose acts were on time");
        if (judged < outcomes.Length)
        {
            detail += string.Create(CultureInfo.InvariantCulture, $"; {outcomes.Length - judged} not judged (acts refused as late, or ballots split over a round held again)");
        }

        if (wrong?.Take(5).ToList() is { Count: > 0 } examples)
        {
            detail += "; wrong: " + string.Join(", ", examples);
        }

        return new Check(name, right == judged, detail);
    }

    static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    static double ScheduledSeconds(PhaseDurations d) =>
        (d.Signing + d.Scoring + d.Review + d.Voting + d.LeaderElection + d.Archive).TotalSeconds;

    /// <summary>A unit's self-assessment: unit n (1-based) scores 50 − n on the first criterion, so the ranking is known in advance.</summary>
    internal static IReadOnlyList<ScoreLine> Sheet(int n) =>
        [new("1-1", 50 - n), new("1-2", 18), new("2-1", 14), new("2-2", 14)];

    const string AdjustedCriterion = "1-2";
    const decimal AdjustedPoints = 17;

    sealed record Size(int Blocs, int Units, int Concurrency, PhaseDurations Durations);

    sealed record PhaseDelay(CyclePhase From, double Seconds);

    /// <summary>
    /// A bloc's results. A check on what units did (ranking, vote) is judged only when those acts
    /// arrived while their phases were open, and the vote only when its ballots fell in one round
    /// (<c>null</c> otherwise): acts refused as late change the expected outcome, and are reported
    /// by their own check; ballots split over a round held again each miss the quorum.
    /// </summary>
    sealed record BlocOutcome(
        IReadOnlyList<PhaseDelay> PhaseDelays, double ArchivedAfterSeconds, bool Completed, bool? RankingRight, bool? LeadingUnitRight, string LeadingUnitSeen, bool NextLeaderRight, bool Archived)
    {
        public IEnumerable<double> Delays => this.PhaseDelays.Select(d => d.Seconds);
    }

    /// <summary>
    /// One year of every bloc. Unit requests go through a shared gate (as many clients at a time);
    /// status polls do not wait in it, and each bloc's deadline watchers start at their deadlines
    /// whatever its units are doing, so acting never delays watching.
    /// </summary>
    sealed class Run(ApiClient admin, SemaphoreSlim gate, int year, CancellationToken cancellationToken)
    {
        static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

        int requests;
        int refused;

        public int Requests => this.requests;

        /// <summary>Acts refused because they came after their phase closed.</summary>
        public int Refused => this.refused;

        public async Task<BlocOutcome> BlocAsync(SimulatedBloc bloc, PhaseDurations durations)
        {
            var launch = await this.CallAsync(() => admin.PostAsync<LaunchResponse>(
                SimulatedProvince.Path(bloc.BlocId, year, "launch"), SimulatedProvince.LaunchRequest(bloc, durations), cancellationToken));
            var schedule = launch.Schedule;

            // Every watcher waits for its own deadline, then polls until the status shows a later phase.
            var signingClosed = this.NextPhaseAsync(bloc, CyclePhase.Signing, schedule.SigningDeadline);
            var scoringClosed = this.NextPhaseAsync(bloc, CyclePhase.Scoring, schedule.ScoringDeadline);
            var reviewClosed = this.NextPhaseAsync(bloc, CyclePhase.Review, schedule.ReviewDeadline);
            var votingClosed = this.NextPhaseAsync(bloc, CyclePhase.VotingLeadingUnit, schedule.VotingDeadline);
            var electionClosed = this.NextPhaseAsync(bloc, CyclePhase.ElectingLeader, schedule.LeaderElectionDeadline);
            var archived = this.NextPhaseAsync(bloc, CyclePhase.Archiving, schedule.ArchiveAt);
            var (lateBeforeVote, lateBallots, ballotRounds) = await this.ActsAsync(bloc, launch, signingClosed, scoringClosed, reviewClosed);
            var delays = await Task.WhenAll(signingClosed, scoringClosed, reviewClosed, votingClosed, electionClosed);
            var archivedAfter = await archived;

            var leader = bloc.Units[0];
            var adjusted = bloc.Units[^2];
            var status = await SimulatedProvince.StatusAsync(admin, bloc.BlocId, year, cancellationToken);
            var results = await this.CallAsync(() => admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken));
            var totals = (results.Ranking?.Entries ?? []).ToDictionary(e => e.UnitId, e => e.Total, StringComparer.Ordinal);
            var expected = bloc.Units.Select((u, i) => (u.UnitId, Total: u == adjusted ? 95m - (i + 1) : u.UnitId == bloc.Units[^1].UnitId ? 0m : 96m - (i + 1)));
            return new BlocOutcome(
                delays,
                archivedAfter.Seconds,
                Completed: status?.RuntimeStatus == "Completed",
                RankingRight: lateBeforeVote > 0 ? null : expected.All(e => totals.TryGetValue(e.UnitId, out var total) && total == e.Total),
                LeadingUnitRight: lateBeforeVote + lateBallots > 0 || ballotRounds > 1 ? null : results.LeadingUnitId == leader.UnitId,
                LeadingUnitSeen: $"{bloc.BlocId} chose {results.LeadingUnitId ?? "nobody"}, not {leader.UnitId}",
                NextLeaderRight: results.NextLeaderUnitId == bloc.Units[1].UnitId,
                Archived: results.Archive is not null);
        }

        /// <summary>
        /// The units' acts, each phase's once the watcher has seen that phase open; every act is
        /// tried until its phase's deadline. Returns how many were late before the vote and in it,
        /// and in how many rounds the ballots were accepted (a unit votes once: when a round closed
        /// without quorum before every ballot arrived, the rest went to the round held again).
        /// </summary>
        async Task<(int BeforeVote, int Ballots, int BallotRounds)> ActsAsync(
            SimulatedBloc bloc, LaunchResponse launch, Task<PhaseDelay> signingClosed, Task<PhaseDelay> scoringClosed, Task<PhaseDelay> reviewClosed)
        {
            var schedule = launch.Schedule;
            var leader = bloc.Units[0];
            var actors = bloc.Units.Take(bloc.Units.Count - 1).ToList();
            var adjusted = actors[^1];

            var late = (await Task.WhenAll(actors.Select(u => this.ActAsync(
                () => SimulatedProvince.SignAsync(bloc, u, year, launch.CompactSha256, cancellationToken), schedule.SigningDeadline)))).Count(onTime => !onTime);

            await signingClosed;
            late += (await Task.WhenAll(actors.Select((u, i) => this.ActAsync(
                () => SimulatedProvince.SubmitAsync(bloc, u, year, Sheet(i + 1), "bench-" + year.ToString(CultureInfo.InvariantCulture), cancellationToken),
                schedule.ScoringDeadline)))).Count(onTime => !onTime);

            await scoringClosed;
            late += await this.ActAsync(
                () => leader.Api.PostAsync<ScoreAdjustment>(
                    SimulatedProvince.Path(bloc.BlocId, year, "adjustments"),
                    new AdjustmentRequest { ClientRequestId = "bench-adjustment", UnitId = adjusted.UnitId, CriterionId = AdjustedCriterion, NewPoints = AdjustedPoints, Reason = "Chưa đạt chỉ tiêu hồ sơ trực tuyến toàn trình" },
                    cancellationToken),
                schedule.ReviewDeadline) ? 0 : 1;

            await reviewClosed;
            CampaignResults? ranking = null;
            var rankingRead = await this.ActAsync(
                async () => ranking = await admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken),
                schedule.VotingDeadline);
            if (!rankingRead)
            {
                return (late, actors.Count, 0);
            }

            var candidates = (ranking?.Ranking?.Entries ?? []).Take(3).Select(e => e.UnitId).ToList();
            var rounds = new ConcurrentDictionary<int, int>();
            var lateBallots = (await Task.WhenAll(actors.Select(u => this.ActAsync(
                async () =>
                {
                    var receipt = await u.Api.PostAsync<BallotReceipt>(
                        SimulatedProvince.Path(bloc.BlocId, year, "votes/leading-unit/ballots"), new BallotRequest { Choice = DemoScenario.Choice(u.UnitId, candidates) }, cancellationToken);
                    rounds.AddOrUpdate(receipt.Round, 1, (_, n) => n + 1);
                },
                schedule.VotingDeadline)))).Count(onTime => !onTime);
            return (late, lateBallots, rounds.Count);
        }

        async Task<T> CallAsync<T>(Func<Task<T>> call)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                Interlocked.Increment(ref this.requests);
                return await call();
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>
        /// An act (or a read it needs) that the API refuses as not yet possible or no longer
        /// possible (404, 409: a step just behind the status, a round not yet open, a phase
        /// closed) is retried outside the gate until its phase's deadline, then counted as
        /// late, not thrown: on an overloaded machine a phase can start so late that its acts
        /// miss their deadline, and the delays are still what this scenario reports.
        /// Returns whether it was accepted.
        /// </summary>
        async Task<bool> ActAsync(Func<Task> act, DateTimeOffset deadline)
        {
            while (true)
            {
                try
                {
                    await this.CallAsync(async () =>
                    {
                        await act();
                        return true;
                    });
                    return true;
                }
                catch (ApiProblemException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
                {
                    if (DateTimeOffset.UtcNow + RetryInterval >= deadline)
                    {
                        Interlocked.Increment(ref this.refused);
                        return false;
                    }
                }

                await Task.Delay(RetryInterval, cancellationToken);
            }
        }

        /// <summary>From the deadline on, polls the status until it shows a later phase; the delay is when that answer arrived.</summary>
        async Task<PhaseDelay> NextPhaseAsync(SimulatedBloc bloc, CyclePhase current, DateTimeOffset deadline)
        {
            var untilDeadline = deadline - DateTimeOffset.UtcNow;
            if (untilDeadline > TimeSpan.Zero)
            {
                await Task.Delay(untilDeadline, cancellationToken);
            }

            var giveUp = deadline + TimeSpan.FromMinutes(3);
            while (true)
            {
                Interlocked.Increment(ref this.requests);
                var status = await SimulatedProvince.StatusAsync(admin, bloc.BlocId, year, cancellationToken);
                var now = DateTimeOffset.UtcNow;
                if (status?.Phase > current || status?.RuntimeStatus == "Completed")
                {
                    return new PhaseDelay(current, (now - deadline).TotalSeconds);
                }

                if (status?.RuntimeStatus is "Failed" or "Terminated" || now > giveUp)
                {
                    throw new InvalidOperationException($"{bloc.BlocId}: still {status?.Phase} ({status?.RuntimeStatus}) at {now:O}, deadline {deadline:O}.");
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }
}
