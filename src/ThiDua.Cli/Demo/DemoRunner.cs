using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Domain;
using ThiDua.LocalHost;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Cli.Demo;

/// <summary>Settings of a demo run; tests shorten the schedule.</summary>
public sealed record DemoOptions
{
    /// <summary>The compressed year; default <see cref="PhaseDurations.Demo"/> (about two minutes).</summary>
    public PhaseDurations Durations { get; init; } = PhaseDurations.Demo;

    /// <summary>Reminder offsets before the scoring deadline.</summary>
    public IReadOnlyList<TimeSpan> ReminderOffsets { get; init; } = Seeder.DemoReminderOffsets;

    /// <summary>How long after its first sheet the Military Command sends its corrected one.</summary>
    public TimeSpan ResubmitDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How often the demo and its units read the status.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>Where the demo tells what happens (the console, or stderr with --json).</summary>
public interface IDemoReporter
{
    void Phase(CampaignStatus status, Texts texts);

    void Tell(string text);
}

/// <summary>
/// The main job: against a started local host, registers the bloc and its units, issues tokens,
/// launches a compressed year, and lets five simulated units act through the public HTTP API with
/// their own tokens and keys, while it watches the cycle's status and the outbox. A campaign may
/// only be launched in its year or the year before, so a run takes the current (Vietnam) year of
/// <c>noi-chinh</c>, the next run the following year under the leader the first elected, and later
/// runs the same two years of a new bloc id (<c>noi-chinh-2</c>, <c>noi-chinh-3</c>...). Runs
/// accumulate in the state folder; every year stays readable with status and results.
/// </summary>
public sealed class DemoRunner(LocalHostApp host, LocalState state, Texts texts, IDemoReporter reporter, DemoOptions options)
{
    private readonly List<string> _signed = [];
    private readonly List<string> _submitted = [];
    private DemoRefusal? _lateRefusal;
    private string _bloc = NoiChinhBloc.BlocId;

    public async Task<DemoSummary> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var tokens = host.Services.GetRequiredService<ITokenStore>();
        var issued = new List<string>();
        try
        {
            var adminToken = await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(2), "demo: council staff", cancellationToken);
            issued.Add(adminToken.TokenId);
            using var admin = new ApiClient(host.Urls[0], adminToken.Token, texts.Language);

            var (blocId, year) = await NextCampaignAsync(cancellationToken);
            _bloc = blocId;
            await Seeder.SeedAsync(admin, state, blocId, options.ReminderOffsets, cancellationToken, atConference: true);
            reporter.Tell(texts.Format("demo.seeded", NoiChinhBloc.Name, blocId, string.Join(", ", NoiChinhBloc.Units.Select(u => u.Name))));

            var unitClients = new Dictionary<string, ApiClient>(StringComparer.Ordinal);
            foreach (var unit in NoiChinhBloc.Units)
            {
                var token = await tokens.IssueAsync(Caller.Unit(blocId, unit.UnitId), TimeSpan.FromHours(2), $"demo: {unit.Name}", cancellationToken);
                issued.Add(token.TokenId);
                unitClients[unit.UnitId] = new ApiClient(host.Urls[0], token.Token, texts.Language);
            }

            try
            {
                var mailBefore = (await MailOutbox.ReadAsync(state.OutboxDirectory, cancellationToken)).Select(m => m.File).ToHashSet(StringComparer.Ordinal);
                var launch = await LaunchAsync(admin, unitClients, year, cancellationToken);
                reporter.Tell(texts.Format(
                    "demo.launched", year, NoiChinhBloc.Units.First(u => u.UnitId == launch.LeaderUnitId).Name, DemoText.Time(launch.Schedule.ArchiveAt), launch.CompactSha256));

                var agents = NoiChinhBloc.Units.Select(u => ActAsync(u, unitClients[u.UnitId], year, launch, cancellationToken)).ToList();
                var (transitions, reminders) = await WatchAsync(admin, year, launch.Schedule, mailBefore, cancellationToken);
                await Task.WhenAll(agents);

                var results = await admin.GetAsync<CampaignResults>(Path(year, "results"), cancellationToken);
                RoundResult? round = null;
                for (var n = 1; ; n++)
                {
                    try
                    {
                        round = await admin.GetAsync<RoundResult>(Path(year, $"votes/leading-unit/rounds/{n}"), cancellationToken);
                    }
                    catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
                    {
                        break;
                    }
                }

                return new DemoSummary
                {
                    BlocId = blocId,
                    Year = year,
                    LeaderUnitId = launch.LeaderUnitId,
                    Ranking = results.Ranking?.Entries.Select(e => new DemoRankEntry(e.UnitId, e.Name, e.Total)).ToList() ?? [],
                    LeadingUnitId = results.LeadingUnitId,
                    Proposals = results.Proposals ?? [],
                    NextLeaderUnitId = results.NextLeaderUnitId,
                    NextDeputyUnitId = results.NextDeputyUnitId,
                    NextLeaderElectedBy = results.NextLeaderElectedBy?.ToString().ToLowerInvariant(),
                    NextDeputyElectedBy = results.NextDeputyElectedBy?.ToString().ToLowerInvariant(),
                    Archive = results.Archive is { } a ? new DemoArchive(a.Location, a.ManifestSha256, System.IO.Path.Combine(state.Directory, "azurite")) : null,
                    Signers = [.. _signed.Order(StringComparer.Ordinal)],
                    Submitted = [.. _submitted.Distinct().Order(StringComparer.Ordinal)],
                    Resubmitted = DemoScenario.Resubmitter,
                    LateRefusal = _lateRefusal,
                    NeverSubmitted = [DemoScenario.NeverSubmits],
                    Reminders = reminders,
                    LeadingUnitVote = round?.Tally,
                    Transitions = transitions,
                    WallTimeSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
                    StateDirectory = state.Directory,
                };
            }
            finally
            {
                foreach (var client in unitClients.Values)
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            foreach (var id in issued)
            {
                await tokens.RevokeAsync(id, CancellationToken.None);
            }
        }
    }

    string Path(int year, string rest) => string.Create(CultureInfo.InvariantCulture, $"api/blocs/{_bloc}/campaigns/{year}/{rest}");

    /// <summary>The first of (noi-chinh, this year), (noi-chinh, next year), (noi-chinh-2, this year)... with no campaign and no cycle yet.</summary>
    async Task<(string BlocId, int Year)> NextCampaignAsync(CancellationToken cancellationToken)
    {
        var campaigns = host.Services.GetRequiredService<ICampaignStore>();
        var thisYear = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
        for (var run = 1; ; run++)
        {
            var blocId = run == 1 ? NoiChinhBloc.BlocId : string.Create(CultureInfo.InvariantCulture, $"{NoiChinhBloc.BlocId}-{run}");
            var years = await campaigns.ListYearsAsync(blocId, cancellationToken);
            foreach (var year in new[] { thisYear, thisYear + 1 })
            {
                if (!years.Contains(year) && await host.Client.GetInstanceAsync(CycleIds.Cycle(new CampaignKey(blocId, year)), cancellationToken) is null)
                {
                    return (blocId, year);
                }
            }
        }
    }

    /// <summary>
    /// The bloc's first year is launched by council staff naming the leader (the Department of Home Affairs,
    /// which hosted the year-end conference of January 2018); later years by the leader the previous year elected.
    /// </summary>
    async Task<LaunchResponse> LaunchAsync(ApiClient admin, Dictionary<string, ApiClient> units, int year, CancellationToken cancellationToken)
    {
        string? planned = null;
        try
        {
            planned = (await admin.GetAsync<CampaignResults>(Path(year - 1, "results"), cancellationToken)).NextLeaderUnitId;
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
        {
            // No previous year: this is the bloc's first.
        }

        var request = new LaunchRequest
        {
            Commitments = NoiChinhBloc.Commitments,
            Criteria = NoiChinhBloc.Criteria,
            Durations = options.Durations,
            LeaderUnitId = planned is null ? DemoScenario.FirstLeader : null,
            DeputyUnitId = planned is null ? DemoScenario.FirstDeputy : null,
        };
        var launcher = planned is null ? admin : units[planned];
        return await launcher.PostAsync<LaunchResponse>(Path(year, "launch"), request, cancellationToken);
    }

    /// <summary>One simulated unit: its own token, its own key, only the public API.</summary>
    async Task ActAsync(DemoUnit unit, ApiClient api, int year, LaunchResponse launch, CancellationToken cancellationToken)
    {
        var order = NoiChinhBloc.Units.ToList().FindIndex(u => u.UnitId == unit.UnitId);
        await Task.Delay(TimeSpan.FromMilliseconds(400 * (order + 1)), cancellationToken);

        var compact = await api.GetBytesAsync(Path(year, "compact"), cancellationToken);
        if (!Convert.ToHexStringLower(SHA256.HashData(compact)).Equals(launch.CompactSha256, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(texts.Format("demo.compactMismatch", unit.Name));
        }

        using (var certificate = UnitKeys.LoadOrCreate(state, unit))
        {
            var signature = CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow);
            var receipt = await api.PutBytesAsync<SignatureReceipt>(Path(year, $"signatures/{unit.UnitId}"), signature, UnitApi.SignatureMediaType, cancellationToken);
            lock (_signed)
            {
                _signed.Add(unit.UnitId);
            }

            reporter.Tell(texts.Format("demo.signed", unit.Name, receipt.SignatureSha256[..16]));
        }

        await WaitForPhaseAsync(api, year, CyclePhase.Scoring, cancellationToken);
        var first = DemoScenario.Submissions.FirstOrDefault(s => s.UnitId == unit.UnitId);
        if (first.Lines is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300 * DemoScenario.Submissions.ToList().IndexOf(first)), cancellationToken);
            await SubmitAsync(api, unit, year, first.Lines, "v1", cancellationToken);
            if (unit.UnitId == DemoScenario.Resubmitter)
            {
                await Task.Delay(options.ResubmitDelay, cancellationToken);
                await SubmitAsync(api, unit, year, DemoScenario.Resubmission, "v2", cancellationToken);
            }
        }

        // Late and review acts follow the published deadline, as a unit's clerk would, not the workflow's status.
        var afterDeadline = launch.Schedule.ScoringDeadline + TimeSpan.FromMilliseconds(300) - DateTimeOffset.UtcNow;
        if (afterDeadline > TimeSpan.Zero)
        {
            await Task.Delay(afterDeadline, cancellationToken);
        }

        if (unit.UnitId == DemoScenario.LateSubmitter)
        {
            try
            {
                await SubmitAsync(api, unit, year, DemoScenario.LateSheet, "late", cancellationToken);
                throw new InvalidOperationException(texts.Format("demo.lateAccepted", unit.Name));
            }
            catch (ApiProblemException refused) when ((int)refused.Status is >= 400 and < 500)
            {
                _lateRefusal = new DemoRefusal(unit.UnitId, (int)refused.Status, refused.Code, refused.Problem?["detail"]?.ToString());
                reporter.Tell(texts.Format("demo.lateRefused", unit.Name, refused.Message));
            }
        }

        if (unit.UnitId == launch.LeaderUnitId)
        {
            var adjustment = DemoScenario.Adjustment;
            await api.PostAsync<ScoreAdjustment>(
                Path(year, "adjustments"),
                new AdjustmentRequest { ClientRequestId = "demo-adjustment-1", UnitId = adjustment.UnitId, CriterionId = adjustment.CriterionId, NewPoints = adjustment.NewPoints, Reason = adjustment.Reason },
                cancellationToken);
            reporter.Tell(texts.Format("demo.adjusted", unit.Name, NoiChinhBloc.Units.First(u => u.UnitId == adjustment.UnitId).Name, adjustment.CriterionId, adjustment.NewPoints, adjustment.Reason));
        }

        await WaitForPhaseAsync(api, year, CyclePhase.AwaitingConference, cancellationToken);
        var conference = AttendConferenceAsync(unit, api, year, cancellationToken);
        if (unit.UnitId == launch.LeaderUnitId)
        {
            await ChairConferenceAsync(api, year, cancellationToken);
        }

        await conference;
    }

    /// <summary>
    /// The year's leader chairs the year-end conference: nominates next year's leader and deputy, opens the
    /// conference with every unit present, opens each vote's rounds as the previous one closes, and closes it.
    /// </summary>
    async Task ChairConferenceAsync(ApiClient chair, int year, CancellationToken cancellationToken)
    {
        foreach (var (purpose, unitId) in DemoScenario.Nominations)
        {
            await chair.PutAsync<NominationView>(Path(year, $"nominations/{purpose}/{unitId}"), new { }, cancellationToken);
        }

        await RetryAsync(() => chair.PostAsync<ConferenceView>(Path(year, "conference/open"), new { }, cancellationToken), cancellationToken);
        var attendance = NoiChinhBloc.Units.Select(u => new AttendanceEntry(u.UnitId, Attendance.Present)).ToList();
        await chair.PutAsync<ConferenceView>(Path(year, "conference/attendance"), new AttendanceRequest { Attendance = attendance }, cancellationToken);
        reporter.Tell(texts.Format("demo.conferenceOpened", NoiChinhBloc.Units.Count));
        var announced = 0;
        ChairAct? requested = null;
        while (true)
        {
            var view = await chair.GetAsync<ConferenceView>(Path(year, "conference"), cancellationToken);

            // The workflow opens a requested round a moment after the request: until then the chair does not ask again.
            if (requested is { } asked && view.ClosedRounds.Append(view.OpenRound).Any(r => r is not null && r.Purpose == asked.Purpose && r.Round == asked.Round))
            {
                requested = null;
            }

            for (; announced < view.ClosedRounds.Count; announced++)
            {
                var closed = view.ClosedRounds[announced];
                reporter.Tell(texts.Format("demo.roundClosed", texts["vote." + VoteName(closed.Purpose)], closed.Round, DemoText.Tally(closed)));
            }

            if (requested is null && view.OpenRound is null && view.NextPurpose is { } next)
            {
                requested = await chair.PostAsync<ChairAct>(Path(year, "conference/rounds"), new RoundOpeningRequest { Purpose = VoteName(next) }, cancellationToken);
            }
            else if (requested is null && view.OpenRound is null)
            {
                await chair.PostAsync<ConferenceView>(Path(year, "conference/close"), new { }, cancellationToken);
                reporter.Tell(texts["demo.conferenceClosed"]);
                return;
            }

            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    /// <summary>A unit at the conference: casts its ballot in each round the chair opens, until the conference closes.</summary>
    async Task AttendConferenceAsync(DemoUnit unit, ApiClient api, int year, CancellationToken cancellationToken)
    {
        var voted = new HashSet<(VotePurpose, int)>();
        while (true)
        {
            ConferenceView view;
            try
            {
                view = await api.GetAsync<ConferenceView>(Path(year, "conference"), cancellationToken);
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // The year is archived and its conference with it.
                return;
            }

            if (view.Closed)
            {
                return;
            }

            if (view.OpenRound is { } round && voted.Add((round.Purpose, round.Round)))
            {
                var choice = DemoScenario.Choice(unit.UnitId, round.Candidates.Select(c => c.UnitId).ToList());
                try
                {
                    await api.PostAsync<BallotReceipt>(Path(year, $"votes/{VoteName(round.Purpose)}/ballots"), new BallotRequest { Choice = choice }, cancellationToken);
                    reporter.Tell(texts.Format("demo.voted", unit.Name, texts["vote." + VoteName(round.Purpose)]));
                }
                catch (ApiProblemException e) when (e.Code is "round-closed" or "already-voted" or "no-open-round")
                {
                    // The round closed (or was counted) between the read and the ballot: the next round will come.
                }
            }

            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    static string VoteName(VotePurpose purpose) => purpose switch
    {
        VotePurpose.LeadingUnit => "leading-unit",
        VotePurpose.Leader => "leader",
        _ => "deputy",
    };

    async Task SubmitAsync(ApiClient api, DemoUnit unit, int year, IReadOnlyList<ScoreLine> lines, string version, CancellationToken cancellationToken)
    {
        var submission = new ScoreSubmission
        {
            BlocId = _bloc,
            Year = year,
            UnitId = unit.UnitId,
            ClientRequestId = string.Create(CultureInfo.InvariantCulture, $"demo-{year}-{version}"),
            Lines = lines,
        };
        var sheet = await api.PostAsync<ScoreSheet>(Path(year, $"scores/{unit.UnitId}"), submission, cancellationToken);
        lock (_signed)
        {
            _submitted.Add(unit.UnitId);
        }

        reporter.Tell(texts.Format("demo.submitted", unit.Name, sheet.Version, Points.Format(sheet.Totals.Total)));
    }

    async Task WaitForPhaseAsync(ApiClient api, int year, CyclePhase phase, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await TryStatusAsync(api, year, cancellationToken);
            if (status?.Phase is { } current && current >= phase)
            {
                return;
            }

            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    /// <summary>Follows the cycle to its end: phase changes (and how long after each deadline) and the mail that arrives.</summary>
    async Task<(List<DemoTransition> Transitions, List<DemoMail> Reminders)> WatchAsync(
        ApiClient admin, int year, CampaignSchedule schedule, HashSet<string> mailBefore, CancellationToken cancellationToken)
    {
        var transitions = new List<DemoTransition>();
        var reminders = new List<DemoMail>();
        var neverSubmitted = NoiChinhBloc.Units.First(u => u.UnitId == DemoScenario.NeverSubmits);
        var addresses = neverSubmitted.Contacts.Select(c => c.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var giveUp = schedule.ArchiveAt + TimeSpan.FromMinutes(2);
        CampaignStatus? last = null;
        while (true)
        {
            var status = await TryStatusAsync(admin, year, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            if (status?.Phase is not null && (last is null || status.Phase != last.Phase || !status.Pending.SequenceEqual(last.Pending)))
            {
                if (last?.Phase is { } from && status.Phase is { } to && from != to)
                {
                    var delay = last.Deadline is { } d ? Math.Round((now - d).TotalSeconds, 2) : (double?)null;
                    transitions.Add(new DemoTransition(from, to, last.Deadline, now, delay));
                }

                reporter.Phase(status, texts);
                last = status;
            }

            foreach (var mail in await MailOutbox.ReadAsync(state.OutboxDirectory, cancellationToken))
            {
                if (mailBefore.Add(mail.File))
                {
                    reporter.Tell(texts.Format("demo.mail", string.Join(", ", mail.Recipients), mail.Subject));
                    if (mail.Kind == MessageKeys.ReminderKind && mail.Recipients.Any(addresses.Contains))
                    {
                        reminders.Add(new DemoMail(mail.Time, mail.Recipients, mail.Subject));
                    }
                }
            }

            if (status?.RuntimeStatus is "Completed")
            {
                return (transitions, reminders);
            }

            if (status?.RuntimeStatus is "Failed" or "Terminated" || now > giveUp)
            {
                throw new InvalidOperationException(texts.Format("demo.stuck", year, status?.RuntimeStatus ?? "?", status?.Phase?.ToString() ?? "?"));
            }

            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    async Task<CampaignStatus?> TryStatusAsync(ApiClient api, int year, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetAsync<CampaignStatus>(Path(year, "status"), cancellationToken);
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Reads that depend on a workflow step just behind the status (ranking saved, round opened) are retried briefly.</summary>
    static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (ApiProblemException e) when (attempt < 40 && e.Status is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }
}

/// <summary>Times in the demo's output: Vietnam time with seconds, since the demo's deadlines are seconds apart.</summary>
public static class DemoText
{
    public static string Time(DateTimeOffset instant) =>
        VietnamTime.ToVietnam(instant).ToString("HH:mm:ss dd/MM/yyyy", CultureInfo.InvariantCulture) + " (UTC+7)";

    /// <summary>A closed round's count by candidate name, for the console.</summary>
    public static string Tally(ConferenceRoundView round) =>
        string.Join(", ", round.Tally!.Counts.Select(c => $"{round.Candidates.FirstOrDefault(x => x.UnitId == c.CandidateId)?.Name ?? c.CandidateId}: {c.Votes}"));

    public static string Pending(IReadOnlyList<string> pending) =>
        pending.Count == 0 ? "—" : new StringBuilder().AppendJoin(", ", pending.Select(id => NoiChinhBloc.Units.FirstOrDefault(u => u.UnitId == id)?.Name ?? id)).ToString();
}
