using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Cycle;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// A conference left open is closed by its bound with what was recorded: the chair opens the conference and
/// the leading-unit round, two of five units vote, and nobody closes anything. At the bound the round is
/// counted (no quorum), no runoff is held, the year has no leading unit, the leadership follows the rotation,
/// the conference is recorded as closed by its bound, and the year is archived with it.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class ConferenceBoundTests(AzuriteFixture azurite)
{
    [Fact]
    [Trait("Category", "RecordHistories")]
    public async Task A_conference_left_open_is_closed_by_its_bound_with_what_was_recorded()
    {
        var scope = azurite.CreateScope(nameof(ConferenceBoundTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "conference-bound-worker");
        var tokens = await IssueTokensAsync(host.Services.GetRequiredService<ITokenStore>(), ct);
        using var admin = new ApiClient(host.Urls[0], tokens["admin"]);
        var keys = LocalState.At(state.Path);

        // A bloc that votes by deadline holds this one year at a conference: the launch chooses the mode.
        await Seeder.SeedAsync(admin, keys, BlocId, [], ct);
        var durations = CycleHosts.ShortYear with { Voting = TimeSpan.FromSeconds(8), LeaderElection = TimeSpan.FromSeconds(6) };
        var launch = await admin.PostAsync<LaunchResponse>(CampaignPath("launch"), DemoLaunch with { Durations = durations, YearEnd = YearEndMode.Conference }, ct);
        var compact = await admin.GetBytesAsync(CampaignPath("compact"), ct);
        foreach (var unit in Units)
        {
            using var api = admin.As(tokens[unit.UnitId]);
            await SignAsync(api, keys, unit, compact, ct);
        }

        await WaitForPhaseAsync(admin, CyclePhase.Scoring, ct);
        foreach (var (unitId, lines) in DemoScenario.Submissions)
        {
            using var api = admin.As(tokens[unitId]);
            await api.PostAsync<ScoreSheet>(CampaignPath($"scores/{unitId}"), new ScoreSubmission { BlocId = BlocId, Year = Year, UnitId = unitId, ClientRequestId = "bound-" + unitId, Lines = lines }, ct);
        }

        await WaitForPhaseAsync(admin, CyclePhase.AwaitingConference, ct);
        using var chair = admin.As(tokens[launch.LeaderUnitId]);
        await chair.PostAsync<ConferenceView>(CampaignPath("conference/open"), new { }, ct);
        await chair.PutAsync<ConferenceView>(
            CampaignPath("conference/attendance"), new AttendanceRequest { Attendance = Units.Select(u => new ThiDua.Storage.AttendanceEntry(u.UnitId, Attendance.Present)).ToList() }, ct);
        await chair.PostAsync<ChairAct>(CampaignPath("conference/rounds"), new RoundOpeningRequest { Purpose = "leading-unit" }, ct);
        foreach (var voter in new[] { HomeAffairs, Police })
        {
            using var api = admin.As(tokens[voter]);
            await CastAsync(api, HomeAffairs, ct);
        }

        await WaitForPhaseAsync(admin, CyclePhase.Completed, ct);
        await HistoryRecorder.RecordAsync(
            scope,
            "conference-closed-by-its-bound",
            "A conference opened, its leading-unit round voted by two of five and nothing closed: the bound ends the round "
            + "undecided (no quorum), the leadership follows the rotation, the conference is closed by its bound; the archive.",
            HistoryRecorder.CycleOf(CycleIds.Cycle(new CampaignKey(BlocId, Year))),
            ct);

        var conference = await admin.GetAsync<ConferenceView>(CampaignPath("conference"), ct);
        Assert.True(conference is { Opened: true, Closed: true, ClosedByBound: true, OpenRound: null });
        var round = Assert.Single(conference.ClosedRounds);
        Assert.Equal((TallyOutcome.NoQuorum, 2, 5), (round.Tally!.Outcome, round.Tally.BallotsCast, round.Eligible));
        Assert.True(round.ClosesAt <= launch.Schedule.LeaderElectionDeadline, "A round never outlasts its conference.");

        var results = await admin.GetAsync<CampaignResults>(CampaignPath("results"), ct);
        Assert.Null(results.LeadingUnitId);
        Assert.Equal((HomeAffairs, Police, ElectedBy.Rotation), (results.NextLeaderUnitId, results.NextDeputyUnitId, results.NextLeaderElectedBy));
        Assert.NotNull(results.Archive);
        var verification = await admin.GetAsync<ThiDua.Archive.ArchiveVerification>(CampaignPath("verification"), ct);
        Assert.True(verification.Holds, string.Join("; ", verification.Checks.Where(c => !c.Holds).Select(c => c.Problem)));
    }
}
