using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using ThiDua.Api.Endpoints;
using ThiDua.Bench.Harness;
using ThiDua.Bench.Scenarios.Host;
using ThiDua.Cli.Client;
using ThiDua.Domain;
using ThiDua.LocalHost;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Bench.Scenarios.Transitions;

/// <summary>
/// What a phase change costs the engine: one bloc of five units lives a compressed year on a local host, in this
/// process, under workflow version 1 (the baseline) and then under this build's version, each on a task hub of its own.
/// The units sign, submit and vote through the HTTP API, all but the last (so every phase runs to its deadline); the
/// leader is elected by vote, the deputy by rotation. From the year's history the scenario counts, for each deadline,
/// the orchestration episodes from its timer firing to the next phase open and every instance waiting again
/// (<see cref="TransitionSteps"/>): the close of scoring, of the review, of the leading-unit vote (to the leader vote
/// open) and of the leader election (to the archive's wait).
/// </summary>
public sealed class TransitionsScenario : IBenchScenario
{
    const string BaselineVersion = "1";
    const int Units = 5;
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public string Name => "transitions";

    public string Description => "orchestration episodes from each deadline to the next phase open, one bloc's year under workflow version 1 and this build's";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The counts do not depend on the durations; the phases only need room for the units' acts on a loaded machine,
        // and each vote's round closes well before the archive date (else the archiving would join the election's count).
        var durations = context.Quick
            ? new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(5),
                Scoring = TimeSpan.FromSeconds(5),
                Review = TimeSpan.FromSeconds(2),
                Voting = TimeSpan.FromSeconds(5),
                VoteRound = TimeSpan.FromSeconds(3),
                LeaderElection = TimeSpan.FromSeconds(5),
                Archive = TimeSpan.FromSeconds(3),
            }
            : new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(10),
                Scoring = TimeSpan.FromSeconds(10),
                Review = TimeSpan.FromSeconds(4),
                Voting = TimeSpan.FromSeconds(10),
                VoteRound = TimeSpan.FromSeconds(5),
                LeaderElection = TimeSpan.FromSeconds(10),
                Archive = TimeSpan.FromSeconds(5),
            };
        var logger = context.LoggerFactory.CreateLogger<TransitionsScenario>();
        var azurite = await context.GetAzuriteAsync(cancellationToken);

        var baseline = await YearAsync(azurite.ConnectionString, BaselineVersion, durations, logger, cancellationToken);
        var candidate = await YearAsync(azurite.ConnectionString, WorkflowVersion.Current, durations, logger, cancellationToken);
        foreach (var year in new[] { baseline, candidate })
        {
            logger.LogInformation(
                "Transitions, workflow version {Version}: scoring {Scoring}, review {Review}, vote {Vote}, election {Election} episodes",
                year.Version, year.Scoring, year.Review, year.Vote, year.Election);
        }

        return new ScenarioResult(
            this.Name,
            [
                new Figure("transitionSteps", candidate.Sum, "episodes", $"orchestration episodes from each deadline to the next phase open, summed over the four, workflow version {WorkflowVersion.Current}"),
                new Figure("transitionStepsScoring", candidate.Scoring ?? 0, "episodes", "scoring deadline to the review open"),
                new Figure("transitionStepsReview", candidate.Review ?? 0, "episodes", "review deadline to the ranking saved and the leading-unit vote's first round open"),
                new Figure("transitionStepsVote", candidate.Vote ?? 0, "episodes", "leading-unit vote's close to the leader vote's first round open"),
                new Figure("transitionStepsElection", candidate.Election ?? 0, "episodes", "leader vote's close to the year recorded and the archive's wait"),
                new Figure("transitionStepsV1", baseline.Sum, "episodes", "baseline: the same sum under workflow version 1"),
                new Figure("transitionStepsScoringV1", baseline.Scoring ?? 0, "episodes", "baseline: scoring deadline to the review open, version 1"),
                new Figure("transitionStepsReviewV1", baseline.Review ?? 0, "episodes", "baseline: review deadline to the vote open, version 1"),
                new Figure("transitionStepsVoteV1", baseline.Vote ?? 0, "episodes", "baseline: leading-unit vote's close to the leader vote open, version 1"),
                new Figure("transitionStepsElectionV1", baseline.Election ?? 0, "episodes", "baseline: leader vote's close to the archive's wait, version 1"),
            ],
            [
                new Check("both years completed and were archived", baseline.Completed && candidate.Completed, $"version 1: {baseline.Outcome}; version {WorkflowVersion.Current}: {candidate.Outcome}"),
                new Check("both years decided the same", baseline.Decided == candidate.Decided, $"version 1: {baseline.Decided}; version {WorkflowVersion.Current}: {candidate.Decided}"),
                new Check("every instance of each year ran its year's workflow version", baseline.OneVersion && candidate.OneVersion),
                new Check("every deadline's timer started its phase change in both years", baseline.Found && candidate.Found, $"version 1: {baseline}; version {WorkflowVersion.Current}: {candidate}"),
                new Check("every phase change takes no more steps than in version 1", candidate.NotMoreThan(baseline), $"version 1: {baseline}; version {WorkflowVersion.Current}: {candidate}"),
            ]);
    }

    /// <summary>One bloc's year on a local host of workflow version <paramref name="version"/>, and its counts.</summary>
    static async Task<YearCounts> YearAsync(string connectionString, string version, PhaseDurations durations, ILogger logger, CancellationToken cancellationToken)
    {
        var taskHub = BenchContext.NewTaskHubName("BenchTransitions");
        var state = Directory.CreateTempSubdirectory("thidua-bench-transitions-");
        try
        {
            await using var host = await LocalHostApp.CreateAsync(
                [
                    "--ThiDua:Api:WritesPerMinute=1000000",
                    "--Logging:LogLevel:Default=Warning",
                    "--Logging:Console:LogToStandardErrorThreshold=Trace",
                ],
                options =>
                {
                    options.StorageConnectionString = connectionString;
                    options.TaskHubName = taskHub;
                    options.WorkerId = "bench-transitions";
                    options.Urls = "http://127.0.0.1:0";
                    options.StateDirectory = state.FullName;
                    options.EmbeddedMail = true;
                    options.LaunchCheckInterval = TimeSpan.Zero;
                    options.WorkflowVersion = version;
                },
                cancellationToken);
            await host.StartAsync(cancellationToken);

            var rules = new BlocRules
            {
                ReminderOffsets = [durations.Scoring / 2],
                LeaderElection = LeaderElectionMode.Vote,
                Voting = new VotingRules { MaxRunoffs = 0 },
            };
            using var province = await SimulatedProvince.SeedAsync(
                host.Urls[0], connectionString, "buoc-v" + version + "-" + taskHub[^8..], blocs: 1, Units, rules, concurrency: Units, cancellationToken);
            var bloc = province.Blocs[0];
            var year = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
            var launch = await province.Admin.PostAsync<LaunchResponse>(
                SimulatedProvince.Path(bloc.BlocId, year, "launch"), SimulatedProvince.LaunchRequest(bloc, durations), cancellationToken);
            var schedule = launch.Schedule;
            var actors = bloc.Units.Take(Units - 1).ToList();

            await WaitForPhaseAsync(province.Admin, bloc.BlocId, year, CyclePhase.Signing, cancellationToken);
            await Task.WhenAll(actors.Select(u => SimulatedProvince.SignAsync(bloc, u, year, launch.CompactSha256, cancellationToken)));
            await WaitForPhaseAsync(province.Admin, bloc.BlocId, year, CyclePhase.Scoring, cancellationToken);
            await Task.WhenAll(actors.Select((u, i) => SimulatedProvince.SubmitAsync(
                bloc, u, year, ProvinceScenario.Sheet(i + 1), "transitions-" + version, cancellationToken)));
            await WaitForPhaseAsync(province.Admin, bloc.BlocId, year, CyclePhase.VotingLeadingUnit, cancellationToken);
            var results = await province.Admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken);
            var first = results.Ranking?.Entries is { Count: > 0 } ranked ? ranked[0].UnitId : null;
            await VoteAsync(bloc, actors, year, "leading-unit", first, schedule.VotingDeadline, cancellationToken);
            await WaitForPhaseAsync(province.Admin, bloc.BlocId, year, CyclePhase.ElectingLeader, cancellationToken);
            await VoteAsync(bloc, actors, year, "leader", bloc.Units[1].UnitId, schedule.LeaderElectionDeadline, cancellationToken);
            await WaitForPhaseAsync(province.Admin, bloc.BlocId, year, CyclePhase.Completed, cancellationToken);

            var status = await SimulatedProvince.StatusAsync(province.Admin, bloc.BlocId, year, cancellationToken);
            var decided = await province.Admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken);
            var key = new CampaignKey(bloc.BlocId, year);
            var history = await HistoryRecorder.ReadAsync(connectionString, taskHub, HistoryRecorder.CycleOf(CycleIds.Cycle(key)), cancellationToken);
            logger.LogInformation("Transitions, workflow version {Version}: {Instances} instances, {Episodes} episodes in the year", version, history.Count, history.Sum(i => i.Events.Count(e => e.Type == "OrchestratorStarted")));
            foreach (var (name, instance, from) in new[]
            {
                ("scoring", CycleIds.Scoring(key), schedule.ScoringDeadline),
                ("review", CycleIds.Scoring(key), schedule.ReviewDeadline),
                ("vote", CycleIds.Vote(key, VotePurpose.LeadingUnit), schedule.ReviewDeadline),
                ("election", CycleIds.Vote(key, VotePurpose.Leader), schedule.ReviewDeadline),
            })
            {
                logger.LogInformation(
                    "Transitions, workflow version {Version}, {Transition}: {Chain}", version, name, string.Join(" > ", TransitionSteps.Chain(history, instance, from) ?? []));
            }

            return new YearCounts(
                version,
                TransitionSteps.Count(history, CycleIds.Scoring(key), schedule.ScoringDeadline),
                TransitionSteps.Count(history, CycleIds.Scoring(key), schedule.ReviewDeadline),
                TransitionSteps.Count(history, CycleIds.Vote(key, VotePurpose.LeadingUnit), schedule.ReviewDeadline),
                TransitionSteps.Count(history, CycleIds.Vote(key, VotePurpose.Leader), schedule.ReviewDeadline),
                Completed: status?.RuntimeStatus == "Completed" && decided.Archive is not null,
                Outcome: $"{status?.RuntimeStatus ?? "not started"}, archive {(decided.Archive is null ? "missing" : "written")}",
                Decided: $"leading unit {UnitNumber(bloc, decided.LeadingUnitId)}, next leader {UnitNumber(bloc, decided.NextLeaderUnitId)} ({decided.NextLeaderElectedBy}), deputy {UnitNumber(bloc, decided.NextDeputyUnitId)}",
                OneVersion: history.Count > 0 && history.All(i => i.Version == version));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    /// <summary>The unit's place in its bloc (bloc ids differ between the two years), or "nobody".</summary>
    static string UnitNumber(SimulatedBloc bloc, string? unitId) =>
        unitId is null ? "nobody" : string.Create(CultureInfo.InvariantCulture, $"{bloc.Units.ToList().FindIndex(u => u.UnitId == unitId) + 1}");

    /// <summary>Each voter casts its ballot for <paramref name="choice"/>, retried while the round is not open yet, until <paramref name="until"/>.</summary>
    static async Task VoteAsync(
        SimulatedBloc bloc, IReadOnlyList<SimulatedUnit> voters, int year, string purpose, string? choice, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (choice is null)
        {
            return;
        }

        await Task.WhenAll(voters.Select(async u =>
        {
            // The status may show the vote a moment before its round is stored: the API says 409 until then.
            while (true)
            {
                try
                {
                    await u.Api.PostAsync<BallotReceipt>(
                        SimulatedProvince.Path(bloc.BlocId, year, $"votes/{purpose}/ballots"), new BallotRequest { Choice = choice }, cancellationToken);
                    return;
                }
                catch (ApiProblemException e) when (e.Status is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
                {
                    if (DateTimeOffset.UtcNow >= until)
                    {
                        // Late on a loaded machine: the vote goes on without this ballot, which changes no count.
                        return;
                    }

                    await Task.Delay(PollInterval, cancellationToken);
                }
            }
        }));
    }

    /// <summary>Polls the bloc's status until it shows <paramref name="phase"/> or a later one (for Completed, the workflow ended too).</summary>
    static async Task WaitForPhaseAsync(ApiClient admin, string blocId, int year, CyclePhase phase, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(3));
        while (await SimulatedProvince.StatusAsync(admin, blocId, year, bound.Token) is not { } status
            || status.Phase < phase
            || (phase == CyclePhase.Completed && status.RuntimeStatus != "Completed"))
        {
            await Task.Delay(PollInterval, bound.Token);
        }
    }

    /// <summary>The episodes each phase change took in one year (null: its deadline's timer never started it).</summary>
    sealed record YearCounts(
        string Version, int? Scoring, int? Review, int? Vote, int? Election, bool Completed, string Outcome, string Decided, bool OneVersion)
    {
        int?[] All => [this.Scoring, this.Review, this.Vote, this.Election];

        public bool Found => this.All.All(c => c is not null);

        public int Sum => this.All.Sum(c => c ?? 0);

        public bool NotMoreThan(YearCounts baseline) =>
            this.Found && baseline.Found && this.All.Zip(baseline.All).All(p => p.First <= p.Second);

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture, $"scoring {this.Scoring?.ToString(CultureInfo.InvariantCulture) ?? "-"}, review {this.Review?.ToString(CultureInfo.InvariantCulture) ?? "-"}, vote {this.Vote?.ToString(CultureInfo.InvariantCulture) ?? "-"}, election {this.Election?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
    }
}
