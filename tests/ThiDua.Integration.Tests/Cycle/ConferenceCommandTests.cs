using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// The chair runs a year-end conference with `thidua conference` and `thidua nominate` against a local host on
/// Azurite, as a user runs the command: what each prints (Vietnamese), and what `show` tells the room.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class ConferenceCommandTests(AzuriteFixture azurite)
{
    private const string BlocId = "noi-chinh";

    private static readonly (string UnitId, string Name)[] Units = [("so-noi-vu", "Sở Nội vụ"), ("so-tu-phap", "Sở Tư pháp"), ("cong-an-tinh", "Công an tỉnh")];

    [Fact]
    public async Task The_chair_nominates_opens_the_conference_records_attendance_and_holds_a_round_from_the_command_line()
    {
        var scope = azurite.CreateScope(nameof(ConferenceCommandTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "conference-cli-worker");
        var year = await ReachConferenceAsync(host, timeout.Token);
        var y = year.ToString(CultureInfo.InvariantCulture);
        var tokens = host.Services.GetRequiredService<ITokenStore>();
        async Task<string> TokenAsync(string unitId) => (await tokens.IssueAsync(Caller.Unit(BlocId, unitId), TimeSpan.FromHours(1), "conference CLI test", timeout.Token)).Token;
        var chair = await TokenAsync("so-noi-vu");
        var police = await TokenAsync("cong-an-tinh");
        async Task<(int Code, string Output, string Errors)> RunAsync(string token, params string[] args) =>
            await ThiduaAsync(state.Path, token, [.. args, "--url", host.Urls[0].ToString()], timeout.Token);

        var nominated = await RunAsync(chair, "nominate", BlocId, y, "--purpose", "leader", "--unit", "cong-an-tinh");
        Assert.Equal((0, $"Đã đề cử Công an tỉnh làm trưởng khối năm {year + 1}."), (nominated.Code, nominated.Output.Trim()));
        var declined = await RunAsync(police, "nominate", BlocId, y, "--purpose", "leader", "--unit", "cong-an-tinh", "--decline");
        Assert.Equal((0, $"Công an tỉnh đã từ chối đề cử làm trưởng khối năm {year + 1}."), (declined.Code, declined.Output.Trim()));

        var opened = await RunAsync(chair, "conference", "open", BlocId, y);
        Assert.Equal(0, opened.Code);
        Printed(opened.Output, $"Hội nghị tổng kết Khối thi đua Nội chính năm {year}");
        Printed(opened.Output, "khai mạc lúc");
        Printed(opened.Output, $"Đề cử trưởng khối năm {year + 1}: Công an tỉnh (đã từ chối)");

        var attendance = await RunAsync(chair, "conference", "attendance", BlocId, y, "--present", "so-noi-vu", "--represented", "so-tu-phap", "--absent", "cong-an-tinh");
        Assert.Equal(0, attendance.Code);
        Printed(attendance.Output, "Có mặt hoặc có đại diện: 2/3 đơn vị thành viên (cần ít nhất 2): đủ số lượng để bỏ phiếu.");
        Printed(attendance.Output, "Có đại diện");

        // Only the chair opens a round: the API's refusal is printed, exit code 2.
        var refused = await RunAsync(police, "conference", "round", BlocId, y, "--purpose", "leading-unit");
        Assert.Equal(2, refused.Code);
        Assert.Contains("HTTP 403", refused.Errors, StringComparison.Ordinal);
        Printed(refused.Errors, "Không được phép. — Chỉ trưởng khối");

        var round = await RunAsync(chair, "conference", "round", BlocId, y, "--purpose", "leading-unit");
        Assert.Equal((0, "Đã yêu cầu mở vòng 1 bình xét đơn vị dẫn đầu"), (round.Code, round.Output.Trim().Split(';')[0]));
        var votes = host.Services.GetRequiredService<IVoteStore>();
        var key = new VoteRound { BlocId = BlocId, Year = year, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = [], EligibleVoters = 0 }.RoundKey;
        await EventuallyAsync(async () => await votes.GetRoundAsync(key, timeout.Token) is not null, timeout.Token);
        Assert.Equal(0, (await RunAsync(chair, "vote", BlocId, y, "leading-unit", "so-noi-vu")).Code);

        var live = await RunAsync(police, "conference", "show", BlocId, y);
        Assert.Equal(0, live.Code);
        Printed(live.Output, "Đang bỏ phiếu kín vòng 1 bình xét đơn vị dẫn đầu; ứng cử: Sở Nội vụ, Sở Tư pháp, Công an tỉnh");
        Printed(live.Output, "Đã nhận 1/2 phiếu");

        var closing = await RunAsync(chair, "conference", "close-round", BlocId, y, "--purpose", "leading-unit", "--round", "1");
        Assert.Equal((0, "Đã yêu cầu kết thúc vòng 1 bình xét đơn vị dẫn đầu"), (closing.Code, closing.Output.Trim().Split(';')[0]));
        await EventuallyAsync(async () => await votes.GetTallyAsync(key, timeout.Token) is not null, timeout.Token);

        var counted = await RunAsync(police, "conference", "show", BlocId, y);
        Assert.Equal(0, counted.Code);
        Printed(counted.Output, "Kết quả vòng 1 bình xét đơn vị dẫn đầu: 1/2 phiếu");
        var line = counted.Output.Split('\n').Single(l => l.Contains("Sở Nội vụ", StringComparison.Ordinal) && l.Contains('%', StringComparison.Ordinal));
        Assert.Contains("100%", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Đã nhận", counted.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("so-noi-vu", counted.Output, StringComparison.Ordinal);
        var english = await RunAsync(police, "conference", "show", BlocId, y, "--lang", "en");
        Printed(english.Output, "Result of round 1 of the leading-unit vote: 1 of 2 ballots");

        var closed = await RunAsync(chair, "conference", "close", BlocId, y);
        Assert.Equal(0, closed.Code);
        Printed(closed.Output, "bế mạc lúc");
    }

    /// <summary>
    /// A three-unit conference year on the host's runtime, compressed to seconds up to the conference (nobody signs,
    /// everyone submits); returns its year once the ranking is published and the conference may open.
    /// </summary>
    private static async Task<int> ReachConferenceAsync(LocalHostApp host, CancellationToken cancellationToken)
    {
        var ids = Units.Select(u => u.UnitId).ToList();
        var blocs = host.Services.GetRequiredService<IBlocStore>();
        await blocs.CreateBlocAsync(new Bloc { BlocId = BlocId, Name = "Nội chính", MemberUnitIds = ids, RotationOrder = ids }, cancellationToken);
        foreach (var (unitId, name) in Units)
        {
            await blocs.CreateUnitAsync(new MemberUnit { UnitId = unitId, BlocId = BlocId, Name = name, Contacts = [new Contact("Văn thư", $"van-thu@{unitId}.example.vn", "Văn thư")] }, cancellationToken);
        }

        var start = DateTimeOffset.UtcNow;
        var campaign = new Campaign
        {
            BlocId = BlocId,
            BlocName = "Nội chính",
            Year = VietnamTime.DateOf(start).Year,
            LeaderUnitId = "so-noi-vu",
            Members = Units.Select(u => new CampaignMember(u.UnitId, u.Name)).ToList(),
            Criteria = new CriteriaTable { Scale = 100, Criteria = [new Criterion { Id = "1-1", Title = "Hoàn thành chỉ tiêu", MaxPoints = 100 }] },
            Schedule = CampaignSchedule.Compressed(start, new PhaseDurations
            {
                Signing = TimeSpan.FromSeconds(2),
                Scoring = TimeSpan.FromSeconds(4),
                Review = TimeSpan.FromSeconds(2),
                Voting = TimeSpan.FromMinutes(5),
                VoteRound = TimeSpan.FromMinutes(1),
                LeaderElection = TimeSpan.FromMinutes(10),
                Archive = TimeSpan.FromMinutes(10),
            }),
            Rules = new BlocRules { YearEnd = YearEndMode.Conference, LeaderElection = LeaderElectionMode.Vote, DeputyElection = LeaderElectionMode.Vote },
        };
        Assert.Empty(campaign.Validate());
        Assert.Equal(InsertOnceOutcome.Inserted, await host.Services.GetRequiredService<ICampaignStore>().InsertAsync(campaign, start, cancellationToken));
        var key = new CampaignKey(BlocId, campaign.Year);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CycleOrchestrator), new CycleInput(BlocId, key.Year, start.AddSeconds(1)), new StartOrchestrationOptions(CycleIds.Cycle(key)), cancellationToken);

        var window = host.Services.GetRequiredService<ISubmissionWindow>();
        await EventuallyAsync(() => window.IsOpenAsync(BlocId, key.Year, cancellationToken), cancellationToken);
        var sheets = host.Services.GetRequiredService<IScoreSheets>();
        var points = 95;
        foreach (var unitId in ids)
        {
            var submission = new ScoreSubmission { BlocId = BlocId, Year = key.Year, UnitId = unitId, ClientRequestId = "r-" + unitId, Lines = [new ScoreLine("1-1", points -= 5)] };
            await sheets.SubmitAsync(ScoreRules.CreateSheet(submission, campaign, 1, DateTimeOffset.UtcNow), cancellationToken);
        }

        var results = host.Services.GetRequiredService<IResultStore>();
        await EventuallyAsync(async () => await results.GetRankingAsync(BlocId, key.Year, cancellationToken) is not null, cancellationToken);
        return key.Year;
    }

    private static void Printed(string output, string text) =>
        Assert.True(output.Contains(text, StringComparison.Ordinal), $"Expected \"{text}\" in:\n{output}");

    /// <summary>Polls storage until <paramref name="condition"/> holds (the workflow acts on its own).</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Runs `thidua` as a process with the caller's token (THIDUA_TOKEN) on the test's state folder.</summary>
    private static async Task<(int Code, string Output, string Errors)> ThiduaAsync(string stateDirectory, string token, string[] args, CancellationToken cancellationToken)
    {
        using var process = CliProcess.Start(new Dictionary<string, string> { ["ThiDua__StateDirectory"] = stateDirectory, ["THIDUA_TOKEN"] = token, ["THIDUA_LANG"] = "vi" }, args);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, errors);
    }
}
