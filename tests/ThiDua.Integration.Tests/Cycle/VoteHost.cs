using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>
/// One local host for the vote tests: the real API on loopback, the real workflows and activities on
/// the Durable Task Azure Storage provider, all on the collection's Azurite. Each test seeds a bloc of
/// its own, so the tests share the host without meeting each other's rounds.
/// </summary>
public sealed class VoteHost : IAsyncLifetime
{
    public const int Year = 2026;

    public static readonly string[] Units = ["so-noi-vu", "cong-an-tinh", "so-tu-phap", "bo-chqs-tinh", "cuc-thads"];

    readonly SemaphoreSlim _gate = new(1, 1);
    readonly TempFolder _state = new();
    LocalHostApp? host;
    StorageScope? scope;

    public LocalHostApp Host => this.host ?? throw new InvalidOperationException("The host has not started.");

    public IVoteStore Votes => this.Host.Services.GetRequiredService<IVoteStore>();

    public DurableTaskClient Client => this.Host.Client;

    /// <summary>The host's storage and task hub, where a test finds the histories of its workflows.</summary>
    public StorageScope Scope => this.scope ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>Starts the host on first use (the collection's Azurite is only known to the tests).</summary>
    public async Task StartAsync(AzuriteFixture azurite)
    {
        await _gate.WaitAsync();
        try
        {
            if (this.host is null)
            {
                this.scope = azurite.CreateScope("VoteTests");
                this.host = await CycleHosts.StartAsync(this.scope, _state.Path, "vote-test-worker");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The bloc (5 units, rotation in <see cref="Units"/> order) and its launched campaign with <paramref name="rules"/>.</summary>
    public async Task<Campaign> SeedAsync(string blocId, VotingRules rules, LeaderElectionMode leaderElection = LeaderElectionMode.Rotation)
    {
        var blocs = this.Host.Services.GetRequiredService<IBlocStore>();
        Assert.True((await blocs.CreateBlocAsync(new Bloc { BlocId = blocId, Name = "Nội chính", MemberUnitIds = Units, RotationOrder = Units })).Succeeded);
        foreach (var unitId in Units)
        {
            Assert.True((await blocs.CreateUnitAsync(new MemberUnit
            {
                UnitId = unitId,
                BlocId = blocId,
                Name = "Đơn vị " + unitId,
                Contacts = [new Contact("Nguyễn Văn A", $"van-thu@{unitId}.example.vn", "Văn thư")],
            })).Succeeded);
        }

        var campaign = new Campaign
        {
            BlocId = blocId,
            BlocName = "Nội chính",
            Year = Year,
            LeaderUnitId = Units[0],
            Members = Units.Select(u => new CampaignMember(u, "Đơn vị " + u)).ToList(),
            Criteria = new CriteriaTable { Scale = 100, Criteria = [new Criterion { Id = "c1", Title = "Hoàn thành nhiệm vụ", MaxPoints = 100 }] },
            Schedule = CampaignSchedule.ForYear(Year, 1, 15, new ScheduleRules()),
            Rules = new BlocRules { Voting = rules, LeaderElection = leaderElection },
        };
        Assert.Empty(campaign.Validate());
        Assert.Equal(InsertOnceOutcome.Inserted, await this.Host.Services.GetRequiredService<ICampaignStore>().InsertAsync(campaign, DateTimeOffset.UtcNow));
        return campaign;
    }

    /// <summary>Starts the leading-unit vote as the cycle does (same child instance id, which the API wakes on each ballot).</summary>
    public async Task<string> StartLeadingUnitVoteAsync(Campaign campaign, IReadOnlyList<string> candidates, TimeSpan roundDuration)
    {
        var key = new CampaignKey(campaign.BlocId, campaign.Year);
        var request = new VoteRequest(key, VotePurpose.LeadingUnit, candidates, campaign.Members.Count, roundDuration);
        return await this.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(VoteOrchestrator), request, new StartOrchestrationOptions(CycleIds.Vote(key, VotePurpose.LeadingUnit)));
    }

    /// <summary>An HTTP client of the API with a bearer token of <paramref name="caller"/>.</summary>
    public async Task<HttpClient> ClientAsync(Caller caller)
    {
        var token = await this.Host.Services.GetRequiredService<ITokenStore>().IssueAsync(caller, TimeSpan.FromHours(1), "vote tests");
        var http = new HttpClient { BaseAddress = this.Host.Urls[0], Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return http;
    }

    public static string RoundKey(string blocId, VotePurpose purpose, int number) =>
        new VoteRound { BlocId = blocId, Year = Year, Purpose = purpose, RoundNumber = number, Candidates = [], EligibleVoters = 0 }.RoundKey;

    /// <summary>Waits until the workflow has opened round <paramref name="number"/>.</summary>
    public async Task<OpenedVoteRound> WaitForRoundAsync(string blocId, int number, VotePurpose purpose = VotePurpose.LeadingUnit)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await this.Votes.GetRoundAsync(RoundKey(blocId, purpose, number), timeout.Token) is { } round)
            {
                return round;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await this.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instanceId} ended {done.RuntimeStatus}: {done.FailureDetails}");
        return done;
    }

    /// <summary>The minutes of a round as written to storage.</summary>
    public async Task<string> MinutesAsync(string blocId, string roundKey)
    {
        var at = CycleDocuments.Minutes(blocId, Year, roundKey);
        var minutes = await this.Host.Services.GetRequiredService<IDocumentStore>().ReadAsync(at.Container, at.Name);
        Assert.NotNull(minutes);
        Assert.True(minutes.Verified);
        return minutes.Content.ToString();
    }

    /// <summary>Voter rows and ballot rows of a round: what a refused ballot must leave unchanged.</summary>
    public async Task<(IReadOnlyList<string> Voters, IReadOnlyList<StoredBallot> Ballots)> SnapshotAsync(string roundKey) =>
        (await this.Votes.ListVotersAsync(roundKey), await this.Votes.ListBallotsAsync(roundKey));

    public async Task DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }

        _state.Dispose();
        _gate.Dispose();
    }

    public Task InitializeAsync() => Task.CompletedTask;
}

/// <summary>What a client sees of an API answer.</summary>
public sealed record ApiReply(HttpStatusCode Status, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(this.Body).RootElement;

    /// <summary>Asserts an RFC 7807 body with <paramref name="status"/> and <paramref name="code"/>; returns the fields it names.</summary>
    public IReadOnlyList<string> Problem(HttpStatusCode status, string? code = null)
    {
        Assert.True(status == this.Status, $"Expected {(int)status}, got {(int)this.Status}: {this.Body}");
        Assert.Equal("application/problem+json", this.ContentType);
        Assert.Equal((int)status, this.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(this.Json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(this.Json.GetProperty("detail").GetString()));
        if (code is not null)
        {
            // Field errors carry their codes per field; other refusals one code.
            var codes = this.Json.TryGetProperty("codes", out var perField)
                ? perField.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(c => c.GetString())).ToList()
                : [this.Json.GetProperty("code").GetString()];
            Assert.Contains(code, codes);
        }

        return this.Json.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];
    }
}

/// <summary>Calls of the vote API as a unit's client makes them.</summary>
public static class VoteCalls
{
    public static string Ballots(string blocId, string purpose = "leading-unit") =>
        string.Create(CultureInfo.InvariantCulture, $"api/blocs/{blocId}/campaigns/{VoteHost.Year}/votes/{purpose}/ballots");

    public static string Round(string blocId, int number, string purpose = "leading-unit") =>
        string.Create(CultureInfo.InvariantCulture, $"api/blocs/{blocId}/campaigns/{VoteHost.Year}/votes/{purpose}/rounds/{number}");

    public static async Task<ApiReply> PostAsync(this HttpClient http, string path, string json, Action<HttpRequestMessage>? adjust = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        adjust?.Invoke(request);
        using var response = await http.SendAsync(request);
        return new ApiReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public static async Task<ApiReply> FetchAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return new ApiReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Casts a ballot for <paramref name="choice"/> (null abstains) and returns the receipt, asserting 201.</summary>
    public static async Task<string> CastAsync(this HttpClient http, string blocId, string? choice, string purpose = "leading-unit")
    {
        var reply = await http.PostAsync(Ballots(blocId, purpose), JsonSerializer.Serialize(new { choice }));
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        return reply.Json.GetProperty("receipt").GetString()!;
    }
}
