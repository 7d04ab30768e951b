using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Data.Tables;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Faults;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Mail;
using Xunit.Abstractions;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>
/// Three <c>thidua host</c> processes on one task hub of four partitions, sharing one storage account and
/// one SMTP relay, the way Functions instances share a province: the demo bloc's scripted year plus two
/// blocs whose units act through every host at once. In the middle of scoring the host holding the most
/// partitions is killed with SIGKILL and nothing restarts it: the two others take its partitions over and
/// finish every cycle. Afterwards every version is numbered 1..n without gap or duplicate, each unit has
/// one ballot in the round, each version one confirmation email, each reminder went out once, and the demo
/// bloc's year decided and archived exactly what a one-host run of the same script did. A token revoked in
/// storage is refused by every host within the token cache duration they are given.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class MultiHostTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    const int HostCount = 3;
    const int Partitions = 4;

    /// <summary>A killed host's claim on its partitions lapses this soon; the survivors then take them.</summary>
    static readonly TimeSpan PartitionLease = TimeSpan.FromSeconds(9);

    /// <summary>A message the killed host had taken is delivered again this soon.</summary>
    static readonly TimeSpan Visibility = TimeSpan.FromSeconds(10);

    /// <summary>Room for the take-over (lease plus visibility) before the first reminder is due.</summary>
    static readonly TimeSpan[] ReminderOffsets = [TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(10)];

    /// <summary>How long each host trusts a token it validated before reading it again.</summary>
    static readonly TimeSpan TokenCache = TimeSpan.FromSeconds(2);

    static readonly string ConfirmationKind = MessageKeys.Confirmation("x", "y").Split(':')[0];

    [Fact]
    public async Task Three_hosts_share_one_task_hub_survive_a_killed_host_and_end_the_year_as_one_host_does()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        using var keys = new TempFolder();
        using var mailFolder = new TempFolder();
        using var referenceState = new TempFolder();
        var scope = azurite.CreateScope("multihost");
        var referenceScope = azurite.CreateScope("multihostref");
        var clock = Stopwatch.StartNew();
        void Log(string text) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s {text}");

        var unitKeys = LocalState.At(keys.Path);
        foreach (var unit in NoiChinhBloc.Units)
        {
            UnitKeys.LoadOrCreate(unitKeys, unit).Dispose();
        }

        // One relay for every host, as in Azure: a message sent twice by two hosts would arrive twice here.
        await using var smtp = await SmtpSink.StartAsync(Path.Combine(mailFolder.Path, "outbox"));
        var hosts = new List<HostProcess>();
        var live = new List<HostProcess>();
        var killed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The reference runs on an Azurite of its own: the mail queue is one per storage account, and a host
        // of the other scope would take its messages (and it theirs) without finding the campaign. It gets
        // ready while the three processes start.
        await using var reference = await CycleHosts.StartAsync(
            referenceScope, referenceState.Path, "multihost-reference", workItemVisibilityTimeout: Visibility, configure: o => o.StorageConnectionString = null);
        referenceScope = referenceScope with { ConnectionString = reference.StorageConnectionString! };
        var oneHost = new ScriptedYear(referenceScope, unitKeys, ReminderOffsets)
        {
            Address = () => reference.Urls[0],
            Outbox = Path.Combine(referenceState.Path, "outbox"),
            Log = text => Log("reference: " + text),
        };
        var referencePrepared = oneHost.PrepareAsync(ct);
        var states = Enumerable.Range(0, HostCount).Select(_ => new TempFolder()).ToList();
        try
        {
            hosts.AddRange(await Task.WhenAll(Enumerable.Range(0, HostCount).Select(i => AdminHost.StartAsync(
                new Dictionary<string, string>
                {
                    ["AzureWebJobsStorage"] = scope.ConnectionString,
                    ["TaskHubName"] = scope.TaskHubName,
                    ["ThiDua__WorkerId"] = WorkerId(i),
                    ["ThiDua__PartitionCount"] = Partitions.ToString(CultureInfo.InvariantCulture),
                    ["ThiDua__PartitionLeaseInterval"] = PartitionLease.ToString(),
                    ["ThiDua__WorkItemVisibilityTimeout"] = Visibility.ToString(),
                    ["ThiDua__Storage__TablePrefix"] = scope.Prefix,
                    ["ThiDua__Storage__ContainerPrefix"] = scope.Prefix,
                    ["ThiDua__StateDirectory"] = states[i].Path,
                    ["ThiDua__Mail__Host"] = "127.0.0.1",
                    ["ThiDua__Mail__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                    ["ThiDua__Mail__UseTls"] = "false",
                    ["ThiDua__Mail__From"] = "thidua@localhost",
                    ["ThiDua__LaunchCheckInterval"] = "00:00:00",
                    ["ThiDua__Api__TokenCacheDuration"] = TokenCache.ToString(),
                    ["Logging__LogLevel__Default"] = "Warning",
                },
                ct))));
            lock (live)
            {
                live.AddRange(hosts);
            }

            Log($"{HostCount} hosts serving: {string.Join(", ", hosts.Select(h => h.BaseAddress))}");
            var next = 0;
            Uri RoundRobin()
            {
                lock (live)
                {
                    return live[next++ % live.Count].BaseAddress;
                }
            }

            HostProcess[] Live()
            {
                lock (live)
                {
                    return [.. live];
                }
            }

            // The blocs acting through every host at once are ready before the kill, so that no request of theirs
            // is cut off by it; the scripted year retries through every host, then kills the busiest. Retries
            // and refused ballots leave no record, so the reference run needs none of them.
            var blocs = new[] { new RaceBloc("khoi-nhieu-may-a", scope, smtp), new RaceBloc("khoi-nhieu-may-b", scope, smtp) };
            var shared = new ScriptedYear(scope, unitKeys, ReminderOffsets)
            {
                Address = RoundRobin,
                Outbox = Path.Combine(mailFolder.Path, "outbox"),
                Log = text => Log("shared: " + text),
                Interrupt = async point =>
                {
                    if (point == Checkpoint.Submitted)
                    {
                        await RetrySubmissionsEverywhereAsync(scope, Live(), ct);
                        await Task.WhenAll(blocs.Select(b => b.ReadyForKill));
                        killed.SetResult(await KillBusiestAsync(scope, hosts, live, Log, ct));
                    }
                    else if (point == Checkpoint.Voting)
                    {
                        await RecastBallotsEverywhereAsync(scope, Live(), ct);
                    }
                },
            };
            await Task.WhenAll([
                shared.PrepareAsync(ct), referencePrepared, RevokedEverywhereAsync(scope, hosts, Log, ct), .. blocs.Select(b => b.PrepareAsync(hosts[0], ct))]);

            var launch = DateTimeOffset.UtcNow;
            var schedule = new CampaignSchedule
            {
                LaunchAt = launch,
                SigningDeadline = launch + TimeSpan.FromSeconds(20),
                ScoringDeadline = launch + TimeSpan.FromSeconds(60),
                ReviewDeadline = launch + TimeSpan.FromSeconds(80),
                VotingDeadline = launch + TimeSpan.FromSeconds(81),
                VoteRoundDuration = TimeSpan.FromSeconds(25),
                LeaderElectionDeadline = launch + TimeSpan.FromSeconds(82),
                ArchiveAt = launch + TimeSpan.FromSeconds(83),
            };
            try
            {
                await Task.WhenAll([
                    RunOrRelease(shared.RunAsync(schedule, ct), killed),
                    oneHost.RunAsync(schedule, ct),
                    .. blocs.Select(b => b.RunAsync(Live, killed.Task, Log, ct))]);
            }
            catch
            {
                foreach (var host in hosts)
                {
                    output.WriteLine($"--- host {host.BaseAddress} ---");
                    output.WriteLine(host.Output);
                }

                output.WriteLine(await TaskHubDump.DescribeAsync(scope, CancellationToken.None));
                throw;
            }

            // The killed host's partitions went to the survivors, and it holds none any more.
            var owners = await PartitionOwnersAsync(scope, ct);
            Log("partition owners at the end: " + string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}")));
            Assert.DoesNotContain(await killed.Task, owners.Values);

            await Task.WhenAll(shared.WaitUntilSettledAsync(Visibility * 2, ct), oneHost.WaitUntilSettledAsync(Visibility * 2, ct));
            var expected = await oneHost.ReadAsync(ct);
            var actual = await shared.ReadAsync(ct);
            foreach (var bloc in blocs)
            {
                await bloc.AssertYearAsync(Live()[0], actual, ct);
            }

            // The demo bloc's year, apart from the other blocs' instances on the shared task hub.
            var demoCycle = CycleIds.Cycle(new CampaignKey(NoiChinhBloc.BlocId, DemoYearOverHttp.Year));
            YearComparison.AssertSame(Demo(expected, demoCycle), Demo(actual, demoCycle), ReminderOffsets.Length, output);
            AssertOneConfirmationPerVersion(NoiChinhBloc.BlocId, actual.Versions, smtp, u => CycleHosts.Addresses(u));
            Log("done");
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            foreach (var state in states)
            {
                state.Dispose();
            }
        }
    }

    /// <summary>A failed scripted year also fails the wait for its kill, so that the other blocs do not wait for it until the timeout.</summary>
    static async Task RunOrRelease(Task run, TaskCompletionSource<string> killed)
    {
        try
        {
            await run;
        }
        catch (Exception e)
        {
            killed.TrySetException(e);
            throw;
        }
    }

    static YearRecord Demo(YearRecord record, string cycle) =>
        record with { Instances = record.Instances.Where(i => i.Key.StartsWith(cycle, StringComparison.Ordinal)).ToDictionary() };

    static string WorkerId(int i) => string.Create(CultureInfo.InvariantCulture, $"multihost-worker-{i + 1}");

    /// <summary>
    /// Every version the script submitted, sent again with its clientRequestId through every host at the same
    /// moment: each answer is that version, none makes a new one.
    /// </summary>
    static async Task RetrySubmissionsEverywhereAsync(StorageScope scope, IReadOnlyList<HostProcess> hosts, CancellationToken ct)
    {
        var tokens = await Tokens(scope, ct);
        List<(string Unit, IReadOnlyList<ScoreLine> Lines, string Request, int Version)> sent =
            [.. DemoScenario.Submissions.Select(s => (s.UnitId, s.Lines, "fault-v1", 1)), (DemoScenario.Resubmitter, DemoScenario.Resubmission, "fault-v2", 2)];
        await Task.WhenAll(sent.Select(async s =>
        {
            var token = (await tokens.IssueAsync(Caller.Unit(NoiChinhBloc.BlocId, s.Unit), TimeSpan.FromHours(1), cancellationToken: ct)).Token;
            var submission = new ScoreSubmission { BlocId = NoiChinhBloc.BlocId, Year = DemoYearOverHttp.Year, UnitId = s.Unit, ClientRequestId = s.Request, Lines = s.Lines };
            var answers = await Task.WhenAll(hosts.Select(h => SubmitAsync(h.BaseAddress, token, DemoYearOverHttp.CampaignPath($"scores/{s.Unit}"), submission, ct)));
            Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, s.Version, s.Request), (a.Status, a.Sheet.Version, a.Sheet.ClientRequestId)));
        }));
    }

    /// <summary>The two units that voted vote again through every host at once: each attempt is refused, their first ballot stays the only one.</summary>
    static async Task RecastBallotsEverywhereAsync(StorageScope scope, IReadOnlyList<HostProcess> hosts, CancellationToken ct)
    {
        var tokens = await Tokens(scope, ct);
        await Task.WhenAll(NoiChinhBloc.Units.Take(2).Select(async unit =>
        {
            var token = (await tokens.IssueAsync(Caller.Unit(NoiChinhBloc.BlocId, unit.UnitId), TimeSpan.FromHours(1), cancellationToken: ct)).Token;
            var answers = await Task.WhenAll(hosts.Select(h => VoteAsync(h.BaseAddress, token, DemoYearOverHttp.CampaignPath("votes/leading-unit/ballots"), unit.UnitId, ct)));
            Assert.All(answers, a => Assert.Equal((HttpStatusCode.Conflict, "already-voted"), (a.Status, a.Code)));
        }));
    }

    /// <summary>
    /// A token every host has validated (and cached) is revoked in storage, as <c>thidua token revoke</c> does:
    /// every host refuses it within its token cache duration (plus a poll's room), none keeps it alive longer.
    /// </summary>
    static async Task RevokedEverywhereAsync(StorageScope scope, IReadOnlyList<HostProcess> hosts, Action<string> log, CancellationToken ct)
    {
        var tokens = await Tokens(scope, ct);
        var issued = await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "revoked across hosts", ct);
        const string probe = "api/diagnostics/probes/ready-check";
        foreach (var host in hosts)
        {
            using var http = Http(host.BaseAddress, issued.Token);
            using var accepted = await http.GetAsync(probe, ct);
            Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode);
        }

        Assert.True(await tokens.RevokeAsync(issued.TokenId, ct));
        var revoked = Stopwatch.StartNew();
        await Task.WhenAll(hosts.Select(async host =>
        {
            using var http = Http(host.BaseAddress, issued.Token);
            while (true)
            {
                using var response = await http.GetAsync(probe, ct);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }

                Assert.True(revoked.Elapsed < TokenCache + TimeSpan.FromSeconds(5), $"{host.BaseAddress} still accepts a token revoked {revoked.Elapsed.TotalSeconds:F1} s ago.");
                await Task.Delay(100, ct);
            }
        }));
        log($"a revoked token was refused by every host after {revoked.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>SIGKILLs the host whose worker owns the most partitions now; returns its worker id.</summary>
    static async Task<string> KillBusiestAsync(StorageScope scope, List<HostProcess> hosts, List<HostProcess> live, Action<string> log, CancellationToken ct)
    {
        var owners = await PartitionOwnersAsync(scope, ct);
        log("partition owners before the kill: " + string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}")));
        var busiest = owners.Values.GroupBy(o => o, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;
        var victim = hosts[Enumerable.Range(0, hosts.Count).Single(i => WorkerId(i) == busiest)];
        await victim.KillAsync();
        lock (live)
        {
            live.Remove(victim);
        }

        log($"killed {busiest} ({victim.BaseAddress}) with SIGKILL");
        return busiest;
    }

    /// <summary>Each control-queue partition of the task hub and the worker that holds it, from the provider's partition table.</summary>
    static async Task<SortedDictionary<string, string>> PartitionOwnersAsync(StorageScope scope, CancellationToken ct)
    {
        var table = new TableClient(scope.ConnectionString, scope.TaskHubName + "Partitions");
        var owners = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            owners[row.RowKey] = row.GetString("CurrentOwner") ?? "";
        }

        Assert.Equal(Partitions, owners.Count);
        return owners;
    }

    static async Task<TokenStore> Tokens(StorageScope scope, CancellationToken ct)
    {
        var tokens = new TokenStore(new ThiDuaStorageOptions { ConnectionString = scope.ConnectionString, TablePrefix = scope.Prefix });
        await tokens.InitializeAsync(ct);
        return tokens;
    }

    static async Task<(HttpStatusCode Status, ScoreSheet Sheet)> SubmitAsync(Uri host, string token, string path, ScoreSubmission submission, CancellationToken ct)
    {
        using var http = Http(host, token);
        using var response = await http.PostAsJsonAsync(path, submission, ApiJson.Options, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{host}: {(int)response.StatusCode} {body}");
        return (response.StatusCode, System.Text.Json.JsonSerializer.Deserialize<ScoreSheet>(body, ApiJson.Options)!);
    }

    static async Task<(HttpStatusCode Status, string? Code)> VoteAsync(Uri host, string token, string path, string choice, CancellationToken ct)
    {
        using var http = Http(host, token);
        using var response = await http.PostAsJsonAsync(path, new BallotRequest { Choice = choice }, ApiJson.Options, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var code = response.IsSuccessStatusCode ? null : System.Text.Json.Nodes.JsonNode.Parse(body)?["code"]?.GetValue<string>();
        return (response.StatusCode, code);
    }

    static HttpClient Http(Uri host, string token)
    {
        var http = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Each stored version of each unit was confirmed by exactly one email at the relay.</summary>
    static void AssertOneConfirmationPerVersion(string blocId, IReadOnlyDictionary<string, IReadOnlyList<ScoreSheet>> versions, SmtpSink smtp, Func<string, HashSet<string>> addresses)
    {
        var confirmations = smtp.Messages
            .Where(m => OutboxMailer.KindOf(m.MessageId) == ConfirmationKind && (m.MessageId ?? "").Contains($".{blocId}@", StringComparison.Ordinal))
            .ToList();
        foreach (var (unitId, unitVersions) in versions)
        {
            var to = addresses(unitId);
            Assert.True(
                unitVersions.Count == confirmations.Count(m => m.To.Mailboxes.Any(a => to.Contains(a.Address))),
                $"{blocId}/{unitId}: {unitVersions.Count} versions, confirmations: {string.Join(", ", confirmations.Where(m => m.To.Mailboxes.Any(a => to.Contains(a.Address))).Select(m => m.MessageId))}");
        }

        var ids = confirmations.Select(m => m.MessageId).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// A bloc of four units run entirely through several hosts at once: every submission sent through each host
    /// at the same moment, two different submissions of one unit raced through two hosts, evidence uploaded
    /// through two hosts at once, each ballot cast through every host at once; one unit never submits and is
    /// reminded. Nobody signs: the compact is sealed at its deadline with the signers missing.
    /// </summary>
    sealed class RaceBloc(string blocId, StorageScope scope, SmtpSink smtp)
    {
        const int UnitCount = 4;
        static readonly TimeSpan Reminder = TimeSpan.FromSeconds(12);
        readonly List<string> _units = Enumerable.Range(1, UnitCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"don-vi-{i}")).ToList();
        readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
        readonly List<string> _evidenceIds = [];
        readonly TaskCompletionSource _readyForKill = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Done once every request meant for all three hosts has been answered (faulted when one failed).</summary>
        public Task ReadyForKill => _readyForKill.Task;

        string Silent => _units[^1];

        string Path(string rest) => string.Create(CultureInfo.InvariantCulture, $"api/blocs/{blocId}/campaigns/{DemoYearOverHttp.Year}/{rest}");

        HashSet<string> Addresses(string unit) => new(StringComparer.OrdinalIgnoreCase) { $"{unit}@{blocId}.thidua.example" };

        public async Task PrepareAsync(HostProcess host, CancellationToken ct)
        {
            var tokens = await Tokens(scope, ct);
            _tokens["admin"] = (await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), cancellationToken: ct)).Token;
            foreach (var unit in _units)
            {
                _tokens[unit] = (await tokens.IssueAsync(Caller.Unit(blocId, unit), TimeSpan.FromHours(1), cancellationToken: ct)).Token;
            }

            using var admin = new ApiClient(host.BaseAddress, _tokens["admin"]);
            await admin.PutAsync<Bloc>(
                $"api/blocs/{blocId}",
                new BlocRequest
                {
                    Name = "Khối thi đua nhiều máy chủ " + blocId[^1..].ToUpperInvariant(),
                    MemberUnitIds = _units,
                    RotationOrder = _units,
                    Rules = new BlocRules { ReminderOffsets = [Reminder], Voting = new VotingRules { MaxRunoffs = 0 } },
                },
                ct);
            foreach (var unit in _units)
            {
                await admin.PutAsync<MemberUnit>(
                    $"api/blocs/{blocId}/units/{unit}",
                    new UnitRequest { Name = "Đơn vị " + unit[^1..], Contacts = [new Contact("Trần Thị Bình", Addresses(unit).Single(), "Cán bộ thi đua")] },
                    ct);
            }
        }

        public async Task RunAsync(Func<HostProcess[]> live, Task<string> killed, Action<string> log, CancellationToken ct)
        {
            using (var admin = new ApiClient(live()[0].BaseAddress, _tokens["admin"]))
            {
                await admin.PostAsync<LaunchResponse>(
                    Path("launch"),
                    new LaunchRequest
                    {
                        Criteria = NoiChinhBloc.Criteria,
                        Durations = new PhaseDurations
                        {
                            Signing = TimeSpan.FromSeconds(4),
                            Scoring = TimeSpan.FromSeconds(45),
                            Review = TimeSpan.FromSeconds(4),
                            Voting = TimeSpan.FromSeconds(20),
                            VoteRound = TimeSpan.FromSeconds(20),
                            LeaderElection = TimeSpan.FromSeconds(4),
                            Archive = TimeSpan.FromSeconds(4),
                        },
                        LeaderUnitId = _units[0],
                        DeputyUnitId = _units[1],
                    },
                    ct);
                await DemoYearOverHttp.WaitForPhaseAsync(admin, Path("status"), CyclePhase.Scoring, ct);
            }

            var submitting = _units.Where(u => u != Silent).ToList();
            try
            {
                await Task.WhenAll(submitting.Select(u => this.BeforeKillAsync(u, live(), ct)));
                _readyForKill.SetResult();
            }
            catch (Exception e)
            {
                _readyForKill.SetException(e);
                throw;
            }

            log($"{blocId}: submitted through every host; waiting for the kill");
            await killed.WaitAsync(ct);
            await Task.WhenAll(submitting.Select(u => this.AfterKillAsync(u, live(), ct)));
            log($"{blocId}: submitted again through the survivors");

            using (var admin = new ApiClient(live()[0].BaseAddress, _tokens["admin"]))
            {
                await DemoYearOverHttp.WaitForPhaseAsync(admin, Path("status"), CyclePhase.VotingLeadingUnit, ct);
                var ranking = await RetryAsync(() => admin.GetAsync<CampaignResults>(Path("results"), ct), ct);
                var first = ranking.Ranking!.Entries[0].UnitId;
                await Task.WhenAll(_units.Select(u => this.CastEverywhereAsync(u, u == first ? ranking.Ranking.Entries[1].UnitId : first, live(), ct)));
                log($"{blocId}: voted through every host");
                await DemoYearOverHttp.WaitForPhaseAsync(admin, Path("status"), CyclePhase.Completed, ct);
            }

            log($"{blocId}: completed");
        }

        /// <summary>Version 1 through every host at once; then two different sheets raced through two hosts; evidence through two hosts at once.</summary>
        async Task BeforeKillAsync(string unit, HostProcess[] hosts, CancellationToken ct)
        {
            var first = await Task.WhenAll(hosts.Select(h => SubmitAsync(h.BaseAddress, _tokens[unit], Path($"scores/{unit}"), this.Sheet(unit, "lan-1", 1), ct)));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created], first.Select(a => a.Status).Order());
            Assert.All(first, a => Assert.Equal((1, "lan-1"), (a.Sheet.Version, a.Sheet.ClientRequestId)));

            var raced = await Task.WhenAll(
                SubmitAsync(hosts[0].BaseAddress, _tokens[unit], Path($"scores/{unit}"), this.Sheet(unit, "lan-2a", 2), ct),
                SubmitAsync(hosts[1].BaseAddress, _tokens[unit], Path($"scores/{unit}"), this.Sheet(unit, "lan-2b", 3), ct));
            Assert.All(raced, a => Assert.Equal(HttpStatusCode.Created, a.Status));
            Assert.Equal([2, 3], raced.Select(a => a.Sheet.Version).Order());

            // The same file through two hosts at once is stored once; another file through the third beside it.
            var uploads = await Task.WhenAll(
                this.UploadAsync(hosts[0].BaseAddress, unit, "bien-ban", ct),
                this.UploadAsync(hosts[1].BaseAddress, unit, "bien-ban", ct),
                this.UploadAsync(hosts[2].BaseAddress, unit, "bao-cao", ct));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], uploads.Take(2).Select(u => u.Status).Order());
            Assert.Equal(uploads[0].EvidenceId, uploads[1].EvidenceId);
            Assert.Equal(HttpStatusCode.Created, uploads[2].Status);
            lock (_evidenceIds)
            {
                _evidenceIds.AddRange(uploads.Select(u => u.EvidenceId).Distinct());
            }
        }

        /// <summary>Version 4 through both survivors at once, after the take-over.</summary>
        async Task AfterKillAsync(string unit, HostProcess[] hosts, CancellationToken ct)
        {
            var answers = await Task.WhenAll(hosts.Select(h => SubmitAsync(h.BaseAddress, _tokens[unit], Path($"scores/{unit}"), this.Sheet(unit, "lan-4", 4), ct)));
            Assert.Equal(HttpStatusCode.Created, answers.Select(a => a.Status).Order().Last());
            Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
            Assert.All(answers, a => Assert.Equal((4, "lan-4"), (a.Sheet.Version, a.Sheet.ClientRequestId)));
        }

        /// <summary>The unit's ballot through every host at once, again while the round is not open: exactly one is taken.</summary>
        async Task CastEverywhereAsync(string unit, string choice, HostProcess[] hosts, CancellationToken ct)
        {
            var seen = new List<(HttpStatusCode Status, string? Code)>();
            while (!seen.Any(s => s.Status == HttpStatusCode.Created))
            {
                var answers = await Task.WhenAll(hosts.Select(h => VoteAsync(h.BaseAddress, _tokens[unit], Path("votes/leading-unit/ballots"), choice, ct)));
                seen.AddRange(answers);
                Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Created || (a.Status == HttpStatusCode.Conflict && a.Code is "already-voted" or "no-open-round"), $"{unit}: {a}"));
                if (answers.All(a => a.Code == "no-open-round"))
                {
                    await Task.Delay(200, ct);
                }
                else
                {
                    break;
                }
            }

            Assert.Single(seen, s => s.Status == HttpStatusCode.Created);
        }

        /// <summary>A small PDF named <paramref name="name"/> whose bytes differ per unit and name; returns the answer and the evidence id.</summary>
        async Task<(HttpStatusCode Status, string EvidenceId)> UploadAsync(Uri host, string unit, string name, CancellationToken ct)
        {
            using var http = Http(host, _tokens[unit]);
            var pdf = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {blocId} {unit} {name}\n%%EOF\n");
            using var content = new ByteArrayContent(pdf) { Headers = { ContentType = new("application/pdf") } };
            using var response = await http.PostAsync(Path($"evidence/{unit}?fileName={name}.pdf"), content, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.IsSuccessStatusCode, $"{host}: {(int)response.StatusCode} {body}");
            return (response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(body)!["evidenceId"]!.GetValue<string>());
        }

        ScoreSubmission Sheet(string unit, string requestId, int points) => new()
        {
            BlocId = blocId,
            Year = DemoYearOverHttp.Year,
            UnitId = unit,
            ClientRequestId = requestId,
            Lines = [new("1-1", 20 + points), new("1-2", 15), new("2-1", 10), new("2-2", 10)],
        };

        /// <summary>Versions 1..4 exactly, both raced sheets kept, evidence readable, one ballot per unit, one mail per version and reminder.</summary>
        public async Task AssertYearAsync(HostProcess host, YearRecord sharedHub, CancellationToken ct)
        {
            using var admin = new ApiClient(host.BaseAddress, _tokens["admin"]);
            var versions = new Dictionary<string, IReadOnlyList<ScoreSheet>>(StringComparer.Ordinal);
            foreach (var unit in _units)
            {
                var history = await admin.GetAsync<ScoreHistory>(Path($"scores/{unit}"), ct);
                versions[unit] = history.Versions;
                if (unit == Silent)
                {
                    Assert.Empty(history.Versions);
                    continue;
                }

                Assert.Equal([1, 2, 3, 4], history.Versions.Select(v => v.Version));
                Assert.Equal("lan-1", history.Versions[0].ClientRequestId);
                Assert.Equal(["lan-2a", "lan-2b"], history.Versions.Skip(1).Take(2).Select(v => v.ClientRequestId).Order(StringComparer.Ordinal));
                Assert.Equal("lan-4", history.Versions[3].ClientRequestId);
                Assert.Equal(2, history.Evidence.Count);
                Assert.Subset(_evidenceIds.ToHashSet(StringComparer.Ordinal), history.Evidence.Select(e => e.EvidenceId).ToHashSet(StringComparer.Ordinal));
                foreach (var evidence in history.Evidence)
                {
                    Assert.Equal(evidence.SizeBytes, (await admin.GetBytesAsync(Path($"evidence/{unit}/{evidence.EvidenceId}"), ct)).Length);
                }
            }

            var round = await admin.GetAsync<RoundResult>(Path("votes/leading-unit/rounds/1"), ct);
            Assert.Equal(UnitCount, round.Tally.BallotsCast);
            Assert.Equal(UnitCount, round.Ballots.Count);

            var cycle = CycleIds.Cycle(new CampaignKey(blocId, DemoYearOverHttp.Year));
            Assert.All(sharedHub.Instances.Where(i => i.Key.StartsWith(cycle, StringComparison.Ordinal)), i => Assert.Equal("Completed", i.Value));
            Assert.Contains(sharedHub.Instances.Keys, k => k == cycle);

            AssertOneConfirmationPerVersion(blocId, versions, smtp, this.Addresses);
            var silent = this.Addresses(Silent);
            Assert.Single(smtp.Messages, m => OutboxMailer.KindOf(m.MessageId) == MessageKeys.ReminderKind && m.To.Mailboxes.Any(a => silent.Contains(a.Address)));
        }

        static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
        {
            while (true)
            {
                try
                {
                    return await call();
                }
                catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
                {
                    await Task.Delay(200, ct);
                }
            }
        }
    }
}
