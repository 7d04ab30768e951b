using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ThiDua.Domain;

namespace ThiDua.Api.Tests;

/// <summary>What a client sees of a response.</summary>
public sealed record Reply(HttpStatusCode Status, string? ContentType, string Body, HttpResponseHeaders Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts an RFC 7807 body with <paramref name="status"/> and returns the fields it names.</summary>
    public IReadOnlyList<string> Problem(HttpStatusCode status)
    {
        Assert.True(status == Status, $"Expected {(int)status}, got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(Json.GetProperty("title").GetString()));
        return Json.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), response.Headers);
        }
    }
}

/// <summary>Builds blocs, units with real certificates, campaigns and requests for the tests.</summary>
public static class World
{
    public static readonly string[] Units = ["so-noi-vu", "so-tu-phap", "cong-an-tinh"];

    private static readonly Dictionary<string, X509Certificate2> Certificates = new(StringComparer.Ordinal);

    public static async Task<Reply> SendTextAsync(this HttpClient client, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await Reply.ReadAsync(await client.SendAsync(request));
    }

    public static Task<Reply> FetchAsync(this HttpClient client, string path) => client.SendTextAsync(HttpMethod.Get, path);

    public static Task<Reply> PostJsonAsync(this HttpClient client, string path, object body) => client.SendTextAsync(HttpMethod.Post, path, Serialize(body));

    public static Task<Reply> PutJsonAsync(this HttpClient client, string path, object body) => client.SendTextAsync(HttpMethod.Put, path, Serialize(body));

    public static async Task<Reply> PutBytesAsync(this HttpClient client, string path, byte[] body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Reply.ReadAsync(await client.SendAsync(request));
    }

    public static string Serialize(object body) => body as string ?? JsonSerializer.Serialize(body, JsonSerializerOptions.Web);

    /// <summary>A self-signed certificate with its private key, one per unit id (like a unit's CA-issued one).</summary>
    public static X509Certificate2 Certificate(string unitId)
    {
        lock (Certificates)
        {
            if (!Certificates.TryGetValue(unitId, out var certificate))
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var request = new CertificateRequest($"CN={unitId}, O=ThiDua tests", key, HashAlgorithmName.SHA256);
                certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
                Certificates[unitId] = certificate;
            }

            return certificate;
        }
    }

    /// <summary>A detached CMS signature of <paramref name="content"/>, as a unit's signing tool makes it.</summary>
    public static byte[] Sign(byte[] content, X509Certificate2 certificate)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.ComputeSignature(new CmsSigner(certificate));
        return cms.Encode();
    }

    /// <summary>
    /// Creates a bloc with <see cref="Units"/> (each with its certificate) through the API as council staff, with
    /// <paramref name="rules"/> (the body's <c>rules</c>) when given.
    /// </summary>
    public static async Task CreateBlocAsync(ApiFixture fixture, string blocId, object? rules = null)
    {
        var admin = await fixture.AdminAsync();
        var bloc = await admin.PutJsonAsync($"/api/blocs/{blocId}", rules is null
            ? new { name = "Nội chính", memberUnitIds = Units, rotationOrder = Units }
            : new { name = "Nội chính", memberUnitIds = Units, rotationOrder = Units, rules });
        Assert.Equal(HttpStatusCode.Created, bloc.Status);
        foreach (var unit in Units)
        {
            var reply = await admin.PutJsonAsync($"/api/blocs/{blocId}/units/{unit}", new
            {
                name = $"Đơn vị {unit}",
                contacts = new[] { new { name = "Nguyễn Văn A", email = $"vanphong@{unit}.example.vn", role = "Chánh Văn phòng" } },
                certificatePem = Certificate(unit).ExportCertificatePem(),
            });
            Assert.Equal(HttpStatusCode.Created, reply.Status);
        }
    }

    /// <summary>The schedule of a campaign launched now, deadlines a day apart (real time: the workflows use it).</summary>
    public static object Schedule(DateTimeOffset now) => new
    {
        launchAt = now.AddMinutes(-1),
        signingDeadline = now.AddDays(1),
        scoringDeadline = now.AddDays(2),
        reviewDeadline = now.AddDays(3),
        votingDeadline = now.AddDays(4),
        voteRoundDuration = "01:00:00",
        leaderElectionDeadline = now.AddDays(5),
        archiveAt = now.AddDays(6),
    };

    public static object Criteria { get; } = new
    {
        scale = 100,
        criteria = new object[]
        {
            new { id = "1-1", group = "I. Thực hiện nhiệm vụ chuyên môn", title = "Kết quả công tác chuyên môn", maxPoints = 60 },
            new { id = "1-2", group = "II. Công tác thi đua", title = "Phong trào thi đua", maxPoints = 40 },
            new { id = "t-1", title = "Điểm thưởng", maxPoints = 5, kind = "bonus" },
        },
    };

    public static object LaunchBody(object schedule, string? leader = "so-noi-vu") => new
    {
        commitments = new[] { "Hoàn thành xuất sắc nhiệm vụ chính trị được giao." },
        criteria = Criteria,
        schedule,
        leaderUnitId = leader,
    };

    /// <summary>Every unit of <see cref="Units"/> signs the launched compact of <paramref name="blocId"/>'s <paramref name="year"/> with its own certificate.</summary>
    public static async Task SignAllAsync(ApiFixture fixture, string blocId, int year)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var compact = CompactDocument.CanonicalBytes((await fixture.Campaigns.GetAsync(blocId, year))!);
        foreach (var unit in Units)
        {
            var signed = await (await fixture.UnitAsync(blocId, unit)).PutBytesAsync($"/api/blocs/{blocId}/campaigns/{year}/signatures/{unit}", Sign(compact, Certificate(unit)), "application/pkcs7-signature");
            Assert.Equal(HttpStatusCode.Created, signed.Status);
        }
    }

    /// <summary>Every unit of <see cref="Units"/> submits once, in order, 60 points for the first and 10 fewer for each next one.</summary>
    public static async Task SubmitAllAsync(ApiFixture fixture, string blocId, int year, string requestPrefix)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        for (var i = 0; i < Units.Length; i++)
        {
            var unit = Units[i];
            var submitted = await (await fixture.UnitAsync(blocId, unit)).PostJsonAsync($"/api/blocs/{blocId}/campaigns/{year}/scores/{unit}", Submission(blocId, year, unit, requestPrefix, 60 - (10 * i)));
            Assert.Equal(HttpStatusCode.Created, submitted.Status);
        }
    }

    /// <summary>
    /// Launches the campaign at <paramref name="campaignPath"/> as council staff with a schedule of seconds from now: signing and
    /// scoring end at their deadlines whatever was done, the review, the votes and the rest end early once everyone acted.
    /// </summary>
    public static async Task LaunchInSecondsAsync(HttpClient admin, string campaignPath, string signing, string scoring, string voting = "00:05:00")
    {
        var launched = await admin.PostJsonAsync($"{campaignPath}/launch", new
        {
            commitments = new[] { "Hoàn thành xuất sắc nhiệm vụ chính trị được giao." },
            criteria = Criteria,
            leaderUnitId = "so-noi-vu",
            durations = new
            {
                signing,
                scoring,
                review = "00:05:00",
                voting,
                voteRound = "00:05:00",
                leaderElection = "00:15:00",
                archive = "00:15:00",
            },
        });
        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);
    }

    /// <summary>Creates the bloc (with <paramref name="rules"/> when given) and launches its campaign as council staff (the bloc's first year).</summary>
    public static async Task<(DateTimeOffset Now, JsonElement Launched)> LaunchAsync(ApiFixture fixture, string blocId, int year, object? rules = null)
    {
        await CreateBlocAsync(fixture, blocId, rules);
        var now = DateTimeOffset.UtcNow;
        var reply = await (await fixture.AdminAsync()).PostJsonAsync($"/api/blocs/{blocId}/campaigns/{year}/launch", LaunchBody(Schedule(now)));
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        return (now, reply.Json);
    }

    public static object Submission(string blocId, int year, string unitId, string requestId, decimal points = 50) => new
    {
        blocId,
        year,
        unitId,
        clientRequestId = requestId,
        lines = new[] { new { criterionId = "1-1", points }, new { criterionId = "1-2", points = 30m } },
    };

    /// <summary>Polls until <paramref name="condition"/> holds (orchestrations run on their own threads).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }
}
