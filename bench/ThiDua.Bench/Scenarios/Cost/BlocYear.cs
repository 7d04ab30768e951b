using System.Globalization;
using System.Net;
using System.Text;
using ThiDua.Api.Endpoints;
using ThiDua.Bench.Scenarios.Host;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Bench.Scenarios.Cost;

/// <summary>
/// One bloc's whole year through the API, as its people would live it: every unit but the last
/// signs, uploads one evidence file and submits (the last never acts, so every phase runs to its
/// deadline and the reminder goes out), the leader adjusts one score in review, every acting unit
/// votes, the year is archived and council staff download every document. Each act waits for its
/// phase to show open in the status (polled once a second, as a portal page would refresh);
/// <c>phaseSeen</c> is told each phase as the status first shows it (Completed for the end).
/// </summary>
internal sealed class BlocYear(SimulatedBloc bloc, ApiClient admin, int year, Func<CyclePhase, Task> phaseSeen, CancellationToken cancellationToken)
{
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    int requests;
    int late;

    /// <summary>API calls made, status polls and downloads included.</summary>
    public int Requests => this.requests;

    /// <summary>Acts refused because their phase had closed before they got through.</summary>
    public int Late => this.late;

    /// <summary>Documents downloaded after the archive.</summary>
    public int DocumentsDownloaded { get; private set; }

    /// <summary>Runs the year to its end; returns whether it completed with an archive.</summary>
    public async Task<bool> RunAsync(PhaseDurations durations)
    {
        var launch = await this.CallAsync(() => admin.PostAsync<LaunchResponse>(
            SimulatedProvince.Path(bloc.BlocId, year, "launch"), SimulatedProvince.LaunchRequest(bloc, durations), cancellationToken));
        var schedule = launch.Schedule;
        var actors = bloc.Units.Take(bloc.Units.Count - 1).ToList();
        var leader = bloc.Units[0];

        await this.UntilAsync(CyclePhase.Signing);
        await Task.WhenAll(actors.Select(u => this.ActAsync(
            () => SimulatedProvince.SignAsync(bloc, u, year, launch.CompactSha256, cancellationToken), schedule.SigningDeadline)));

        await this.UntilAsync(CyclePhase.Scoring);
        var evidence = Encoding.ASCII.GetBytes("%PDF-1.4\n" + new string('x', 48 * 1024) + "\n%%EOF\n");
        await Task.WhenAll(actors.Select(async (u, i) =>
        {
            await this.ActAsync(
                () => u.Api.SendBytesAsync<System.Text.Json.Nodes.JsonNode>(
                    HttpMethod.Post, SimulatedProvince.Path(bloc.BlocId, year, "evidence/" + u.UnitId + "?fileName=bao-cao-tu-cham.pdf"), evidence, "application/pdf", cancellationToken),
                schedule.ScoringDeadline);
            await this.ActAsync(
                () => SimulatedProvince.SubmitAsync(bloc, u, year, Sheet(i + 1), "cost-" + u.UnitId, cancellationToken),
                schedule.ScoringDeadline);
        }));

        await this.UntilAsync(CyclePhase.Review);
        await this.ActAsync(
            () => leader.Api.PostAsync<ScoreAdjustment>(
                SimulatedProvince.Path(bloc.BlocId, year, "adjustments"),
                new AdjustmentRequest { ClientRequestId = "cost-adjustment", UnitId = actors[^1].UnitId, CriterionId = "1-2", NewPoints = 17, Reason = "Chưa đạt chỉ tiêu hồ sơ trực tuyến toàn trình" },
                cancellationToken),
            schedule.ReviewDeadline);

        await this.UntilAsync(CyclePhase.VotingLeadingUnit);
        var ranking = await this.CallAsync(() => admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken));
        var candidates = (ranking.Ranking?.Entries ?? []).Take(3).Select(e => e.UnitId).ToList();
        await Task.WhenAll(actors.Select(u => this.ActAsync(
            () => u.Api.PostAsync<BallotReceipt>(
                SimulatedProvince.Path(bloc.BlocId, year, "votes/leading-unit/ballots"), new BallotRequest { Choice = DemoScenario.Choice(u.UnitId, candidates) }, cancellationToken),
            schedule.VotingDeadline)));

        var status = await this.UntilAsync(null);
        var documents = await this.CallAsync(() => admin.GetAsync<DocumentList>(SimulatedProvince.Path(bloc.BlocId, year, "documents"), cancellationToken));
        foreach (var file in documents.Documents.SelectMany(d => d.Files))
        {
            await this.CallAsync(() => admin.GetBytesAsync(file.Url.TrimStart('/'), cancellationToken));
            this.DocumentsDownloaded++;
        }

        var results = await this.CallAsync(() => admin.GetAsync<CampaignResults>(SimulatedProvince.Path(bloc.BlocId, year, "results"), cancellationToken));
        return status?.RuntimeStatus == "Completed" && results.Archive is not null;
    }

    /// <summary>A unit's self-assessment: unit n (1-based) scores 50 − n on the first criterion.</summary>
    static IReadOnlyList<ScoreLine> Sheet(int n) => [new("1-1", 50 - n), new("1-2", 18), new("2-1", 14), new("2-2", 14)];

    /// <summary>Polls the status until <paramref name="phase"/> is open or later (null: until the year completed).</summary>
    async Task<CampaignStatus?> UntilAsync(CyclePhase? phase)
    {
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            Interlocked.Increment(ref this.requests);
            var status = await SimulatedProvince.StatusAsync(admin, bloc.BlocId, year, cancellationToken);
            if (status?.RuntimeStatus is "Completed" || (phase is not null && status?.Phase >= phase))
            {
                await phaseSeen(status?.RuntimeStatus is "Completed" ? CyclePhase.Completed : phase!.Value);
                return status;
            }

            if (status?.RuntimeStatus is "Failed" or "Terminated" || DateTimeOffset.UtcNow > giveUp)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{bloc.BlocId}: still {status?.Phase} ({status?.RuntimeStatus}), waiting for {phase?.ToString() ?? "the end of the year"}."));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        Interlocked.Increment(ref this.requests);
        return await call();
    }

    /// <summary>An act refused as not yet or no longer possible (404, 409) is tried again until its phase's deadline, then counted late.</summary>
    async Task ActAsync(Func<Task> act, DateTimeOffset deadline)
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
                return;
            }
            catch (ApiProblemException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                if (DateTimeOffset.UtcNow + PollInterval >= deadline)
                {
                    Interlocked.Increment(ref this.late);
                    return;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
