using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThiDua.Api.Identity;
using ThiDua.Domain;
using ThiDua.LocalHost;
using ThiDua.Storage;
using ThiDua.Workflows;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Documents;
using ThiDua.Workflows.Mail;

namespace ThiDua.Api.Tests;

/// <summary>
/// A minimal local host in process: the API mapped on a test server, real Azurite storage, the
/// real cycle orchestrators on the in-memory durable host (with the activities the launch and signing
/// phase needs, reading the same storage), and a clock the tests can move.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly bool _wholeCycle;
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public TestClock Clock { get; } = new();

    /// <summary>Every line the host logs, at every level.</summary>
    public LogSink Logs { get; } = new();

    /// <summary>The real SMTP server on loopback that the mail queue's consumer sends through.</summary>
    public SmtpSink Smtp { get; private set; } = null!;

    public ThiDuaStorage Storage { get; private set; } = null!;

    public ThiDuaStorageOptions StorageOptions { get; private set; } = null!;

    public DurableTaskTestHost Durable { get; private set; } = null!;

    public DurableTaskClient Workflows => Durable.Client;

    /// <summary>Evidence files a unit may upload per campaign here (kept small so the limit is quick to reach).</summary>
    public const int EvidencePerUnit = 3;

    /// <summary>Attempts of a mail queue message before it goes to the poison queue.</summary>
    public const int MailAttempts = 3;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Every response the tests of the collection received, checked against the OpenAPI document at the end.</summary>
    public ApiContract Contract { get; } = new();

    public IBlocStore Blocs => Services.GetRequiredService<IBlocStore>();

    public ICampaignStore Campaigns => Services.GetRequiredService<ICampaignStore>();

    public ISubmissionWindow SubmissionWindow => Services.GetRequiredService<ISubmissionWindow>();

    public IScoreSheets ScoreSheets => Services.GetRequiredService<IScoreSheets>();

    public IScoreAdjustments Adjustments => Services.GetRequiredService<IScoreAdjustments>();

    public IConfirmationOutbox Confirmations => Services.GetRequiredService<IConfirmationOutbox>();

    public ISignatureStore Signatures => Services.GetRequiredService<ISignatureStore>();

    public IVoteStore Votes => Services.GetRequiredService<IVoteStore>();

    public IResultStore Results => Services.GetRequiredService<IResultStore>();

    public ITokenStore Tokens => Services.GetRequiredService<ITokenStore>();

    public IConferenceStore Conferences => Services.GetRequiredService<IConferenceStore>();

    public ApiFixture()
        : this(wholeCycle: false)
    {
    }

    /// <param name="wholeCycle">
    /// Runs every real activity (resolved from the API's own services, on the same storage, mail and clock),
    /// so that a year goes on past signing; otherwise only the activities of launch and signing run.
    /// </param>
    protected ApiFixture(bool wholeCycle) => _wholeCycle = wholeCycle;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        StorageOptions = new ThiDuaStorageOptions { ConnectionString = _azurite.ConnectionString, TablePrefix = "ApiTests", ContainerPrefix = "apitests" };
        Storage = new ThiDuaStorage(StorageOptions);
        var campaigns = new CampaignStore(Storage);
        var signatures = new SignatureStore(Storage);
        Durable = await DurableTaskTestHost.StartAsync(registry =>
        {
            if (_wholeCycle)
            {
                registry.AddThiDuaWorkflows();
                return;
            }

            registry.AddThiDuaOrchestrators();
            registry.AddActivityFunc<CampaignKey, Campaign?>(CycleActivities.LoadCampaign, (_, key) => campaigns.GetAsync(key.BlocId, key.Year));

            // Blocs here have no previous year to carry over: a cycle past its launch deadline ends as not launched.
            registry.AddActivityFunc<CampaignKey, Campaign?>(CycleActivities.LaunchFromPreviousYear, (_, key) => campaigns.GetAsync(key.BlocId, key.Year));
            registry.AddActivityFunc<CampaignKey, SigningProgress>(CycleActivities.GetSigningProgress, async (_, key) =>
            {
                var campaign = await campaigns.GetAsync(key.BlocId, key.Year) ?? throw new InvalidOperationException($"No campaign {key}.");
                var signed = (await signatures.ListAsync(key.BlocId, key.Year)).Select(s => s.UnitId).ToHashSet(StringComparer.Ordinal);
                var members = campaign.Members.Select(m => m.UnitId).Order(StringComparer.Ordinal).ToList();
                return new SigningProgress(members.Where(signed.Contains).ToList(), members.Where(m => !signed.Contains(m)).ToList());
            });
        }, _wholeCycle ? new DurableTaskTestHostOptions { ConfigureServices = ForwardWorkflowServices } : null);

        Smtp = await SmtpSink.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Configuration["ThiDua:Mail:Host"] = "127.0.0.1";
        builder.Configuration["ThiDua:Mail:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["ThiDua:Mail:UseTls"] = "false";
        builder.Configuration["ThiDua:Mail:From"] = "ThiDua <thidua@localhost>";
        builder.Configuration["ThiDua:PortalBaseUrl"] = "https://thidua.example.vn";
        builder.Configuration["ThiDua:MailQueue:PollInterval"] = "00:00:00.100";
        builder.Configuration["ThiDua:MailQueue:RetryDelay"] = "00:00:01";

        // Only at start: a confirmation that arrives must owe it to its queue message, not to a sweep.
        builder.Configuration["ThiDua:MailQueue:SweepInterval"] = "01:00:00";
        builder.Configuration["ThiDua:MailQueue:MaxAttempts"] = MailAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton(Durable.Client);
        builder.Services.AddThiDuaApi(StorageOptions, o =>
        {
            o.CampaignCacheDuration = TimeSpan.FromSeconds(30);
            o.WritesPerMinute = 100_000;
            o.MaxEvidencePerUnit = EvidencePerUnit;
        }).AddThiDuaOpenApi();

        // The mail pipeline as the local host runs it: the queue consumer polling Azurite, sending over SMTP.
        builder.Services.AddThiDuaWorkflows(builder.Configuration);
        builder.Services.AddHostedService<MailQueueService>();
        _app = builder.Build();
        _app.Use(Contract.RecordAsync);
        _app.MapThiDuaApi();
        _app.MapOpenApi();
        await _app.StartAsync();
    }

    /// <summary>
    /// Stops everything, then fails the collection when a response the tests received departs from the
    /// OpenAPI document (xunit reports it as the collection's cleanup failure; dotnet test exits non-zero).
    /// </summary>
    public async Task DisposeAsync()
    {
        List<string> mismatches = [];
        if (_app is not null)
        {
            var document = await Anonymous().FetchAsync("/openapi/v1.json");
            mismatches = ApiContract.Mismatches(System.Text.Json.Nodes.JsonNode.Parse(document.Body)!, Contract.Responses);
            await _app.DisposeAsync();
        }

        await Durable.DisposeAsync();
        await Smtp.DisposeAsync();
        await _azurite.DisposeAsync();
        if (mismatches.Count > 0)
        {
            throw new ResponsesDepartFromTheOpenApiDocumentException(
                $"{mismatches.Count} response(s) of the API tests depart from the OpenAPI document:\n{string.Join("\n", mismatches)}");
        }
    }

    /// <summary>What the activities need, taken from the API's services once they are built (activities run after that).</summary>
    private void ForwardWorkflowServices(IServiceCollection services)
    {
        void Forward<T>()
            where T : class => services.AddSingleton(_ => Services.GetRequiredService<T>());

        Forward<IBlocStore>();
        Forward<ICampaignStore>();
        Forward<IDocumentStore>();
        Forward<IResultStore>();
        Forward<ISubmissionWindow>();
        Forward<IScoreSheets>();
        Forward<IScoreAdjustments>();
        Forward<IConfirmationOutbox>();
        Forward<ISignatureStore>();
        Forward<IVoteStore>();
        Forward<IConferenceStore>();
        Forward<ProposalStore>();
        Forward<RoundMail>();
        Forward<LeadershipPlans>();
        Forward<CampaignLauncher>();
        Forward<YearDocuments>();
        Forward<OutboxMailer>();
        Forward<IOptions<ThiDuaOptions>>();
        Forward<TimeProvider>();
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => _app!.GetTestClient();

    /// <summary>A client of council staff.</summary>
    public Task<HttpClient> AdminAsync() => ClientAsync(Caller.Admin);

    /// <summary>A client of unit <paramref name="unitId"/> of <paramref name="blocId"/>.</summary>
    public Task<HttpClient> UnitAsync(string blocId, string unitId) => ClientAsync(Caller.Unit(blocId, unitId));

    private async Task<HttpClient> ClientAsync(Caller caller)
    {
        if (!_tokens.TryGetValue(caller.ToString(), out var token))
        {
            token = (await Tokens.IssueAsync(caller, TimeSpan.FromDays(300), "tests")).Token;
            _tokens[caller.ToString()] = token;
        }

        var client = _app!.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>Named so that the one line dotnet test prints for a collection's cleanup failure says what failed.</summary>
public sealed class ResponsesDepartFromTheOpenApiDocumentException(string message) : Xunit.Sdk.XunitException(message);

/// <summary>Real time, shifted by what a test sets (to stand after a deadline without waiting for it).</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    /// <summary>Moves the clock so that now is <paramref name="instant"/>.</summary>
    public void SetNow(DateTimeOffset instant) => Offset = instant - TimeProvider.System.GetUtcNow();
}

[CollectionDefinition(Name)]
public sealed class ApiTests : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api";
}

/// <summary>The API over the whole cycle: every phase of a year runs, with compressed deadlines in real time.</summary>
public sealed class WholeCycleFixture() : ApiFixture(wholeCycle: true);

[CollectionDefinition(Name)]
public sealed class WholeCycleTests : ICollectionFixture<WholeCycleFixture>
{
    public const string Name = "WholeCycle";
}
