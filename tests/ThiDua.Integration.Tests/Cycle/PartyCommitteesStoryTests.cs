using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// The second bloc of the founding story, through the HTTP API of the local host on Azurite: the Party
/// committees' bloc (eight units, a 1000-point criteria table, a threshold of 70% of the members) holds its
/// year-end conference and acclaims the Provincial Party Office, sole nominee, as next year's leader by an
/// approval ballot, with one unit withholding its approval.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class PartyCommitteesStoryTests(AzuriteFixture azurite)
{
    const string BlocId = "dang-tinh";
    const string PartyOffice = "van-phong-tinh-uy";
    const string Organisation = "ban-to-chuc-tinh-uy";
    const string Propaganda = "ban-tuyen-giao-tinh-uy";

    static readonly DemoUnit[] Units =
    [
        Unit(PartyOffice, "Văn phòng Tỉnh ủy"),
        Unit(Organisation, "Ban Tổ chức Tỉnh ủy"),
        Unit(Propaganda, "Ban Tuyên giáo Tỉnh ủy"),
        Unit("ban-dan-van-tinh-uy", "Ban Dân vận Tỉnh ủy"),
        Unit("uy-ban-kiem-tra-tinh-uy", "Ủy ban Kiểm tra Tỉnh ủy"),
        Unit("ban-noi-chinh-tinh-uy", "Ban Nội chính Tỉnh ủy"),
        Unit("dang-uy-khoi-cac-co-quan-tinh", "Đảng ủy Khối các cơ quan tỉnh"),
        Unit("bao-tinh", "Báo tỉnh"),
    ];

    static readonly CriteriaTable Criteria = new()
    {
        Scale = 1000,
        Criteria =
        [
            new() { Id = "1-1", Group = "I. Thực hiện nhiệm vụ chính trị", Title = "Tham mưu, thực hiện nhiệm vụ chuyên môn được giao", MaxPoints = 400 },
            new() { Id = "1-2", Group = "I. Thực hiện nhiệm vụ chính trị", Title = "Cải cách hành chính trong cơ quan Đảng, chuyển đổi số", MaxPoints = 200 },
            new() { Id = "2-1", Group = "II. Công tác xây dựng Đảng", Title = "Xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh", MaxPoints = 200 },
            new() { Id = "3-1", Group = "III. Công tác thi đua, khen thưởng", Title = "Tổ chức phong trào thi đua, nhân rộng điển hình", MaxPoints = 200 },
            new() { Id = "thuong-1", Group = "IV. Điểm thưởng, điểm trừ", Title = "Điểm thưởng: được cấp trên khen thưởng đột xuất", MaxPoints = 50, Kind = CriterionKind.Bonus },
            new() { Id = "tru-1", Group = "IV. Điểm thưởng, điểm trừ", Title = "Điểm trừ: vi phạm quy chế làm việc", MaxPoints = 50, Kind = CriterionKind.Penalty },
        ],
    };

    [Fact]
    public async Task The_Party_committees_bloc_acclaims_the_Provincial_Party_Office_as_sole_nominee_by_seventy_percent_of_its_members()
    {
        var scope = azurite.CreateScope(nameof(PartyCommitteesStoryTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "party-story-worker");
        var tokens = host.Services.GetRequiredService<ITokenStore>();
        using var admin = new ApiClient(host.Urls[0], (await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), cancellationToken: ct)).Token);
        var units = new Dictionary<string, ApiClient>(StringComparer.Ordinal);
        foreach (var unit in Units)
        {
            units[unit.UnitId] = admin.As((await tokens.IssueAsync(Caller.Unit(BlocId, unit.UnitId), TimeSpan.FromHours(1), cancellationToken: ct)).Token);
        }

        try
        {
            var keys = LocalState.At(state.Path);
            var year = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
            string Path(string rest) => string.Create(CultureInfo.InvariantCulture, $"api/blocs/{BlocId}/campaigns/{year}/{rest}");

            await admin.PutAsync<Bloc>($"api/blocs/{BlocId}", new BlocRequest
            {
                Name = "Khối các cơ quan Đảng tỉnh",
                MemberUnitIds = Units.Select(u => u.UnitId).ToList(),
                RotationOrder = Units.Select(u => u.UnitId).ToList(),
                Rules = new BlocRules
                {
                    YearEnd = YearEndMode.Conference,
                    LeaderElection = LeaderElectionMode.Vote,
                    Voting = new VotingRules { ThresholdPercent = 70, ThresholdComparison = ThresholdComparison.AtLeast, ThresholdBase = ThresholdBase.Members },
                    ReminderOffsets = [TimeSpan.FromSeconds(2)],
                },
            }, ct);
            foreach (var unit in Units)
            {
                using var certificate = UnitKeys.LoadOrCreate(keys, unit);
                await admin.PutAsync<MemberUnit>(
                    $"api/blocs/{BlocId}/units/{unit.UnitId}",
                    new UnitRequest { Name = unit.Name, Contacts = unit.Contacts, CertificatePem = certificate.ExportCertificatePem() },
                    ct);
            }

            // The Organisation Commission led the year under review; the conference may open until the voting deadline.
            var durations = new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(8),
                Scoring = TimeSpan.FromSeconds(8),
                Review = TimeSpan.FromSeconds(3),
                Voting = TimeSpan.FromSeconds(30),
                VoteRound = TimeSpan.FromSeconds(5),
                LeaderElection = TimeSpan.FromSeconds(10),
                Archive = TimeSpan.FromSeconds(10),
            };
            await admin.PostAsync<LaunchResponse>(Path("launch"), new LaunchRequest { Criteria = Criteria, LeaderUnitId = Organisation, Durations = durations }, ct);
            var compact = await admin.GetBytesAsync(Path("compact"), ct);
            foreach (var unit in Units)
            {
                using var certificate = UnitKeys.LoadOrCreate(keys, unit);
                await units[unit.UnitId].PutBytesAsync<SignatureReceipt>(
                    Path($"signatures/{unit.UnitId}"), CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow), UnitApi.SignatureMediaType, ct);
            }

            await DemoYearOverHttp.WaitForPhaseAsync(admin, Path("status"), CyclePhase.Scoring, ct);
            for (var i = 0; i < Units.Length; i++)
            {
                var unitId = Units[i].UnitId;
                await units[unitId].PostAsync<ScoreSheet>(Path($"scores/{unitId}"), new ScoreSubmission
                {
                    BlocId = BlocId,
                    Year = year,
                    UnitId = unitId,
                    ClientRequestId = "party-" + unitId,
                    Lines = [new("1-1", 390 - (i * 5)), new("1-2", 190), new("2-1", 195), new("3-1", 190)],
                }, ct);
            }

            await DemoYearOverHttp.WaitForPhaseAsync(admin, Path("status"), CyclePhase.AwaitingConference, ct);
            var chair = units[Organisation];
            var nomination = await chair.PutAsync<NominationView>(Path($"nominations/leader/{PartyOffice}"), new { }, ct);
            Assert.Equal(("Văn phòng Tỉnh ủy", false), (nomination.Name, nomination.Declined));
            await chair.PostAsync<ConferenceView>(Path("conference/open"), new { }, ct);
            await chair.PutAsync<ConferenceView>(
                Path("conference/attendance"),
                new AttendanceRequest { Attendance = Units.Select(u => new AttendanceEntry(u.UnitId, u.UnitId == "bao-tinh" ? Attendance.Represented : Attendance.Present)).ToList() },
                ct);

            // The leading unit first: every unit votes for the top of the ranking, which votes for the runner-up.
            await chair.PostAsync<ChairAct>(Path("conference/rounds"), new RoundOpeningRequest { Purpose = "leading-unit" }, ct);
            var leadingRound = await WaitForOpenRoundAsync(chair, Path("conference"), VotePurpose.LeadingUnit, ct);
            var ranked = leadingRound.Candidates.Select(c => c.UnitId).ToList();
            Assert.Equal(PartyOffice, ranked[0]);
            foreach (var unit in Units)
            {
                await units[unit.UnitId].PostAsync<BallotReceipt>(Path("votes/leading-unit/ballots"), new BallotRequest { Choice = DemoScenario.Choice(unit.UnitId, ranked) }, ct);
            }

            // Then the leader: a single nominee is an acclamation, confirmed by an approval ballot of the members.
            var leading = await WaitForClosedRoundAsync(chair, Path("conference"), VotePurpose.LeadingUnit, ct);
            Assert.Equal((TallyOutcome.Winner, PartyOffice), (leading.Tally!.Outcome, leading.Tally.WinnerId));
            await chair.PostAsync<ChairAct>(Path("conference/rounds"), new RoundOpeningRequest { Purpose = "leader" }, ct);
            var acclamation = await WaitForOpenRoundAsync(chair, Path("conference"), VotePurpose.Leader, ct);
            Assert.Equal([PartyOffice], acclamation.Candidates.Select(c => c.UnitId));
            foreach (var unit in Units)
            {
                // One unit withholds its approval ("không đồng ý"): 7 of 8 members is 87.5%, above 70%.
                await units[unit.UnitId].PostAsync<BallotReceipt>(Path("votes/leader/ballots"), new BallotRequest { Choice = unit.UnitId == Propaganda ? null : PartyOffice }, ct);
            }

            var leader = await WaitForClosedRoundAsync(chair, Path("conference"), VotePurpose.Leader, ct);
            Assert.Equal((TallyOutcome.Winner, 7, 1, 8), (leader.Tally!.Outcome, leader.Tally.Counts.Single().Votes, leader.Tally.Abstentions, leader.Tally.ThresholdBase));
            await chair.PostAsync<ConferenceView>(Path("conference/close"), new { }, ct);

            var results = await WaitForResultsAsync(admin, Path("results"), ct);
            Assert.Equal(PartyOffice, results.LeadingUnitId);
            Assert.Equal((PartyOffice, ElectedBy.Acclamation), (results.NextLeaderUnitId, results.NextLeaderElectedBy));

            // The acclamation minutes record the approval count on the base of the members.
            var round = await units["bao-tinh"].GetAsync<RoundResult>(Path("votes/leader/rounds/1"), ct);
            Assert.Equal(8, round.Ballots.Count);
        }
        finally
        {
            foreach (var client in units.Values)
            {
                client.Dispose();
            }
        }
    }

    static DemoUnit Unit(string unitId, string name) =>
        new(unitId, name, [new("Văn phòng " + name, unitId + "@dang.example", "Chánh Văn phòng")]);

    static async Task<ConferenceRoundView> WaitForOpenRoundAsync(ApiClient api, string path, VotePurpose purpose, CancellationToken ct)
    {
        while (true)
        {
            var view = await api.GetAsync<ConferenceView>(path, ct);
            if (view.OpenRound is { } open && open.Purpose == purpose)
            {
                return open;
            }

            await Task.Delay(200, ct);
        }
    }

    static async Task<ConferenceRoundView> WaitForClosedRoundAsync(ApiClient api, string path, VotePurpose purpose, CancellationToken ct)
    {
        while (true)
        {
            var view = await api.GetAsync<ConferenceView>(path, ct);
            if (view.ClosedRounds.LastOrDefault(r => r.Purpose == purpose) is { } closed && view.OpenRound is null)
            {
                return closed;
            }

            await Task.Delay(200, ct);
        }
    }

    static async Task<ThiDua.Workflows.Cycle.CampaignResults> WaitForResultsAsync(ApiClient api, string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (await api.GetAsync<ThiDua.Workflows.Cycle.CampaignResults>(path, ct) is { NextLeaderUnitId: not null } results)
                {
                    return results;
                }
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // Nothing decided yet.
            }

            await Task.Delay(200, ct);
        }
    }
}
