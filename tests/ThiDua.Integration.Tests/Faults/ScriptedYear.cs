using System.Net;
using Azure.Data.Tables;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Archive;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Faults;

/// <summary>Where a fault test may interrupt a <see cref="ScriptedYear"/>.</summary>
internal enum Checkpoint
{
    /// <summary>Tokens issued, the bloc and its five units registered; nothing launched yet.</summary>
    Registered,

    /// <summary>Two of five units have signed; the workflow is taking in their signatures.</summary>
    Signing,

    /// <summary>Every sheet and a piece of evidence submitted; no reminder out yet.</summary>
    Submitted,

    /// <summary>The first reminder went out; the second is due in a few seconds.</summary>
    BetweenReminders,

    /// <summary>Just after the scoring deadline: submissions closing, the review window opening.</summary>
    ScoringDeadline,

    /// <summary>The leader's adjustment is stored; the review is still open.</summary>
    Adjusted,

    /// <summary>Two of five ballots are cast in the open round.</summary>
    Voting,

    /// <summary>The vote is decided: next year's leadership, the results and the archive are being made.</summary>
    YearEnd,
}

/// <summary>
/// The demo's year with fixed inputs, played through the HTTP API against a host whose address may
/// change between steps (a host process killed and started again): the same absolute schedule, unit
/// keys, sheets, adjustment and ballots give the same decisions in every run. At each
/// <see cref="Checkpoint"/> it awaits <see cref="Interrupt"/>; a crash test kills and restarts the host there.
/// </summary>
internal sealed class ScriptedYear
{
    readonly StorageScope _scope;
    readonly LocalState _keys;
    readonly IReadOnlyList<TimeSpan> _reminderOffsets;
    Dictionary<string, string> tokens = [];

    public ScriptedYear(StorageScope scope, LocalState keys, IReadOnlyList<TimeSpan> reminderOffsets)
    {
        _scope = scope;
        _keys = keys;
        _reminderOffsets = reminderOffsets;
    }

    /// <summary>The host's current address.</summary>
    public required Func<Uri> Address { get; init; }

    /// <summary>The folder of the host's embedded SMTP server.</summary>
    public required string Outbox { get; init; }

    /// <summary>Where the script tells how far it got (the test's output).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Called at every checkpoint; the year goes on when it returns.</summary>
    public Func<Checkpoint, Task> Interrupt { get; init; } = _ => Task.CompletedTask;

    /// <summary>
    /// Rotation of the leadership, reminders at <paramref name="reminderOffsets"/> and no runoff: the
    /// vote is decided in its first round (4 of 5 ballots), and without runoff room to reserve the
    /// schedule stays short while each round can be long enough to outlast a restart.
    /// </summary>
    public static BlocRequest Bloc(IReadOnlyList<TimeSpan> reminderOffsets) => BlocRequest(reminderOffsets) with
    {
        Rules = new BlocRules { ReminderOffsets = reminderOffsets, Voting = new VotingRules { MaxRunoffs = 0 } },
    };

    /// <summary>Issues the tokens of council staff and of every unit, and registers the bloc and its units.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        var store = new TokenStore(new ThiDuaStorageOptions { ConnectionString = _scope.ConnectionString, TablePrefix = _scope.Prefix });
        await store.InitializeAsync(ct);
        this.tokens = await IssueTokensAsync(store, ct);
        await this.SeedAsync(ct);
        await this.Interrupt(Checkpoint.Registered);
        using var admin = this.Client("admin");
        Assert.Equal(Units.Count, (await admin.GetAsync<List<System.Text.Json.Nodes.JsonNode>>($"api/blocs/{BlocId}/units", ct)).Count);
    }

    /// <summary>Launches the year with <paramref name="schedule"/> and plays it to its archive.</summary>
    public async Task RunAsync(CampaignSchedule schedule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        using (var admin = this.Client("admin"))
        {
            await admin.PostAsync<LaunchResponse>(CampaignPath("launch"), DemoLaunch with { Schedule = schedule, DeputyUnitId = HomeAffairs }, ct);
        }

        this.Log("launched");
        await this.SignAsync(Units.Take(2), ct);
        this.Log("two signed");
        await this.Interrupt(Checkpoint.Signing);
        await this.SignAsync(Units.Skip(2), ct);

        await this.WaitForPhaseAsync(CyclePhase.Scoring, ct);
        foreach (var (unitId, lines) in DemoScenario.Submissions)
        {
            await this.SubmitAsync(unitId, lines, "v1", ct);
        }

        await this.SubmitAsync(DemoScenario.Resubmitter, DemoScenario.Resubmission, "v2", ct);
        var evidence = await this.UploadEvidenceAsync(DemoScenario.Resubmitter, ct);
        await this.Interrupt(Checkpoint.Submitted);
        using (var unit = this.Client(DemoScenario.Resubmitter))
        {
            Assert.Equal(Evidence, await unit.GetBytesAsync(evidence, ct));
        }

        var justice = CycleHosts.Addresses(DemoScenario.NeverSubmits);
        this.Log("submitted");
        await WaitForMailAsync(this.Outbox, justice, 1, ct);
        this.Log("first reminder");
        await this.Interrupt(Checkpoint.BetweenReminders);
        await WaitForMailAsync(this.Outbox, justice, _reminderOffsets.Count, ct);
        this.Log("second reminder");

        var closed = schedule.ScoringDeadline + TimeSpan.FromMilliseconds(300) - DateTimeOffset.UtcNow;
        if (closed > TimeSpan.Zero)
        {
            await Task.Delay(closed, ct);
        }

        await this.Interrupt(Checkpoint.ScoringDeadline);
        await this.WaitForPhaseAsync(CyclePhase.Review, ct);
        this.Log("review");
        using (var leader = this.Client(JudgmentEnforcement))
        {
            var adjustment = DemoScenario.Adjustment;
            await leader.PostAsync<ScoreAdjustment>(
                CampaignPath("adjustments"),
                new AdjustmentRequest { ClientRequestId = "fault-adjustment", UnitId = adjustment.UnitId, CriterionId = adjustment.CriterionId, NewPoints = adjustment.NewPoints, Reason = adjustment.Reason },
                ct);
        }

        await this.Interrupt(Checkpoint.Adjusted);
        using (var leader = this.Client(JudgmentEnforcement))
        {
            await leader.PostAsync<System.Text.Json.Nodes.JsonNode>(CampaignPath("review/close"), null, ct);
        }

        await this.WaitForPhaseAsync(CyclePhase.VotingLeadingUnit, ct);
        List<string> candidates;
        using (var admin = this.Client("admin"))
        {
            candidates = (await RetryAsync(() => admin.GetAsync<CampaignResults>(CampaignPath("results"), ct), r => r.Ranking is not null, ct))
                .Ranking!.Entries.Take(3).Select(e => e.UnitId).ToList();
        }

        this.Log("voting");
        await this.VoteAsync(Units.Take(2), candidates, ct);
        await this.Interrupt(Checkpoint.Voting);
        await this.VoteAsync(Units.Skip(2), candidates, ct);

        await this.WaitForPhaseAsync(CyclePhase.ElectingLeader, ct);
        this.Log("voted");
        await this.Interrupt(Checkpoint.YearEnd);
        await this.WaitForPhaseAsync(CyclePhase.Completed, ct);
    }

    /// <summary>
    /// Waits until no workflow instance of the task hub is Running or Pending, for at most <paramref name="within"/>.
    /// A child workflow reports its end to its parent before it records its own status, so after a kill
    /// between the two its row says Running until the restarted host gets the message again (after the
    /// visibility timeout) and records the end; the parent may finish first.
    /// </summary>
    public async Task WaitUntilSettledAsync(TimeSpan within, CancellationToken ct)
    {
        var instances = new TableClient(_scope.ConnectionString, _scope.TaskHubName + "Instances");
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var busy = false;
            await foreach (var row in instances.QueryAsync<TableEntity>(cancellationToken: ct))
            {
                busy |= row.GetString("RuntimeStatus") is "Running" or "Pending";
            }

            if (!busy)
            {
                return;
            }

            await Task.Delay(500, ct);
        }
    }

    /// <summary>What the year decided and kept, read back through the API and from storage.</summary>
    public async Task<YearRecord> ReadAsync(CancellationToken ct)
    {
        using var admin = this.Client("admin");
        var results = await admin.GetAsync<CampaignResults>(CampaignPath("results"), ct);
        var round = await admin.GetAsync<RoundResult>(CampaignPath("votes/leading-unit/rounds/1"), ct);
        var verification = await admin.GetAsync<ArchiveVerification>(CampaignPath("verification"), ct);
        var versions = new Dictionary<string, IReadOnlyList<ScoreSheet>>(StringComparer.Ordinal);
        foreach (var unit in Units)
        {
            versions[unit.UnitId] = (await admin.GetAsync<ScoreHistory>(CampaignPath($"scores/{unit.UnitId}"), ct)).Versions;
        }

        var storage = new ThiDuaStorage(new ThiDuaStorageOptions { ConnectionString = _scope.ConnectionString, TablePrefix = _scope.Prefix, ContainerPrefix = _scope.Prefix });
        var documents = new DocumentStore(storage);
        var archived = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        ArchiveManifest? manifest = null;
        if (results.Archive is { } receipt)
        {
            var at = receipt.Location.Split('/', 2);
            var content = await documents.ReadAsync(at[0], at[1], ct);
            Assert.NotNull(content);
            Assert.True(content.Verified, $"The manifest {receipt.Location} does not match its recorded hash.");
            manifest = DocumentJson.Deserialize<ArchiveManifest>(content.Content);
            foreach (var artifact in manifest.Artifacts)
            {
                var document = await documents.ReadAsync(artifact.Container, artifact.Name, ct);
                Assert.NotNull(document);
                Assert.Equal(artifact.Sha256, document.ActualSha256);
                archived[artifact.Name] = document.Content.ToArray();
            }
        }

        var instances = new TableClient(_scope.ConnectionString, _scope.TaskHubName + "Instances");
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in instances.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            statuses[row.PartitionKey] = row.GetString("RuntimeStatus") ?? "?";
        }

        return new YearRecord(results, round, verification, versions, manifest, archived, statuses, await MailOutbox.ReadAsync(this.Outbox, ct));
    }

    ApiClient Client(string who) => new(this.Address(), this.tokens[who]);

    async Task SeedAsync(CancellationToken ct)
    {
        using var admin = this.Client("admin");
        await admin.PutAsync<Bloc>($"api/blocs/{BlocId}", Bloc(_reminderOffsets), ct);
        foreach (var unit in Units)
        {
            using var certificate = UnitKeys.LoadOrCreate(_keys, unit);
            await admin.PutAsync<MemberUnit>(
                $"api/blocs/{BlocId}/units/{unit.UnitId}",
                new UnitRequest { Name = unit.Name, Contacts = unit.Contacts, CertificatePem = certificate.ExportCertificatePem() },
                ct);
        }
    }

    async Task SignAsync(IEnumerable<DemoUnit> units, CancellationToken ct)
    {
        foreach (var unit in units)
        {
            using var api = this.Client(unit.UnitId);
            var compact = await api.GetBytesAsync(CampaignPath("compact"), ct);
            await DemoYearOverHttp.SignAsync(api, _keys, unit, compact, ct);
        }
    }

    async Task SubmitAsync(string unitId, IReadOnlyList<ScoreLine> lines, string version, CancellationToken ct)
    {
        using var api = this.Client(unitId);
        await api.PostAsync<ScoreSheet>(
            CampaignPath($"scores/{unitId}"),
            new ScoreSubmission { BlocId = BlocId, Year = Year, UnitId = unitId, ClientRequestId = "fault-" + version, Lines = lines },
            ct);
    }

    /// <summary>A small PDF the resubmitting unit attaches to its sheet.</summary>
    static readonly byte[] Evidence = "%PDF-1.4\n% ThiDua fault test evidence\n%%EOF\n"u8.ToArray();

    /// <summary>Uploads <see cref="Evidence"/> for <paramref name="unitId"/>; returns the path that reads it back.</summary>
    async Task<string> UploadEvidenceAsync(string unitId, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = this.Address() };
        using var request = new HttpRequestMessage(HttpMethod.Post, CampaignPath($"evidence/{unitId}?fileName=bien-ban.pdf"))
        {
            Content = new ByteArrayContent(Evidence) { Headers = { ContentType = new("application/pdf") } },
            Headers = { Authorization = new("Bearer", this.tokens[unitId]) },
        };
        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        return CampaignPath($"evidence/{unitId}/{reference["evidenceId"]!.GetValue<string>()}");
    }

    async Task VoteAsync(IEnumerable<DemoUnit> units, IReadOnlyList<string> candidates, CancellationToken ct)
    {
        foreach (var unit in units)
        {
            using var api = this.Client(unit.UnitId);
            var choice = DemoScenario.Choice(unit.UnitId, candidates);
            await RetryAsync(() => api.PostAsync<BallotReceipt>(CampaignPath("votes/leading-unit/ballots"), new BallotRequest { Choice = choice }, ct), _ => true, ct);
        }
    }

    async Task WaitForPhaseAsync(CyclePhase phase, CancellationToken ct)
    {
        using var admin = this.Client("admin");
        await DemoYearOverHttp.WaitForPhaseAsync(admin, phase, ct);
    }

    /// <summary>Reads and ballots that depend on a workflow step just behind the status (ranking saved, round opened).</summary>
    static async Task<T> RetryAsync<T>(Func<Task<T>> call, Func<T, bool> done, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var result = await call();
                if (done(result))
                {
                    return result;
                }
            }
            catch (ApiProblemException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Conflict && e.Code is null or "no-open-round" or "not-found")
            {
                // Not there yet.
            }

            await Task.Delay(200, ct);
        }
    }
}

/// <summary>What a year decided and kept.</summary>
internal sealed record YearRecord(
    CampaignResults Results,
    RoundResult LeadingUnitRound,
    ArchiveVerification Verification,
    IReadOnlyDictionary<string, IReadOnlyList<ScoreSheet>> Versions,
    ArchiveManifest? Manifest,
    IReadOnlyDictionary<string, byte[]> Archived,
    IReadOnlyDictionary<string, string> Instances,
    IReadOnlyList<OutboxMessage> Mail);
