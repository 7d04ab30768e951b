using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

/// <summary>
/// Malformed and hostile requests to every write endpoint, and every endpoint walked as an
/// anonymous caller and as a unit of another bloc: each gets a 4xx problem and storage is unchanged.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class HostileInputTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string Bloc = "hostile";
    private const string Campaign = "/api/blocs/hostile/campaigns/2027";
    private static readonly SemaphoreSlim SetupLock = new(1, 1);
    private static bool setUp;

    /// <summary>Write endpoints: who may call them and a valid body.</summary>
    public static TheoryData<string, string, string, string> Writes => new()
    {
        { "PUT", "/api/blocs/hostile", "admin", """{"name":"Nội chính","memberUnitIds":["so-noi-vu"]}""" },
        { "PUT", "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở Tư pháp","active":true}""" },
        { "POST", "/api/blocs/hostile/cycles/2027", "admin", """{"launchDeadline":"2027-06-01T00:00:00Z"}""" },
        { "POST", Campaign + "/launch", "admin", """{"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"Chuyên môn","maxPoints":100}]},"leaderUnitId":"so-noi-vu"}""" },
        { "POST", Campaign + "/adjustments", "so-noi-vu", """{"clientRequestId":"a-1","unitId":"so-tu-phap","criterionId":"1-1","newPoints":10,"reason":"Sai"}""" },
        { "POST", Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5}]}""" },
        { "POST", Campaign + "/votes/leading-unit/ballots", "so-tu-phap", """{"choice":"so-noi-vu"}""" },
    };

    public static TheoryData<string, string, string, string> Hostile => new()
    {
        { "/api/blocs/hostile", "admin", """{"name":"Khối","memberUnitIds":["../etc"]}""", "memberUnitIds[0]" },
        { "/api/blocs/hostile", "admin", """{"name":"Khối","rotationOrder":["so' or PartitionKey ne '"]}""", "rotationOrder[0]" },
        { "/api/blocs/hostile", "admin", """{"name":"Khối","launchMonth":13}""", "launchMonth" },
        { "/api/blocs/hostile", "admin", """{"name":5}""", "name" },
        { "/api/blocs/hostile", "admin", """{"name":null}""", "name" },
        { "/api/blocs/hostile/cycles/2027", "admin", """{"launchDeadline":"2001-01-01T00:00:00Z"}""", "launchDeadline" },
        { "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở","contacts":[{"name":"A","email":"not-an-email","role":"x"}]}""", "contacts[0].email" },
        { Campaign + "/launch", "admin", """{"criteria":{"scale":100,"criteria":[{"id":"1/1","title":"A","maxPoints":100}]},"leaderUnitId":"so-noi-vu"}""", "criteria.criteria[0].id" },
        { Campaign + "/launch", "admin", """{"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"A","maxPoints":"lots"}]},"leaderUnitId":"so-noi-vu"}""", "criteria.criteria[0].maxPoints" },
        { Campaign + "/adjustments", "so-noi-vu", """{"clientRequestId":"a-1","unitId":"so/tu-phap","criterionId":"1-1","newPoints":10,"reason":"Sai"}""", "unitId" },
        { Campaign + "/adjustments", "so-noi-vu", """{"clientRequestId":"a..1","unitId":"so-tu-phap","criterionId":"1-1","newPoints":10,"reason":"Sai"}""", "clientRequestId" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r\"1","lines":[{"criterionId":"1-1","points":5}]}""", "clientRequestId" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":-5}]}""", "lines[0].points" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5}],"version":7}""", "version" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5}],"totals":{"total":100}}""", "totals" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":"2027","unitId":"so-tu-phap","clientRequestId":"r-1","lines":[]}""", "year" },
        { Campaign + "/votes/leading-unit/ballots", "so-tu-phap", """{"choice":"so-noi-vu' or '1'='1"}""", "choice" },
        { Campaign + "/votes/leading-unit/ballots", "so-tu-phap", """{"choice":"so-noi-vu","voter":"cong-an-tinh"}""", "voter" },
    };

    /// <summary>Text no field accepts (control and bidirectional characters; line breaks outside reasons), and -0 points.</summary>
    public static TheoryData<string, string, string, string> HostileText => new()
    {
        { "/api/blocs/hostile", "admin", """{"name":"Khối\u202E"}""", "name" },
        { "/api/blocs/hostile", "admin", """{"name":"Khối\nNội chính"}""", "name" },
        { "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở\u202ETư pháp"}""", "name" },
        { "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở Tư pháp","contacts":[{"name":"Nguyễn\u0085Văn A","email":"a@stp.gov.vn","role":"x"}]}""", "contacts[0].name" },
        { "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở Tư pháp","contacts":[{"name":"Nguyễn Văn A","email":"a@stp.gov.vn\u2066","role":"x"}]}""", "contacts[0].email" },
        { "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở Tư pháp","contacts":[{"name":"Nguyễn Văn A","email":"a@stp.gov.vn","role":"Chánh\u0000Văn phòng"}]}""", "contacts[0].role" },
        { "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở Tư pháp","certificatePem":"-----BEGIN CERTIFICATE-----\n\u0000\n-----END CERTIFICATE-----\n"}""", "certificatePem" },
        { Campaign + "/launch", "admin", """{"commitments":["Cam kết\u202D"],"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"Chuyên môn","maxPoints":100}]},"leaderUnitId":"so-noi-vu"}""", "commitments[0]" },
        { Campaign + "/launch", "admin", """{"commitments":["Một\nhai"],"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"Chuyên môn","maxPoints":100}]},"leaderUnitId":"so-noi-vu"}""", "commitments[0]" },
        { Campaign + "/launch", "admin", """{"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"Chuyên\u0007môn","maxPoints":100}]},"leaderUnitId":"so-noi-vu"}""", "criteria.criteria[0].title" },
        { Campaign + "/launch", "admin", """{"criteria":{"scale":100,"criteria":[{"id":"1-1","group":"I.\u2069","title":"Chuyên môn","maxPoints":100}]},"leaderUnitId":"so-noi-vu"}""", "criteria.criteria[0].group" },
        { Campaign + "/adjustments", "so-noi-vu", """{"clientRequestId":"a-1","unitId":"so-tu-phap","criterionId":"1-1","newPoints":10,"reason":"Sai\u0000"}""", "reason" },
        { Campaign + "/adjustments", "so-noi-vu", """{"clientRequestId":"a-1","unitId":"so-tu-phap","criterionId":"1-1","newPoints":-0,"reason":"Sai"}""", "newPoints" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5,"reason":"Đủ\u0000"},{"criterionId":"1-2","points":30}]}""", "lines[0].reason" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5,"reason":"Đủ\tđiểm"},{"criterionId":"1-2","points":30}]}""", "lines[0].reason" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":-0},{"criterionId":"1-2","points":30}]}""", "lines[0].points" },
        { Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5},{"criterionId":"1-2","points":30}],"evidence":[{"evidenceId":"e-1","fileName":"bao-cao\u202Efdp.exe","contentType":"application/pdf","sizeBytes":1,"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}]}""", "evidence[0].fileName" },
        { Campaign + "/votes/leading-unit/ballots", "so-tu-phap", """{"choice":"so-noi-vu\u0000"}""", "choice" },
    };

    /// <summary>A property given twice, at the top and deeper, on every endpoint that reads JSON.</summary>
    public static TheoryData<string, string, string, string, string> Duplicates => new()
    {
        { "PUT", "/api/blocs/hostile", "admin", """{"name":"Khối A","name":"Khối B"}""", "name" },
        { "PUT", "/api/blocs/hostile", "admin", """{"name":"Khối","rules":{"voting":{"quorum":{"numerator":2,"denominator":3,"numerator":1}}}}""", "rules.voting.quorum.numerator" },
        { "PUT", "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở Tư pháp","name":"Sở Tư Pháp"}""", "name" },
        { "PUT", "/api/blocs/hostile/units/so-tu-phap", "admin", """{"name":"Sở Tư pháp","contacts":[{"name":"A","email":"a@stp.gov.vn","email":"b@stp.gov.vn","role":"x"}]}""", "contacts[0].email" },
        { "POST", "/api/blocs/hostile/cycles/2027", "admin", """{"launchDeadline":"2027-06-01T00:00:00Z","launchDeadline":"2027-07-01T00:00:00Z"}""", "launchDeadline" },
        { "POST", Campaign + "/launch", "admin", """{"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"A","maxPoints":100}]},"criteria":{"scale":50,"criteria":[{"id":"1-1","title":"B","maxPoints":50}]},"leaderUnitId":"so-noi-vu"}""", "criteria" },
        { "POST", Campaign + "/launch", "admin", """{"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"A","maxPoints":100,"maxPoints":1}]},"leaderUnitId":"so-noi-vu"}""", "criteria.criteria[0].maxPoints" },
        { "POST", Campaign + "/adjustments", "so-noi-vu", """{"clientRequestId":"a-1","unitId":"other","unitId":"so-tu-phap","criterionId":"1-1","newPoints":10,"reason":"Sai"}""", "unitId" },
        { "POST", Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"other","unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5},{"criterionId":"1-2","points":30}]}""", "unitId" },
        { "POST", Campaign + "/scores/so-tu-phap", "so-tu-phap", """{"blocId":"hostile","year":2027,"unitId":"so-tu-phap","clientRequestId":"r-1","lines":[{"criterionId":"1-1","points":5,"points":50},{"criterionId":"1-2","points":30}]}""", "lines[0].points" },
        { "POST", Campaign + "/votes/leading-unit/ballots", "so-tu-phap", """{"choice":"so-noi-vu","choice":"so-tu-phap"}""", "choice" },
        { "POST", Campaign + "/votes/leading-unit/ballots", "so-tu-phap", """{"choice":"so-noi-vu","Choice":"so-tu-phap"}""", "Choice" },
        { "PUT", "/api/identities/6f1c2a9e-3b7d-4c61-9a0e-2d5b8f4e7c13", "admin", """{"blocId":"hostile","unitId":"other","unitId":"so-tu-phap"}""", "unitId" },
    };

    public static TheoryData<string, string> HostilePaths => new()
    {
        { "/api/blocs/x..y", "blocId" },
        { "/api/blocs/x%2Fy/units", "blocId" },
        { "/api/blocs/%22quoted%22", "blocId" },
        { "/api/blocs/Hostile", "blocId" },
        { "/api/blocs/hostile/campaigns/2027/scores/so%2F..%2Ftu", "unitId" },
        { "/api/blocs/hostile/campaigns/27/status", "year" },
        { "/api/blocs/hostile/campaigns/2027/votes/leading-unit/rounds/0", "round" },
    };

    public async Task InitializeAsync()
    {
        await SetupLock.WaitAsync();
        try
        {
            if (!setUp)
            {
                var (now, _) = await World.LaunchAsync(fixture, Bloc, 2027);
                await fixture.SubmissionWindow.OpenAsync(Bloc, 2027, now);
                var round = new VoteRound { BlocId = Bloc, Year = 2027, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = ["so-noi-vu", "so-tu-phap"], EligibleVoters = 3 };
                await fixture.Votes.OpenRoundAsync(new OpenedVoteRound(round, World.Units, now.AddHours(1)), now);
                setUp = true;
            }
        }
        finally
        {
            SetupLock.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Malformed_bodies_get_a_400_problem_and_change_nothing(string method, string path, string caller, string valid)
    {
        var client = await ClientAsync(caller);
        var before = await StorageSnapshot.TakeAsync(fixture);
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);

        var truncated = await client.SendTextAsync(new HttpMethod(method), path, valid[..(valid.Length / 2)]);
        var unknown = await client.SendTextAsync(new HttpMethod(method), path, "{\"isAdmin\":true," + valid[1..]);
        var array = await client.SendTextAsync(new HttpMethod(method), path, "[" + valid + "]");
        var nested = await client.SendTextAsync(new HttpMethod(method), path, deep);
        var huge = await client.SendTextAsync(new HttpMethod(method), path, "{\"name\":\"" + new string('a', 600_000) + "\"}");
        var text = await client.SendTextAsync(new HttpMethod(method), path, valid, "text/plain");

        Assert.NotEmpty(truncated.Problem(HttpStatusCode.BadRequest));
        Assert.Contains("isAdmin", unknown.Problem(HttpStatusCode.BadRequest));
        Assert.NotEmpty(array.Problem(HttpStatusCode.BadRequest));
        Assert.NotEmpty(nested.Problem(HttpStatusCode.BadRequest));
        huge.Problem(HttpStatusCode.RequestEntityTooLarge);
        text.Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    [MemberData(nameof(HostileText))]
    public async Task Hostile_values_are_refused_naming_the_field_and_change_nothing(string path, string caller, string body, string field)
    {
        var client = await ClientAsync(caller);
        var before = await StorageSnapshot.TakeAsync(fixture);

        var reply = await client.SendTextAsync(path.Contains("/units/", StringComparison.Ordinal) || path.EndsWith("hostile", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, path, body);

        Assert.Contains(field, reply.Problem(HttpStatusCode.BadRequest));
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }

    [Fact]
    public async Task A_bloc_of_more_member_units_than_a_bloc_may_have_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var admin = await fixture.AdminAsync();
        var english = await fixture.AdminAsync();
        english.DefaultRequestHeaders.AcceptLanguage.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("en"));
        var before = await StorageSnapshot.TakeAsync(fixture);

        // Registering a bloc with one member more than the cap.
        var ids = Enumerable.Range(1, ThiDua.Domain.Bloc.MaxMembers + 1).Select(i => $"don-vi-{i}").ToList();
        var body = JsonSerializer.Serialize(new { name = "Khối quá đông", memberUnitIds = ids });
        var refused = await admin.SendTextAsync(HttpMethod.Put, "/api/blocs/khoi-qua-dong", body);
        Assert.Equal(["memberUnitIds"], refused.Problem(HttpStatusCode.BadRequest));
        Assert.Equal(ErrorCodes.OutOfRange, refused.Json.GetProperty("codes").GetProperty("memberUnitIds")[0].GetString());
        Assert.Equal("Một khối thi đua có tối đa 200 đơn vị thành viên; khối này sẽ có 201.", refused.Json.GetProperty("errors").GetProperty("memberUnitIds")[0].GetString());
        var inEnglish = await english.SendTextAsync(HttpMethod.Put, "/api/blocs/khoi-qua-dong", body);
        Assert.Equal(["memberUnitIds"], inEnglish.Problem(HttpStatusCode.BadRequest));
        Assert.Equal("A bloc has at most 200 member units; this one would have 201.", inEnglish.Json.GetProperty("errors").GetProperty("memberUnitIds")[0].GetString());

        // Importing units into a bloc of three: 197 new ones make 200 (the dry run lists them), 198 are refused, dry run or not.
        var room = ThiDua.Domain.Bloc.MaxMembers - (await fixture.Blocs.GetBlocAsync(Bloc))!.Value.MemberUnitIds.Count;
        static byte[] Csv(int count) => Encoding.UTF8.GetBytes("Mã đơn vị,Tên đơn vị\n" + string.Concat(Enumerable.Range(1, count).Select(i => $"don-vi-{i},Đơn vị số {i}\n")));
        var fits = await admin.SendBytesAsync(HttpMethod.Post, $"/api/blocs/{Bloc}/units/import?dryRun=true", Csv(room), "text/csv");
        Assert.Equal(HttpStatusCode.OK, fits.Status);
        Assert.Equal(room, fits.Json.GetProperty("changes").GetArrayLength());
        foreach (var path in new[] { $"/api/blocs/{Bloc}/units/import?dryRun=true", $"/api/blocs/{Bloc}/units/import" })
        {
            var tooMany = await admin.SendBytesAsync(HttpMethod.Post, path, Csv(room + 1), "text/csv");
            Assert.Equal(["memberUnitIds"], tooMany.Problem(HttpStatusCode.BadRequest));
            Assert.Equal("Một khối thi đua có tối đa 200 đơn vị thành viên; khối này sẽ có 201.", tooMany.Json.GetProperty("errors").GetProperty("memberUnitIds")[0].GetString());
        }

        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task A_property_given_twice_is_refused_naming_it_and_changes_nothing(string method, string path, string caller, string body, string field)
    {
        var client = await ClientAsync(caller);
        var before = await StorageSnapshot.TakeAsync(fixture);

        var reply = await client.SendTextAsync(new HttpMethod(method), path, body);

        Assert.Equal([field], reply.Problem(HttpStatusCode.BadRequest));
        Assert.Equal(ErrorCodes.Duplicate, reply.Json.GetProperty("codes").GetProperty(field)[0].GetString());
        Assert.Contains($"'{field[(field.LastIndexOfAny(['.', ']']) + 1)..]}'", reply.Json.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }

    [Fact]
    public async Task A_name_sent_decomposed_is_stored_composed_and_a_unit_named_like_another_of_its_bloc_is_a_409()
    {
        const string Name = "Sở Tư pháp";
        var admin = await fixture.AdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/blocs/hostile-names", new { name = "Nội chính".Normalize(NormalizationForm.FormD) })).Status);

        var created = await admin.PutJsonAsync("/api/blocs/hostile-names/units/so-tu-phap", new { name = Name.Normalize(NormalizationForm.FormD) });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(Name, created.Json.GetProperty("name").GetString());
        Assert.Equal(Name, (await fixture.Blocs.GetUnitAsync("hostile-names", "so-tu-phap"))!.Value.Name);
        Assert.Equal("Nội chính", (await fixture.Blocs.GetBlocAsync("hostile-names"))!.Value.Name);

        var before = JsonSerializer.Serialize((await fixture.Blocs.ListUnitsAsync("hostile-names")).Select(u => (u.Value.UnitId, u.ETag.ToString())));
        foreach (var lookalike in new[] { "SỞ TƯ PHÁP".Normalize(NormalizationForm.FormD), "sở tư  pháp ", Name })
        {
            var clash = await admin.PutJsonAsync("/api/blocs/hostile-names/units/stp", new { name = lookalike });

            Assert.Equal(["name"], clash.Problem(HttpStatusCode.Conflict));
            Assert.Equal("duplicate-name", clash.Json.GetProperty("code").GetString());
            Assert.Contains($"'{Name}'", clash.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("'so-tu-phap'", clash.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, JsonSerializer.Serialize((await fixture.Blocs.ListUnitsAsync("hostile-names")).Select(u => (u.Value.UnitId, u.ETag.ToString()))));
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/blocs/hostile-names/units/so-tu-phap-tinh", new { name = Name + " tỉnh" })).Status);
    }

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public async Task Hostile_ids_in_the_path_are_refused_before_storage(string path, string field)
    {
        var reply = await (await fixture.AdminAsync()).FetchAsync(path);

        Assert.Contains(field, reply.Problem(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("/api/blocs/hostile", "\"\"")]
    [InlineData("/api/blocs/hostile/units/so-tu-phap", "\"\"")]
    [InlineData("/api/blocs/hostile/units/khong-co", "\"\"")]
    [InlineData("/api/blocs/hostile/units/so-tu-phap", "W/\"\"")]
    [InlineData("/api/blocs/hostile/units/so-tu-phap", "no-quotes")]
    public async Task An_if_match_that_no_record_can_have_gets_a_412_problem_and_changes_nothing(string path, string ifMatch)
    {
        var admin = await fixture.AdminAsync();
        var before = await StorageSnapshot.TakeAsync(fixture);
        using var request = new HttpRequestMessage(HttpMethod.Put, path)
        {
            Content = new StringContent(path.Contains("/units/", StringComparison.Ordinal) ? """{"name":"Sở Tư pháp"}""" : """{"name":"Nội chính","memberUnitIds":["so-noi-vu"]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        var reply = await Reply.ReadAsync(await admin.SendAsync(request));

        Assert.Contains("If-Match", reply.Problem(HttpStatusCode.PreconditionFailed));
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }

    [Theory]
    [InlineData("GET", "/api/blocs/hostile/campaigns/2027/nowhere")]
    [InlineData("GET", "/api/blocs/hostile/campaigns/%2E%2E/compact.html")]
    [InlineData("POST", "/api/blocs/%2E%2E/cycles/2027")]
    public async Task A_path_under_api_that_names_no_operation_gets_a_404_problem(string method, string path)
    {
        // The client resolves the dot segments away, as Kestrel does: the path left names no operation.
        var reply = await (await fixture.AdminAsync()).SendTextAsync(new HttpMethod(method), path, method == "GET" ? null : "{}");

        reply.Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_endpoint_refuses_anonymous_callers_and_units_of_another_bloc_and_changes_nothing()
    {
        var compact = CompactDocument.CanonicalBytes((await fixture.Campaigns.GetAsync(Bloc, 2027))!);
        var requests = Writes.Select(w => ((string)w[0], (string)w[1], (string?)w[3], "application/json"))
            .Concat(
            [
                ("PUT", Campaign + "/signatures/so-tu-phap", Convert.ToBase64String(World.Sign(compact, World.Certificate("so-tu-phap"))), "application/pkcs7-signature"),
                ("POST", Campaign + "/review/close", "{}", "application/json"),
                ("GET", "/api/blocs", null, "application/json"),
                ("GET", "/api/blocs/hostile", null, "application/json"),
                ("GET", "/api/blocs/hostile/units", null, "application/json"),
                ("GET", Campaign + "/compact", null, "application/json"),
                ("GET", Campaign + "/compact.html", null, "application/json"),
                ("GET", Campaign + "/scores/so-tu-phap", null, "application/json"),
                ("GET", Campaign + "/votes/leading-unit/rounds/1", null, "application/json"),
                ("GET", Campaign + "/status", null, "application/json"),
                ("GET", Campaign + "/results", null, "application/json"),
                ("POST", Campaign + "/evidence/so-tu-phap?fileName=bao-cao.pdf", "%PDF-1.4 hostile", "application/pdf"),
                ("GET", Campaign + "/evidence/so-tu-phap/" + new string('a', 64), null, "application/json"),
                ("PUT", "/api/identities/6f1c2a9e-3b7d-4c61-9a0e-2d5b8f4e7c13", "{\"blocId\":\"" + Bloc + "\",\"unitId\":\"so-tu-phap\"}", "application/json"),
                ("DELETE", "/api/identities/6f1c2a9e-3b7d-4c61-9a0e-2d5b8f4e7c13", null, "application/json"),
                ("GET", Campaign + "/verification", null, "application/json"),
                ("POST", Campaign + "/verification", null, "application/json"),
                ("GET", "/api/province/2027", null, "application/json"),
                ("GET", "/api/province/2027/summary.xlsx", null, "application/json"),
                ("POST", Campaign + "/launch/preview", """{"criteria":{"scale":100,"criteria":[{"id":"1-1","title":"Chuyên môn","maxPoints":100}]},"leaderUnitId":"so-noi-vu"}""", "application/json"),
                ("GET", Campaign + "/documents", null, "application/json"),
                ("GET", Campaign + "/documents/giao-uoc-thi-dua.pdf", null, "application/json"),
                ("GET", "/api/blocs/hostile/campaigns", null, "application/json"),
                ("GET", Campaign + "/progress", null, "application/json"),
                ("GET", Campaign + "/votes/leading-unit/current", null, "application/json"),
                ("GET", Campaign + "/conference", null, "application/json"),
                ("POST", Campaign + "/conference/open", null, "application/json"),
                ("PUT", Campaign + "/conference/attendance", """{"attendance":[{"unitId":"so-tu-phap","attendance":"Present"}]}""", "application/json"),
                ("POST", Campaign + "/conference/rounds", """{"purpose":"leading-unit"}""", "application/json"),
                ("POST", Campaign + "/conference/close", null, "application/json"),
                ("POST", Campaign + "/votes/leading-unit/rounds/1/close", null, "application/json"),
                ("GET", Campaign + "/nominations", null, "application/json"),
                ("PUT", Campaign + "/nominations/leader/so-tu-phap", null, "application/json"),
                ("POST", Campaign + "/nominations/leader/so-tu-phap/decline", null, "application/json"),
                ("GET", "/api/proposals/2027", null, "application/json"),
                ("POST", Campaign + "/proposals/so-tu-phap/decision", """{"levelId":"co-thi-dua-tinh","outcome":"accepted"}""", "application/json"),
                ("POST", "/api/diagnostics/probes", """{"message":"x","timerSeconds":0,"eventWaitSeconds":0}""", "application/json"),
                ("GET", "/api/diagnostics/probes/hostile-probe", null, "application/json"),
                ("POST", "/api/diagnostics/probes/hostile-probe/events", """{"payload":"x"}""", "application/json"),
                ("PUT", Campaign + "/criteria", """{"scale":100,"criteria":[{"id":"1-1","title":"Chuyên môn","maxPoints":100}]}""", "application/json"),
                ("GET", Campaign + "/criteria", null, "application/json"),
                ("GET", Campaign + "/criteria.xlsx", null, "application/json"),
                ("POST", Campaign + "/criteria/copy", """{"fromYear":2026}""", "application/json"),
                ("POST", "/api/blocs/hostile/units/import", "Mã đơn vị,Tên đơn vị\nso-moi,Sở Mới\n", "text/csv"),
            ])
            .ToList();

        // Every route but those any signed-in caller may call: /api/me, which names the caller to itself (PortalApiTests),
        // /api/rules, the catalog (ProvinceTests), and the templates (SpreadsheetTests); the signature, evidence,
        // identity, criteria and verification routes take two requests each.
        string[] anyCaller = [nameof(ApiRoutes.Me), nameof(ApiRoutes.Rules), nameof(ApiRoutes.CriteriaTemplate), nameof(ApiRoutes.UnitsTemplate)];
        Assert.Equal(typeof(ApiRoutes).GetFields().Count(f => !anyCaller.Contains(f.Name)) + 5, requests.Count);
        var outsider = await fixture.UnitAsync("other-bloc", "so-tu-phap");
        var before = await StorageSnapshot.TakeAsync(fixture);

        foreach (var (method, path, body, contentType) in requests)
        {
            (await fixture.Anonymous().SendTextAsync(new HttpMethod(method), path, body, contentType)).Problem(HttpStatusCode.Unauthorized);
            (await outsider.SendTextAsync(new HttpMethod(method), path, body, contentType)).Problem(HttpStatusCode.Forbidden);
        }

        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_generic_500_with_a_correlation_id_and_no_internals()
    {
        // A campaign whose compact blob was altered after it was written: the read cannot be trusted.
        await World.LaunchAsync(fixture, "hostile-broken", 2027);
        var blob = new Azure.Storage.Blobs.BlobServiceClient(fixture.StorageOptions.ConnectionString)
            .GetBlobContainerClient(fixture.StorageOptions.ContainerPrefix + "-" + DocumentContainers.Compacts)
            .GetBlobClient("hostile-broken/2027/compact.json");
        await blob.UploadAsync(new BinaryData("{\"tampered\":true}"), overwrite: true);

        var reply = await (await fixture.UnitAsync("hostile-broken", "so-tu-phap")).FetchAsync("/api/blocs/hostile-broken/campaigns/2027/compact");

        reply.Problem(HttpStatusCode.InternalServerError);
        Assert.False(string.IsNullOrEmpty(reply.Json.GetProperty("correlationId").GetString()));
        Assert.DoesNotContain("Exception", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("compact.json", reply.Body, StringComparison.Ordinal);
    }

    private Task<HttpClient> ClientAsync(string caller) =>
        caller == "admin" ? fixture.AdminAsync() : fixture.UnitAsync(Bloc, caller);
}
