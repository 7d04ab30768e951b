using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Workflows.Tests.Infrastructure;

/// <summary>
/// The real activities wired exactly as the hosts wire them (<see cref="WorkflowServices.AddThiDuaWorkflows"/>)
/// against Azurite and a loopback SMTP server, with tables and containers of their own, and the
/// "Nội chính" bloc of the January 2018 example seeded. Only the clock is the test's, so that
/// deadlines are fixed dates.
/// </summary>
public sealed class ActivityWorld : IAsyncDisposable
{
    public const string BlocId = "noi-chinh";
    public const string PortalBaseUrl = "https://thidua.example.vn";

    public static readonly MemberUnit[] Units =
    [
        Unit("bo-chqs-tinh", "Bộ Chỉ huy Quân sự tỉnh", "Nguyễn Văn Hùng"),
        Unit("cong-an-tinh", "Công an tỉnh", "Trần Thị Mai"),
        Unit("so-tu-phap", "Sở Tư pháp", "Lê Đức Thắng"),
        Unit("so-noi-vu", "Sở Nội vụ", "Phạm Thị Hương"),
        Unit("cuc-thads", "Cục Thi hành án dân sự tỉnh", "Đỗ Quang Vinh"),
    ];

    private readonly ServiceProvider _services;

    private ActivityWorld(ServiceProvider services, SmtpSink mail, TestClock clock, IConfiguration configuration)
    {
        _services = services;
        Mail = mail;
        Clock = clock;
        Configuration = configuration;
    }

    /// <summary>The settings the world was built from, for a host that must see the same tables and mail server.</summary>
    public IConfiguration Configuration { get; }

    public SmtpSink Mail { get; }

    public TestClock Clock { get; }

    public ICampaignStore Campaigns => Get<ICampaignStore>();

    public ISubmissionWindow SubmissionWindow => Get<ISubmissionWindow>();

    public IScoreSheets ScoreSheets => Get<IScoreSheets>();

    public IScoreAdjustments Adjustments => Get<IScoreAdjustments>();

    public ISignatureStore Signatures => Get<ISignatureStore>();

    public IVoteStore Votes => Get<IVoteStore>();

    public IDocumentStore Documents => Get<IDocumentStore>();

    public IOutboxStore Outbox => Get<IOutboxStore>();

    public IResultStore Results => Get<IResultStore>();

    /// <summary>A world with its own tables (prefix) on <paramref name="azurite"/>, its own SMTP server, and the bloc seeded.</summary>
    public static async Task<ActivityWorld> CreateAsync(AzuriteFixture azurite, string prefix, DateTimeOffset now)
    {
        var mail = await SmtpSink.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ThiDua:Storage:ConnectionString"] = azurite.ConnectionString,
            ["ThiDua:Storage:TablePrefix"] = prefix,
            ["ThiDua:Storage:ContainerPrefix"] = prefix.ToLowerInvariant(),
            ["ThiDua:PortalBaseUrl"] = PortalBaseUrl,
            ["ThiDua:Mail:Host"] = "127.0.0.1",
            ["ThiDua:Mail:Port"] = mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ThiDua:Mail:UseTls"] = "false",
            ["ThiDua:Mail:From"] = "ThiDua <thidua@localhost>",
            ["ThiDua:Mail:Timeout"] = "00:00:05",
        }).Build();
        var clock = new TestClock(now);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddThiDuaWorkflows(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<ThiDuaStorage>().InitializeAsync();

        var blocs = services.GetRequiredService<IBlocStore>();
        await blocs.CreateBlocAsync(new Bloc
        {
            BlocId = BlocId,
            Name = "Nội chính",
            MemberUnitIds = Units.Select(u => u.UnitId).ToList(),
            RotationOrder = ["so-noi-vu", "cuc-thads", "bo-chqs-tinh", "cong-an-tinh", "so-tu-phap"],
        });
        foreach (var unit in Units)
        {
            await blocs.CreateUnitAsync(unit);
        }

        return new ActivityWorld(services, mail, clock, configuration);
    }

    /// <summary>The 2026 campaign, led by Sở Nội vụ, with the default calendar (scoring until 15 December).</summary>
    public static Campaign NewCampaign(int year = 2026) => new()
    {
        BlocId = BlocId,
        BlocName = "Nội chính",
        Year = year,
        LeaderUnitId = "so-noi-vu",
        DeputyUnitId = "cuc-thads",
        Members = Units.Select(u => new CampaignMember(u.UnitId, u.Name)).ToList(),
        Commitments = ["Thực hiện tốt nhiệm vụ chính trị được giao.", "Đẩy mạnh cải cách hành chính."],
        Criteria = new CriteriaTable
        {
            Scale = 100,
            Criteria =
            [
                new Criterion { Id = "1-1", Group = "I. Nhiệm vụ chuyên môn", Title = "Hoàn thành chỉ tiêu", MaxPoints = 60 },
                new Criterion { Id = "1-2", Group = "I. Nhiệm vụ chuyên môn", Title = "Cải cách hành chính", MaxPoints = 40 },
                new Criterion { Id = "th", Title = "Sáng kiến được công nhận", MaxPoints = 5, Kind = CriterionKind.Bonus },
            ],
        },
        Schedule = CampaignSchedule.ForYear(year, 1, 15, new ScheduleRules()),
    };

    /// <summary>Stores <paramref name="campaign"/> as the leader's launch through the API does, and runs LoadCampaign.</summary>
    public async Task<Campaign> LaunchAsync(Campaign campaign)
    {
        Assert.NotEqual(InsertOnceOutcome.Conflict, await Campaigns.InsertAsync(campaign, Clock.GetUtcNow()));
        return (await RunAsync<global::ThiDua.Workflows.Activities.LoadCampaign, CampaignKey, Campaign?>(new CampaignKey(campaign.BlocId, campaign.Year)))!;
    }

    public async Task<ScoreSheet> SubmitAsync(Campaign campaign, string unitId, decimal first, decimal second, string requestId)
    {
        var submission = new ScoreSubmission
        {
            BlocId = campaign.BlocId,
            Year = campaign.Year,
            UnitId = unitId,
            ClientRequestId = requestId,
            Lines = [new ScoreLine("1-1", first), new ScoreLine("1-2", second)],
        };
        var result = await ScoreSheets.SubmitAsync(ScoreRules.CreateSheet(submission, campaign, 1, Clock.GetUtcNow()));
        Assert.Equal(SubmissionOutcome.Created, result.Outcome);
        return result.Sheet!;
    }

    /// <summary>
    /// The scoring half of a year: four score versions from three units on 1 November, the scoring
    /// closed after its deadline, one adjustment by the leader, and the ranking that follows.
    /// </summary>
    public async Task<(ScoringClosure Closure, Ranking Ranking)> ScoreYearAsync(Campaign campaign)
    {
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        Clock.Now = new DateTimeOffset(campaign.Year, 11, 1, 9, 0, 0, TimeSpan.FromHours(7));
        await SubmitAsync(campaign, "so-tu-phap", 50, 30, "r-1");
        await SubmitAsync(campaign, "so-tu-phap", 58, 38, "r-2");
        await SubmitAsync(campaign, "cong-an-tinh", 55, 35, "r-3");
        await SubmitAsync(campaign, "so-noi-vu", 45, 35, "r-4");
        Clock.Now = campaign.Schedule.ScoringDeadline.AddSeconds(1);
        var closure = await RunAsync<CloseScoring, CampaignKey, ScoringClosure>(key);
        await Adjustments.AddAdjustmentAsync(key.BlocId, key.Year, "adj-1", new ScoreAdjustment
        {
            UnitId = "cong-an-tinh",
            CriterionId = "1-2",
            NewPoints = 30,
            Reason = "Chưa có minh chứng cho 5 điểm cải cách hành chính.",
            AdjustedBy = "so-noi-vu",
            AdjustedAt = Clock.GetUtcNow(),
        });
        return (closure, await RunAsync<ComputeRanking, CampaignKey, Ranking>(key));
    }

    /// <summary>Runs an activity as the worker does: a fresh instance from the container, the input it would receive.</summary>
    public Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        var activity = ActivatorUtilities.CreateInstance<TActivity>(_services);
        return activity.RunAsync(new Context(typeof(TActivity).Name), input);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Mail.DisposeAsync();
        await _services.DisposeAsync();
    }

    private static MemberUnit Unit(string id, string name, string contact) => new()
    {
        UnitId = id,
        BlocId = BlocId,
        Name = name,
        Contacts = [new Contact(contact, $"van-thu@{id}.example.vn", "Văn thư")],
    };

    private sealed class Context(string name) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = "cycle-test";
    }
}

/// <summary>A clock the test sets: deadlines are calendar dates, and tests never wait for real time.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
