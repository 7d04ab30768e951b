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
/// How big a province's year is and how compressed its schedule. Every unit submits its scores in the
/// last <see cref="BurstWindow"/> before the scoring deadline, evenly spread over it and the last one
/// <see cref="BurstMargin"/> before the deadline (the latency target: a submission sent that early must
/// arrive in time), so the scoring deadline is also the deadline burst.
/// </summary>
internal sealed record ProvinceSize(int Blocs, int Units, int Concurrency, PhaseDurations Durations, TimeSpan BurstWindow, TimeSpan BurstMargin)
{
    public static ProvinceSize For(bool quick) => quick
        ? new(Blocs: 2, Units: 5, Concurrency: 16, new PhaseDurations
        {
            Signing = TimeSpan.FromSeconds(8),
            Scoring = TimeSpan.FromSeconds(8),
            Review = TimeSpan.FromSeconds(3),
            Voting = TimeSpan.FromSeconds(6),
            VoteRound = TimeSpan.FromSeconds(2),
            LeaderElection = TimeSpan.FromSeconds(4),
            Archive = TimeSpan.FromSeconds(4),
        }, BurstWindow: TimeSpan.FromSeconds(4), BurstMargin: TimeSpan.FromSeconds(1))

        // Scoring opens a phase delay after the signing deadline: 15 s more than the burst's minute keep
        // the burst inside the open phase.
        : new(Blocs: 100, Units: 15, Concurrency: 32, new PhaseDurations
        {
            Signing = TimeSpan.FromSeconds(120),
            Scoring = TimeSpan.FromSeconds(75),
            Review = TimeSpan.FromSeconds(30),
            Voting = TimeSpan.FromSeconds(90),
            VoteRound = TimeSpan.FromSeconds(15),
            LeaderElection = TimeSpan.FromSeconds(30),
            Archive = TimeSpan.FromSeconds(30),
        }, BurstWindow: TimeSpan.FromSeconds(60), BurstMargin: TimeSpan.FromSeconds(2));

    /// <summary>The compressed schedule's length, launch to archive.</summary>
    public double ScheduledSeconds =>
        (this.Durations.Signing + this.Durations.Scoring + this.Durations.Review + this.Durations.Voting + this.Durations.LeaderElection + this.Durations.Archive).TotalSeconds;
}

/// <summary>A phase's deadline to the next phase seen in the status.</summary>
internal sealed record PhaseDelay(CyclePhase From, double Seconds);

/// <summary>One score submission of the deadline burst: accepted with its version, or refused (as late, or otherwise).</summary>
internal sealed record BurstSubmission(SimulatedBloc Bloc, SimulatedUnit Unit, string ClientRequestId, double LatencyMs, int? Version, bool RefusedAsLate, string? Failure);

/// <summary>
/// A bloc's results. A check on what units did (ranking, vote) is judged only when those acts
/// arrived while their phases were open, and the vote only when its ballots fell in one round
/// (<c>null</c> otherwise): acts refused as late change the expected outcome, and are reported
/// by their own check; ballots split over a round held again each miss the quorum.
/// </summary>
internal sealed record BlocOutcome(
    IReadOnlyList<PhaseDelay> PhaseDelays,
    IReadOnlyList<BurstSubmission> Burst,
    double ArchivedAfterSeconds,
    bool Completed,
    bool? RankingRight,
    bool? LeadingUnitRight,
    string LeadingUnitSeen,
    bool NextLeaderRight,
    bool Archived)
{
    public IEnumerable<double> Delays => this.PhaseDelays.Select(d => d.Seconds);
}

/// <summary>
/// A province's year on one or more hosts: every bloc launched and taken through every phase
/// (signing, scoring as a deadline burst, review with an adjustment, the leading-unit vote, leader
/// election by rotation, archive) by simulated units acting only through the HTTP API. In every
/// bloc the last unit signs nothing and casts no ballot, as a unit that forgets would, so every phase
/// runs to its deadline; it does submit its scores (scoring runs to its deadline anyway), so that the
/// burst is every unit of the province. What the province scenarios report and check is here, once.
/// </summary>
internal sealed class ProvinceYear
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    readonly ProvinceSize _size;
    readonly int _year;

    ProvinceYear(ProvinceSize size, int year, double totalSeconds, IReadOnlyList<BlocOutcome> outcomes, int requests, int refused)
    {
        _size = size;
        _year = year;
        this.TotalSeconds = totalSeconds;
        this.Outcomes = outcomes;
        this.Requests = requests;
        this.Refused = refused;
    }

    /// <summary>First launch to the last bloc archived and completed.</summary>
    public double TotalSeconds { get; }

    public IReadOnlyList<BlocOutcome> Outcomes { get; }

    /// <summary>API calls of the simulated units and council staff, status polls included.</summary>
    public int Requests { get; }

    /// <summary>Acts refused because they came after their phase closed (or, in the burst, refused at all).</summary>
    public int Refused { get; }

    /// <summary>Accepted burst submissions whose version was not found when read back (<see cref="ReadBackAsync"/>).</summary>
    public int Lost { get; private set; }

    public IReadOnlyList<double> Delays => this.Outcomes.SelectMany(o => o.Delays).ToList();

    public IReadOnlyList<BurstSubmission> Burst => this.Outcomes.SelectMany(o => o.Burst).ToList();

    public IReadOnlyList<double> BurstLatencies => this.Burst.Where(b => b.Version is not null).Select(b => b.LatencyMs).ToList();

    public static async Task<ProvinceYear> RunAsync(SimulatedProvince province, ProvinceSize size, int year, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(size.Concurrency);
        var run = new Run(size, gate, year, cancellationToken);
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(province.Blocs.Select((bloc, b) => run.BlocAsync(bloc, b)));
        return new ProvinceYear(size, year, clock.Elapsed.TotalSeconds, outcomes, run.Requests, run.Refused);
    }

    /// <summary>
    /// Reads every accepted burst submission back through its unit's host once the year is over (so
    /// reading costs the year nothing): a version accepted but not stored with its request id is lost.
    /// </summary>
    public async Task ReadBackAsync(CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(_size.Concurrency);
        var found = await Task.WhenAll(this.Burst.Where(b => b.Version is not null).Select(async b =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var history = await b.Unit.Api.GetAsync<ScoreHistory>(SimulatedProvince.Path(b.Bloc.BlocId, _year, "scores/" + b.Unit.UnitId), cancellationToken);
                return history.Versions.Any(v => v.Version == b.Version && string.Equals(v.ClientRequestId, b.ClientRequestId, StringComparison.Ordinal));
            }
            finally
            {
                gate.Release();
            }
        }));
        this.Lost = found.Count(f => !f);
    }

    public void Log(ILogger logger, string label)
    {
        var delays = this.Delays;
        logger.LogInformation(
            "{Label}: year in {Total:0.0} s, phase delay p50 {P50:0.00} s p95 {P95:0.00} s max {Max:0.00} s, {Requests} requests",
            label, this.TotalSeconds, Stats.Percentile(delays, 50), Stats.Percentile(delays, 95), delays.Max(), this.Requests);
        foreach (var phase in this.Outcomes.SelectMany(o => o.PhaseDelays).GroupBy(d => d.From))
        {
            logger.LogInformation(
                "{Label}: after the {Phase} deadline, p50 {P50:0.00} s, p95 {P95:0.00} s, max {Max:0.00} s",
                label, phase.Key, Stats.Percentile(phase.Select(d => d.Seconds), 50), Stats.Percentile(phase.Select(d => d.Seconds), 95), phase.Max(d => d.Seconds));
        }

        if (this.BurstLatencies is { Count: > 0 } latencies)
        {
            logger.LogInformation(
                "{Label}: deadline burst of {Sent} submissions in {Window:0} s, {Accepted} accepted, p50 {P50:0} ms p99 {P99:0} ms max {Max:0} ms",
                label, this.Burst.Count, _size.BurstWindow.TotalSeconds, latencies.Count, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), latencies.Max());
        }
    }

    /// <summary>The year's checks, each name after <paramref name="prefix"/> (which tells the runs of one report apart).</summary>
    public IReadOnlyList<Check> Checks(string prefix)
    {
        var outcomes = this.Outcomes;
        var burst = this.Burst;
        var accepted = burst.Count(b => b.Version is not null);
        var lateRefused = burst.Count(b => b.RefusedAsLate);
        var failures = burst.Where(b => b.Failure is not null).Select(b => $"{b.Bloc.BlocId}/{b.Unit.UnitId}: {b.Failure}").Take(3).ToList();
        return
        [
            new Check(prefix + "every act arrived while its phase was open", this.Refused == 0, $"{this.Refused} refused as late"),
            new Check(prefix + "every bloc's year completed", outcomes.All(o => o.Completed), $"{outcomes.Count(o => o.Completed)} of {outcomes.Count}"),
            Judged(prefix + "every bloc's ranking has the submitted totals and the leader's adjustment", outcomes.Select(o => o.RankingRight).ToArray()),
            Judged(
                prefix + "every bloc's vote chose the unit its ballots named",
                outcomes.Select(o => o.LeadingUnitRight).ToArray(),
                outcomes.Where(o => o.LeadingUnitRight == false).Select(o => o.LeadingUnitSeen)),
            new Check(prefix + "every bloc elected the next leader in the rotation", outcomes.All(o => o.NextLeaderRight), $"{outcomes.Count(o => o.NextLeaderRight)} of {outcomes.Count}"),
            new Check(prefix + "every bloc's year is archived", outcomes.All(o => o.Archived), $"{outcomes.Count(o => o.Archived)} of {outcomes.Count}"),
            new Check(
                prefix + "every submission of the deadline burst was accepted",
                accepted == burst.Count && burst.Count == _size.Blocs * _size.Units,
                $"{accepted} of {burst.Count} sent, {_size.Blocs * _size.Units} units" + (failures.Count > 0 ? "; " + string.Join("; ", failures) : "")),
            new Check(prefix + "no burst submission sent before the deadline was refused as late", lateRefused == 0, $"{lateRefused} refused as late"),
            new Check(prefix + "every accepted burst submission reads back as stored", this.Lost == 0, $"{this.Lost} of {accepted} not found"),
        ];
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

    const string AdjustedCriterion = "1-2";
    const decimal AdjustedPoints = 17;

    /// <summary>
    /// One year of every bloc. Unit requests go through a shared gate (as many clients at a time),
    /// except the burst's submissions, each from a unit of its own at its own moment; status polls do
    /// not wait in it, and each bloc's deadline watchers start at their deadlines whatever its units
    /// are doing, so acting never delays watching.
    /// </summary>
    sealed class Run(ProvinceSize size, SemaphoreSlim gate, int year, CancellationToken cancellationToken)
    {
        static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

        int requests;
        int refused;

        public int Requests => this.requests;

        public int Refused => this.refused;

        public async Task<BlocOutcome> BlocAsync(SimulatedBloc bloc, int blocIndex)
        {
            var admin = bloc.Admin;
            var launch = await this.CallAsync(() => admin.PostAsync<LaunchResponse>(
                SimulatedProvince.Path(bloc.BlocId, year, "launch"), SimulatedProvince.LaunchRequest(bloc, size.Durations), cancellationToken));
            var schedule = launch.Schedule;

            // Every watcher waits for its own deadline, then polls until the status shows a later phase.
            var signingClosed = this.NextPhaseAsync(bloc, CyclePhase.Signing, schedule.SigningDeadline);
            var scoringClosed = this.NextPhaseAsync(bloc, CyclePhase.Scoring, schedule.ScoringDeadline);
            var reviewClosed = this.NextPhaseAsync(bloc, CyclePhase.Review, schedule.ReviewDeadline);
            var votingClosed = this.NextPhaseAsync(bloc, CyclePhase.VotingLeadingUnit, schedule.VotingDeadline);
            var electionClosed = this.NextPhaseAsync(bloc, CyclePhase.ElectingLeader, schedule.LeaderElectionDeadline);
            var archived = this.NextPhaseAsync(bloc, CyclePhase.Archiving, schedule.ArchiveAt);
            var (burst, lateBeforeVote, lateBallots, ballotRounds) = await this.ActsAsync(bloc, blocIndex, launch, signingClosed, scoringClosed, reviewClosed);
            var delays = await Task.WhenAll(signingClosed, scoringClosed, reviewClosed, votingClosed, electionClosed);
            var archivedAfter = await archived;

            var leader = bloc.Units[0];
            var adjusted = bloc.Units[^2];
            var status = await SimulatedProvince.StatusAsync(admin, bloc.BlocId, year, cancellationToken);
            var results = await this.CallAsync(() => admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken));
            var totals = (results.Ranking?.Entries ?? []).ToDictionary(e => e.UnitId, e => e.Total, StringComparer.Ordinal);

            // Unit n's sheet totals 96 − n (ProvinceScenario.Sheet); the adjustment takes one point off the second-to-last.
            var expected = bloc.Units.Select((u, i) => (u.UnitId, Total: u == adjusted ? 95m - (i + 1) : 96m - (i + 1)));
            return new BlocOutcome(
                delays,
                burst,
                archivedAfter.Seconds,
                Completed: status?.RuntimeStatus == "Completed",
                RankingRight: lateBeforeVote > 0 ? null : expected.All(e => totals.TryGetValue(e.UnitId, out var total) && total == e.Total),
                LeadingUnitRight: lateBeforeVote + lateBallots > 0 || ballotRounds > 1 ? null : results.LeadingUnitId == leader.UnitId,
                LeadingUnitSeen: $"{bloc.BlocId} chose {results.LeadingUnitId ?? "nobody"}, not {leader.UnitId}",
                NextLeaderRight: results.NextLeaderUnitId == bloc.Units[1].UnitId,
                Archived: results.Archive is not null);
        }

        /// <summary>
        /// The units' acts, each phase's once the watcher has seen that phase open; every act but the
        /// burst's submissions is tried until its phase's deadline. Returns the burst, how many acts were
        /// late before the vote and in it, and in how many rounds the ballots were accepted (a unit votes
        /// once: when a round closed without quorum before every ballot arrived, the rest went to the
        /// round held again).
        /// </summary>
        async Task<(IReadOnlyList<BurstSubmission> Burst, int BeforeVote, int Ballots, int BallotRounds)> ActsAsync(
            SimulatedBloc bloc, int blocIndex, LaunchResponse launch, Task<PhaseDelay> signingClosed, Task<PhaseDelay> scoringClosed, Task<PhaseDelay> reviewClosed)
        {
            var schedule = launch.Schedule;
            var leader = bloc.Units[0];
            var actors = bloc.Units.Take(bloc.Units.Count - 1).ToList();
            var adjusted = actors[^1];

            var late = (await Task.WhenAll(actors.Select(u => this.ActAsync(
                () => SimulatedProvince.SignAsync(bloc, u, year, launch.CompactSha256, cancellationToken), schedule.SigningDeadline)))).Count(onTime => !onTime);

            await signingClosed;
            var burst = await Task.WhenAll(bloc.Units.Select((u, i) => this.BurstSubmitAsync(bloc, u, i + 1, this.SlotOf(blocIndex, i, schedule.ScoringDeadline), schedule.ScoringDeadline)));
            late += burst.Count(b => b.Version is null);

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
                async () => ranking = await bloc.Admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken),
                schedule.VotingDeadline);
            if (!rankingRead)
            {
                return (burst, late, actors.Count, 0);
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
            return (burst, late, lateBallots, rounds.Count);
        }

        /// <summary>
        /// When unit <paramref name="unitIndex"/> of bloc <paramref name="blocIndex"/> submits: the province's
        /// units take turns (each bloc's units spread over the whole window) at an even pace from
        /// <see cref="ProvinceSize.BurstWindow"/> before the deadline to <see cref="ProvinceSize.BurstMargin"/> before it.
        /// </summary>
        DateTimeOffset SlotOf(int blocIndex, int unitIndex, DateTimeOffset deadline)
        {
            var turn = (unitIndex * size.Blocs) + blocIndex;
            var share = (turn + 0.5) / (size.Blocs * size.Units);
            return deadline - size.BurstWindow + ((size.BurstWindow - size.BurstMargin) * share);
        }

        /// <summary>
        /// A unit's one submission in the burst, at its slot (or at once, when scoring was seen open after
        /// it), from the unit's own browser: not through the gate, not retried. Its latency is the request's
        /// round trip; a refusal is kept with why.
        /// </summary>
        async Task<BurstSubmission> BurstSubmitAsync(SimulatedBloc bloc, SimulatedUnit unit, int n, DateTimeOffset slot, DateTimeOffset deadline)
        {
            var wait = slot - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var clientRequestId = "bench-" + year.ToString(CultureInfo.InvariantCulture);
            Interlocked.Increment(ref this.requests);
            var sentBeforeDeadline = DateTimeOffset.UtcNow < deadline;
            var clock = Stopwatch.StartNew();
            try
            {
                var sheet = await SimulatedProvince.SubmitAsync(bloc, unit, year, ProvinceScenario.Sheet(n), clientRequestId, cancellationToken);
                return new BurstSubmission(bloc, unit, clientRequestId, clock.Elapsed.TotalMilliseconds, sheet.Version, RefusedAsLate: false, Failure: null);
            }
            catch (Exception e) when (e is ApiProblemException or HttpRequestException)
            {
                Interlocked.Increment(ref this.refused);
                var late = e is ApiProblemException { Status: HttpStatusCode.Conflict } && sentBeforeDeadline;
                return new BurstSubmission(bloc, unit, clientRequestId, clock.Elapsed.TotalMilliseconds, Version: null, late, e.Message);
            }
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
                var status = await SimulatedProvince.StatusAsync(bloc.Admin, bloc.BlocId, year, cancellationToken);
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
