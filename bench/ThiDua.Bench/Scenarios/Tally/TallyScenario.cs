using System.Diagnostics;
using System.Globalization;
using ThiDua.Bench.Harness;
using ThiDua.Domain;

namespace ThiDua.Bench.Scenarios.Tally;

/// <summary>
/// Counting 10,000 secret ballots with <see cref="VoteRules.Count"/> against a plain dictionary
/// count of the same ballots. The domain count also checks rounds, duplicate ids and candidates
/// and decides the outcome, so it is expected to cost more; the ratio says how much.
/// </summary>
public sealed class TallyScenario : IBenchScenario
{
    static readonly string[] Candidates = ["so-noi-vu", "cong-an-tinh", "bo-chi-huy-quan-su", "so-tu-phap", "cuc-thi-hanh-an"];

    public string Name => "tally";

    public string Description => "VoteRules.Count of 10,000 ballots vs a plain dictionary count of the same ballots";

    public Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ballotCount, warmUps, runs) = context.Quick ? (500, 1, 3) : (10_000, 20, 31);
        var round = new VoteRound
        {
            BlocId = "noi-chinh",
            Year = 2025,
            Purpose = VotePurpose.LeadingUnit,
            RoundNumber = 1,
            Candidates = Candidates,
            EligibleVoters = ballotCount,
        };
        var rules = new VotingRules();
        var ballots = MakeBallots(round, ballotCount);

        var reference = DictionaryCount(ballots);
        var tally = VoteRules.Count(round, ballots, rules);
        var countsMatch = tally.BallotsCast == ballotCount
            && tally.Abstentions == reference.Abstentions
            && tally.Counts.All(c => c.Votes == reference.Votes.GetValueOrDefault(c.CandidateId))
            && tally.Counts.Sum(c => c.Votes) + tally.Abstentions == ballotCount;

        for (var i = 0; i < warmUps; i++)
        {
            VoteRules.Count(round, ballots, rules);
            DictionaryCount(ballots);
        }

        // Alternate the two so that drift of this shared machine hits both alike.
        var domainMs = new List<double>(runs);
        var dictionaryMs = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            domainMs.Add(Time(() => VoteRules.Count(round, ballots, rules)));
            dictionaryMs.Add(Time(() => DictionaryCount(ballots)));
        }

        var domain = Stats.Median(domainMs);
        var dictionary = Stats.Median(dictionaryMs);
        var result = new ScenarioResult(
            this.Name,
            [
                new Figure("tally10kMs", domain, "ms", $"VoteRules.Count of {ballotCount} ballots, median of {runs} runs"),
                new Figure("tallyDictionaryBaselineMs", dictionary, "ms", "plain dictionary count of the same ballots, median"),
                new Figure("tallyRatio", domain / dictionary, "ratio", "VoteRules.Count time / dictionary count time (informative)"),
                new Figure("tallyBallots", ballotCount, "ballots", "ballots counted, about one in six blank"),
            ],
            [
                new Check(
                    "tally equals the reference count",
                    countsMatch,
                    string.Join(", ", tally.Counts.Select(c => $"{c.CandidateId} {c.Votes}/{reference.Votes.GetValueOrDefault(c.CandidateId)}"))
                        + $", blank {tally.Abstentions}/{reference.Abstentions}"),
            ]);
        return Task.FromResult(result);
    }

    /// <summary>Ballots spread over the candidates with a fixed seed, so every run counts the same ballots.</summary>
    static Ballot[] MakeBallots(VoteRound round, int count)
    {
        var random = new Random(20180112);
        var ballots = new Ballot[count];
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(Candidates.Length + 1);
            ballots[i] = new Ballot(
                round.RoundKey,
                i.ToString("x32", CultureInfo.InvariantCulture),
                pick == Candidates.Length ? null : Candidates[pick]);
        }

        return ballots;
    }

    static (Dictionary<string, int> Votes, int Abstentions) DictionaryCount(Ballot[] ballots)
    {
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        var abstentions = 0;
        foreach (var ballot in ballots)
        {
            if (ballot.Choice is null)
            {
                abstentions++;
            }
            else
            {
                votes[ballot.Choice] = votes.GetValueOrDefault(ballot.Choice) + 1;
            }
        }

        return (votes, abstentions);
    }

    static double Time<T>(Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(work());
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
