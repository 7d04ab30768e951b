using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Azurite;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Workflows.Cycle;
using Xunit.Abstractions;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Faults;

/// <summary>
/// Azurite stopped for ten seconds in the middle of score collection and started again on the same data
/// and ports: meanwhile the API answers 503 with Retry-After and a problem body, never 500, and quickly;
/// units that send the same submission again once it says so lose nothing (every acknowledged version
/// is stored exactly once, in order), and the year goes on to its archive.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Storage_down_mid_scoring_gives_503_with_Retry_After_and_loses_no_acknowledged_submission()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var state = new TempFolder();
        var clock = Stopwatch.StartNew();
        void Log(string text) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s {text}");

        // The test owns Azurite so that it can stop it and start it again on the same data and ports,
        // which keeps the connection string the host's clients hold.
        var data = System.IO.Path.Combine(state.Path, "azurite");
        var azurite = await AzuriteLauncher.StartAsync(new AzuriteOptions { DataDirectory = data });
        try
        {
            var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var scope = new StorageScope(azurite.ConnectionString, "Toutage" + suffix, "t" + suffix);
            await using var host = await CycleHosts.StartAsync(scope, state.Path, "outage-worker");
            var tokens = await IssueTokensAsync(host.Services.GetRequiredService<ITokenStore>(), ct);
            using var admin = new ApiClient(host.Urls[0], tokens["admin"]);
            await LaunchSignedYearAsync(
                admin, tokens, LocalState.At(state.Path), [TimeSpan.FromSeconds(5)], CycleHosts.ShortYear with { Signing = TimeSpan.FromSeconds(10), Scoring = TimeSpan.FromSeconds(30) }, ct);
            Log("scoring");

            // Five units keep sending new versions; each waits as Retry-After says and sends the same one again.
            using var stop = new CancellationTokenSource();
            var acknowledged = new ConcurrentBag<(string UnitId, string RequestId, int Version, decimal Total)>();
            var refusals = new ConcurrentBag<Refusal>();
            var submitters = Units.Select(u => SubmitUntilStoppedAsync(host.Urls[0], tokens[u.UnitId], u.UnitId, acknowledged, refusals, stop.Token, ct)).ToList();

            await EveryUnitAcknowledgedAsync(acknowledged, since: [], ct);
            var before = acknowledged.Count;
            Log($"stopping Azurite after {before} acknowledged submissions");
            var ports = (azurite.BlobEndpoint.Port, azurite.QueueEndpoint.Port, azurite.TableEndpoint.Port);
            var down = Stopwatch.StartNew();
            await azurite.DisposeAsync();

            // A read through the durable client (status) and one through storage only (the unit's versions).
            using var http = new HttpClient { BaseAddress = host.Urls[0] };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[Police]);
            var reads = new List<Refusal>();
            while (down.Elapsed < Outage - TimeSpan.FromSeconds(2))
            {
                foreach (var path in new[] { CampaignPath("status"), CampaignPath($"scores/{Police}") })
                {
                    var asked = Stopwatch.StartNew();
                    using var response = await http.GetAsync(path, ct);
                    reads.Add(await Refusal.ReadAsync(response, asked.Elapsed, ct));
                }
            }

            var remaining = Outage - down.Elapsed;
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, ct);
            }

            azurite = await AzuriteLauncher.StartAsync(new AzuriteOptions { DataDirectory = data, BlobPort = ports.Item1, QueuePort = ports.Item2, TablePort = ports.Item3 });
            Assert.Equal(scope.ConnectionString, azurite.ConnectionString);
            Log($"Azurite back after {down.Elapsed.TotalSeconds:F1} s; {refusals.Count} refusals so far");

            await EveryUnitAcknowledgedAsync(acknowledged, since: [.. acknowledged], ct);
            await stop.CancelAsync();
            await Task.WhenAll(submitters);
            Log($"{acknowledged.Count} submissions acknowledged, {refusals.Count} refused");

            // During the outage: 503, Retry-After, an RFC 7807 body, in a few seconds rather than a minute.
            var all = refusals.Concat(reads).ToList();
            Assert.NotEmpty(refusals);
            Assert.All(all, r => Assert.True(
                r.Status == HttpStatusCode.ServiceUnavailable && r.RetryAfter > 0 && r.ContentType == "application/problem+json" && r.ProblemStatus == 503 && r.Code == "storage-unavailable",
                r.ToString()));
            Assert.All(all, r => Assert.True(r.Took < TimeSpan.FromSeconds(10), r.ToString()));
            Assert.True(acknowledged.Count > before, "No submission was acknowledged after Azurite came back.");

            // Nothing acknowledged is lost or doubled: each unit has exactly its acknowledged versions, numbered in order.
            foreach (var unit in Units)
            {
                var mine = acknowledged.Where(a => a.UnitId == unit.UnitId).OrderBy(a => a.Version).ToList();
                var stored = (await admin.GetAsync<ScoreHistory>(CampaignPath($"scores/{unit.UnitId}"), ct)).Versions;
                Assert.Equal(Enumerable.Range(1, mine.Count), stored.Select(v => v.Version));
                Assert.Equal(mine.Select(a => (a.Version, a.RequestId, a.Total)), stored.Select(v => (v.Version, v.ClientRequestId, v.Totals.Total)));
            }

            // The year goes on: review, the vote, the archive; the ranking counts each unit's latest version.
            await WaitForPhaseAsync(admin, CyclePhase.VotingLeadingUnit, ct);
            var ranking = (await admin.GetAsync<CampaignResults>(CampaignPath("results"), ct)).Ranking;
            Assert.NotNull(ranking);
            foreach (var entry in ranking.Entries)
            {
                Assert.Equal(acknowledged.Where(a => a.UnitId == entry.UnitId).MaxBy(a => a.Version).Total, entry.Total);
            }

            var candidates = ranking.Entries.Take(3).Select(e => e.UnitId).ToList();
            foreach (var unit in Units)
            {
                using var api = admin.As(tokens[unit.UnitId]);
                await CastAsync(api, DemoScenario.Choice(unit.UnitId, candidates), ct);
            }

            await WaitForPhaseAsync(admin, CyclePhase.Completed, ct);
            var results = await admin.GetAsync<CampaignResults>(CampaignPath("results"), ct);
            Assert.Equal(candidates[0], results.LeadingUnitId);
            Assert.NotNull(results.Archive);
            Assert.True((await admin.GetAsync<ThiDua.Archive.ArchiveVerification>(CampaignPath("verification"), ct)).Holds);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>
    /// A unit's clerk sending one new version after another (the penalty points count them) until
    /// <paramref name="stop"/>; a 503 is retried with the same clientRequestId after Retry-After.
    /// </summary>
    static async Task SubmitUntilStoppedAsync(
        Uri address, string token, string unitId, ConcurrentBag<(string, string, int, decimal)> acknowledged, ConcurrentBag<Refusal> refusals, CancellationToken stop, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var lines = DemoScenario.Submissions.First(s => s.UnitId == Police).Lines.Where(l => l.CriterionId != "tru-1").ToList();
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var requestId = string.Create(CultureInfo.InvariantCulture, $"outage-{n}");
            var penalty = n % 10;
            var submission = new ScoreSubmission
            {
                BlocId = BlocId,
                Year = Year,
                UnitId = unitId,
                ClientRequestId = requestId,
                Lines = [.. lines, new ScoreLine("tru-1", penalty, "Lần nộp thứ " + n.ToString(CultureInfo.InvariantCulture))],
            };
            while (true)
            {
                var asked = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync(CampaignPath($"scores/{unitId}"), submission, ApiJson.Options, ct);
                if (response.IsSuccessStatusCode)
                {
                    var sheet = await response.Content.ReadFromJsonAsync<ScoreSheet>(ApiJson.Options, ct);
                    acknowledged.Add((unitId, requestId, sheet!.Version, sheet.Totals.Total));
                    break;
                }

                var refusal = await Refusal.ReadAsync(response, asked.Elapsed, ct);
                refusals.Add(refusal);
                Assert.True(refusal.Status == HttpStatusCode.ServiceUnavailable, refusal.ToString());
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(refusal.RetryAfter, 1, 5)), ct);
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>Waits until every unit has had a submission acknowledged that is not among <paramref name="since"/>.</summary>
    static async Task EveryUnitAcknowledgedAsync(
        ConcurrentBag<(string UnitId, string RequestId, int Version, decimal Total)> acknowledged, IReadOnlyCollection<(string UnitId, string RequestId, int Version, decimal Total)> since, CancellationToken ct)
    {
        while (Units.Any(u => !acknowledged.Except(since).Any(a => a.UnitId == u.UnitId)))
        {
            await Task.Delay(200, ct);
        }
    }

    /// <summary>A refused request as the client saw it.</summary>
    sealed record Refusal(string Request, HttpStatusCode Status, int RetryAfter, string? ContentType, int? ProblemStatus, string? Code, TimeSpan Took)
    {
        public static async Task<Refusal> ReadAsync(HttpResponseMessage response, TimeSpan took, CancellationToken ct)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            JsonElement? problem = null;
            try
            {
                problem = body.Length > 0 ? JsonDocument.Parse(body).RootElement : null;
            }
            catch (JsonException)
            {
                // Not JSON: reported as is.
            }

            return new Refusal(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}",
                response.StatusCode,
                response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : 0,
                response.Content.Headers.ContentType?.MediaType,
                problem?.ValueKind == JsonValueKind.Object && problem.Value.TryGetProperty("status", out var s) ? s.GetInt32() : null,
                problem?.ValueKind == JsonValueKind.Object && problem.Value.TryGetProperty("code", out var c) ? c.GetString() : null,
                took);
        }
    }
}
