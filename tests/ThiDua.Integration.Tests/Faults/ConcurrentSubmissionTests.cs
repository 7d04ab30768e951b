using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Faults;

/// <summary>
/// Sixteen units submitting and resubmitting at once through the HTTP API, each request sent twice at
/// the same moment and once more after its answer (a client retrying with the same clientRequestId):
/// every unit ends with exactly its versions, numbered in the order it sent them, no retry makes a
/// version of its own, and the ranking counts each unit's latest version.
/// </summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class ConcurrentSubmissionTests(AzuriteFixture azurite)
{
    const string Bloc = "khoi-dong-thoi";
    const int UnitCount = 16;
    const int Versions = 5;

    [Fact]
    public async Task Sixteen_units_resubmitting_at_once_get_exact_versions_and_totals()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var scope = azurite.CreateScope(nameof(ConcurrentSubmissionTests));
        using var state = new TempFolder();
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "concurrency-worker");
        var tokens = host.Services.GetRequiredService<ITokenStore>();
        using var admin = new ApiClient(host.Urls[0], (await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), cancellationToken: ct)).Token);
        var units = Enumerable.Range(1, UnitCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"don-vi-{i:D2}")).ToList();
        await admin.PutAsync<ThiDua.Domain.Bloc>(
            $"api/blocs/{Bloc}", new BlocRequest { Name = "Khối thi đua kiểm thử đồng thời", MemberUnitIds = units, RotationOrder = units }, ct);
        foreach (var unit in units)
        {
            await admin.PutAsync<MemberUnit>(
                $"api/blocs/{Bloc}/units/{unit}", new UnitRequest { Name = "Đơn vị " + unit[^2..], Contacts = [new Contact("Nguyễn Văn An", unit + "@thidua.example", "Cán bộ thi đua")] }, ct);
        }

        // Nobody signs: the compact is sealed at its deadline with every signer missing, which does not hold submissions back.
        await admin.PostAsync<LaunchResponse>(
            Path("launch"),
            new LaunchRequest
            {
                Criteria = NoiChinhBloc.Criteria,
                Durations = CycleHosts.ShortYear with { Signing = TimeSpan.FromSeconds(3), Scoring = TimeSpan.FromSeconds(18), Review = TimeSpan.FromSeconds(2) },
                LeaderUnitId = units[0],
            },
            ct);

        var answers = await Task.WhenAll(units.Select(async (unit, i) =>
        {
            using var http = new HttpClient { BaseAddress = host.Urls[0] };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer", (await tokens.IssueAsync(Caller.Unit(Bloc, unit), TimeSpan.FromHours(1), cancellationToken: ct)).Token);
            var seen = new List<(int Sent, HttpStatusCode Status, ScoreSheet Sheet)>();
            for (var k = 1; k <= Versions; k++)
            {
                var submission = Submission(unit, i + 1, k);
                var twice = await Task.WhenAll(SendAsync(http, submission, ct), SendAsync(http, submission, ct));
                var again = await SendAsync(http, submission, ct);
                seen.AddRange(twice.Append(again).Select(a => (k, a.Status, a.Sheet)));
            }

            return (Unit: unit, Index: i + 1, Seen: seen);
        }));

        foreach (var (unit, index, seen) in answers)
        {
            foreach (var sent in seen.GroupBy(s => s.Sent))
            {
                // The same request three times: one created version, the others return it.
                Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created], sent.Select(s => s.Status).Order());
                Assert.All(sent, s => Assert.Equal((sent.Key, RequestId(sent.Key)), (s.Sheet.Version, s.Sheet.ClientRequestId)));
            }

            var stored = (await admin.GetAsync<ScoreHistory>(Path($"scores/{unit}"), ct)).Versions;
            Assert.Equal(
                Enumerable.Range(1, Versions).Select(k => (k, RequestId(k), Total(index, k))),
                stored.Select(v => (v.Version, v.ClientRequestId, v.Totals.Total)));
        }

        Ranking? ranking = null;
        while (ranking is null)
        {
            await Task.Delay(250, ct);
            var status = await admin.GetAsync<CampaignStatus>(Path("status"), ct);
            Assert.False(status.RuntimeStatus is "Failed" or "Terminated", status.RuntimeStatus);
            try
            {
                ranking = (await admin.GetAsync<CampaignResults>(Path("results"), ct)).Ranking;
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
            {
                // No results before the review window ends.
            }
        }

        // The latest version counts: the ranking is the units in reverse order, each with its fifth total.
        Assert.Equal(
            answers.OrderByDescending(a => a.Index).Select(a => (a.Unit, Total(a.Index, Versions))),
            ranking.Entries.Select(e => (e.UnitId, e.Total)));
    }

    static int Year => VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;

    static string Path(string rest) => string.Create(CultureInfo.InvariantCulture, $"api/blocs/{Bloc}/campaigns/{Year}/{rest}");

    static string RequestId(int version) => string.Create(CultureInfo.InvariantCulture, $"lan-{version}");

    /// <summary>Unit n's k-th sheet: every unit and version has its own total.</summary>
    static decimal Total(int unit, int version) => 20 + unit + version + 15 + 10 + 10;

    static ScoreSubmission Submission(string unit, int index, int version) => new()
    {
        BlocId = Bloc,
        Year = Year,
        UnitId = unit,
        ClientRequestId = RequestId(version),
        Lines = [new("1-1", 20 + index + version), new("1-2", 15), new("2-1", 10), new("2-2", 10)],
    };

    static async Task<(HttpStatusCode Status, ScoreSheet Sheet)> SendAsync(HttpClient http, ScoreSubmission submission, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(Path($"scores/{submission.UnitId}"), submission, ApiJson.Options, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return (response.StatusCode, System.Text.Json.JsonSerializer.Deserialize<ScoreSheet>(body, ApiJson.Options)!);
    }
}
