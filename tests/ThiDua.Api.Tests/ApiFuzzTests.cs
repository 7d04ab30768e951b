using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using ThiDua.Domain;
using ThiDua.Storage;
using Xunit.Abstractions;

namespace ThiDua.Api.Tests;

/// <summary>
/// Fuzzes every operation of the served OpenAPI document: bodies derived from each request schema
/// and then mutated, route values from the test world and hostile ones, garbage headers, sent as
/// anonymous, a unit of the bloc, a unit of another bloc and council staff. No answer is a 5xx, every
/// 4xx is a problem body, nothing a refused request or a read sends changes storage, and hostile text
/// the API means to refuse is not accepted.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ApiFuzzTests(ApiFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// Cases per operation: 29 operations x 16 = 464 requests. Reads and requests without a valid token
    /// share a snapshot of the whole storage account (about 15 reads of Azurite); each write by a caller
    /// with a token gets its own. That is 10 to 25 s on two busy cores, well inside a minute.
    /// </summary>
    private const int CasesPerOperation = 16;

    /// <summary>Sending stops here whatever is left (cases go round the operations, so each is covered first).</summary>
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(40);

    /// <summary>The default seed; THIDUA_FUZZ_SEED replays another run's.</summary>
    private const ulong DefaultSeed = 20261202;

    private const string Bloc = "fuzz";
    private const string Year = "2027";
    private const string OtherBloc = "fuzz-other";
    /// <summary>The Entra object id the setup maps to a unit of the bloc.</summary>
    internal const string ObjectId = "0b6c3f52-8d1e-4a7b-9c2f-5e8a1d3b7f40";

    private static readonly string[] Units = World.Units;

    private string? _evidenceId;

    public async Task InitializeAsync()
    {
        if (await fixture.Campaigns.GetAsync(Bloc, 2027) is null)
        {
            var (now, _) = await World.LaunchAsync(fixture, Bloc, 2027);
            var round = new VoteRound { BlocId = Bloc, Year = 2027, Purpose = VotePurpose.LeadingUnit, RoundNumber = 1, Candidates = ["so-noi-vu", "so-tu-phap"], EligibleVoters = 3 };
            await fixture.Votes.OpenRoundAsync(new OpenedVoteRound(round, Units, now.AddHours(1)), now);
            await (await fixture.AdminAsync()).PutJsonAsync($"/api/identities/{ObjectId}", new { blocId = Bloc, unitId = "cong-an-tinh" });
        }

        var evidence = await (await fixture.UnitAsync(Bloc, "so-tu-phap")).SendTextAsync(
            HttpMethod.Post, $"/api/blocs/{Bloc}/campaigns/{Year}/evidence/so-tu-phap?fileName=bao-cao.pdf", "%PDF-1.4 fuzz", "application/pdf");
        _evidenceId = evidence.Json.GetProperty("evidenceId").GetString();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_operation_survives_generated_requests_with_problems_for_refusals_and_storage_untouched_by_them()
    {
        var seed = Environment.GetEnvironmentVariable("THIDUA_FUZZ_SEED") is { Length: > 0 } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : DefaultSeed;
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["admin"] = Token(await fixture.AdminAsync()),
            ["outsider"] = Token(await fixture.UnitAsync(OtherBloc, "so-tu-phap")),
        };
        foreach (var unit in Units)
        {
            tokens[unit] = Token(await fixture.UnitAsync(Bloc, unit));
        }

        var client = fixture.Anonymous();
        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;
        var operations = Operation.All(document);
        Assert.NotEmpty(operations);
        var world = new FuzzWorld(document, tokens, _evidenceId!);

        // Each operation draws its cases from its own stream (seed and operation id), so adding an
        // operation leaves the others' cases as they were.
        var cases = operations
            .Select(op => world.Case(op).Sample(CasesPerOperation, new Rnd(seed ^ StableHash(op.Id)), 30))
            .ToList();
        var clock = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var perOperation = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var traits = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var sent = 0;
        var (sending, snapshots) = (TimeSpan.Zero, TimeSpan.Zero);
        var before = await StorageSnapshot.TakeAsync(fixture);
        for (var i = 0; i < CasesPerOperation && clock.Elapsed < TimeBudget; i++)
        {
            // Requests that may not write (reads, callers without a valid token) share one snapshot: any
            // change after them is a finding. Each of the others gets its own, as it may rightly write.
            var round = cases.Select(c => c[i]).ToList();
            var batch = new List<(FuzzRequest Request, Reply Reply)>();
            foreach (var request in round.Where(r => !r.MayWrite).Concat(round.Where(r => r.MayWrite)))
            {
                if (request.MayWrite && batch.Count > 0)
                {
                    var checkedAt = clock.Elapsed;
                    var settled = await StorageSnapshot.TakeAsync(fixture);
                    snapshots += clock.Elapsed - checkedAt;
                    if (settled.ChangesSince(before) is { Count: > 0 } changes)
                    {
                        var culprits = string.Join("; ", batch.Select(b => $"{b.Request.Method} {b.Request.Path} as {b.Request.Caller} -> {(int)b.Reply.Status}"));
                        findings.Add(new Finding("refusal-or-read-changed-storage", $"{string.Join(", ", changes.Take(5))} after one of: {culprits}", batch[0].Request, batch[0].Reply, i));
                    }

                    (before, batch) = (settled, []);
                }

                var started = clock.Elapsed;
                var reply = await SendAsync(client, request);
                sending += clock.Elapsed - started;
                sent++;
                covered.Add(request.Operation.Id);
                var statusClass = $"{(int)reply.Status / 100}xx";
                statuses[statusClass] = statuses.GetValueOrDefault(statusClass) + 1;
                var key = $"{request.Operation.Id} {(int)reply.Status}";
                perOperation[key] = perOperation.GetValueOrDefault(key) + 1;
                foreach (var trait in request.Traits)
                {
                    var t = $"{trait} {(reply.Status < System.Net.HttpStatusCode.BadRequest ? "accepted" : "refused")}";
                    traits[t] = traits.GetValueOrDefault(t) + 1;
                }

                IReadOnlyList<string> changed = [];
                if (request.MayWrite)
                {
                    var answered = clock.Elapsed;
                    var after = await StorageSnapshot.TakeAsync(fixture);
                    snapshots += clock.Elapsed - answered;
                    changed = after.ChangesSince(before);
                    before = after;
                }
                else
                {
                    batch.Add((request, reply));
                }

                findings.AddRange(Check(request, reply, changed).Select(rule => new Finding(rule.Rule, rule.Detail, request, reply, i)));
            }
        }

        output.WriteLine($"Seed {seed} (THIDUA_FUZZ_SEED={seed} replays it); {clock.Elapsed.TotalSeconds:0.0} s: requests {sending.TotalSeconds:0.0} s, storage snapshots {snapshots.TotalSeconds:0.0} s.");
        output.WriteLine($"Operations covered: {covered.Count} of {operations.Count}; requests sent: {sent} of {operations.Count * CasesPerOperation}.");
        output.WriteLine("Status classes: " + string.Join(", ", statuses.Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine("Hostile bodies: " + string.Join(", ", traits.Select(p => $"{p.Key} {p.Value}")));
        foreach (var operation in perOperation.GroupBy(p => p.Key[..p.Key.IndexOf(' ', StringComparison.Ordinal)]))
        {
            output.WriteLine($"  {operation.Key}: " + string.Join(" ", operation.Select(p => $"{p.Key[(operation.Key.Length + 1)..]}x{p.Value}")));
        }

        foreach (var finding in findings.Take(40))
        {
            output.WriteLine(finding.Describe(seed));
        }

        Assert.Equal(operations.Count, covered.Count);
        Assert.True(findings.Count == 0, $"{findings.Count} findings (seed {seed}), first: {findings.FirstOrDefault()?.Describe(seed)}");
    }

    /// <summary>The rules each answer is held to, as (rule, detail) for every one it breaks.</summary>
    private static IEnumerable<(string Rule, string Detail)> Check(FuzzRequest request, Reply reply, IReadOnlyList<string> changes)
    {
        var status = (int)reply.Status;
        var accepted = status is >= 200 and < 300;
        if (status >= 500)
        {
            yield return ("server-error", $"{status}");
        }

        if (status is >= 400 and < 500 && ProblemDefect(reply) is { } defect)
        {
            yield return ("4xx-without-problem", defect);
        }

        if (changes.Count > 0 && (!accepted || request.Method == "GET"))
        {
            yield return (accepted ? "read-changed-storage" : "refusal-changed-storage", string.Join(", ", changes.Take(5)));
        }

        if (accepted && request.Caller is "anonymous" or "garbage")
        {
            yield return ("anonymous-accepted", $"{status}");
        }

        if (accepted && request.Method != "GET" && request.Traits.Contains(Trait.DuplicateKey))
        {
            yield return ("duplicate-key-accepted", $"{status}");
        }

        if (accepted && request.Method != "GET" && request.Traits.Contains(Trait.ControlOrBidi))
        {
            yield return ("control-or-bidi-accepted", $"{status}");
        }

        // A dot segment is resolved by the client (as by Kestrel): the path left is no longer this operation's.
        if (!request.Operation.Statuses.Contains(status.ToString(CultureInfo.InvariantCulture)) && !request.Path.Contains("%2E%2E", StringComparison.Ordinal))
        {
            yield return ("undocumented-status", $"{status} not in [{string.Join(", ", request.Operation.Statuses)}]");
        }
    }

    /// <summary>Why <paramref name="reply"/> is not an RFC 7807 problem of its own status, or null when it is.</summary>
    private static string? ProblemDefect(Reply reply)
    {
        if (reply.ContentType != "application/problem+json")
        {
            return $"Content-Type {reply.ContentType ?? "(none)"}";
        }

        try
        {
            var json = JsonDocument.Parse(reply.Body).RootElement;
            return json.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && json.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String && title.GetString()!.Length > 0
                && json.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() == (int)reply.Status
                ? null
                : "no type, title or matching status";
        }
        catch (JsonException)
        {
            return "body is not JSON";
        }
    }

    private static async Task<Reply> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Path, UriKind.Relative));
        if (request.Authorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.Remove("Content-Type");
            if (request.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return await Reply.ReadAsync(await client.SendAsync(message));
    }

    private static string Token(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;

    /// <summary>FNV-1a of the text: the same number in every run (string.GetHashCode is randomised).</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private sealed record Finding(string Rule, string Detail, FuzzRequest Request, Reply Reply, int CaseIndex)
    {
        public string Describe(ulong seed) =>
            $"[{Rule}] {Request.Operation.Id} case {CaseIndex} (seed {seed}): {Detail}\n    {Request}\n    -> {(int)Reply.Status} {Reply.ContentType} {Shorten(Reply.Body, 300)}";
    }

    internal static string Shorten(string text, int length) =>
        JsonSerializer.Serialize(text.Length <= length ? text : text[..length] + $"…(+{text.Length - length})");
}

/// <summary>Properties of a generated request that the API means to refuse.</summary>
internal enum Trait
{
    DuplicateKey,
    ControlOrBidi,
}

/// <summary>An operation of the OpenAPI document: where it is, what body it takes and which statuses it documents.</summary>
internal sealed record Operation(string Id, string Method, string Path, string Tag, IReadOnlyList<string> ContentTypes, JsonElement? BodySchema, IReadOnlySet<string> Statuses)
{
    public static IReadOnlyList<Operation> All(JsonElement document)
    {
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch"))
            {
                var contentTypes = new List<string>();
                JsonElement? schema = null;
                if (op.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                    {
                        contentTypes.Add(media.Name);
                        schema ??= media.Value.TryGetProperty("schema", out var s) ? s : null;
                    }
                }

                var statuses = op.Value.TryGetProperty("responses", out var responses)
                    ? responses.EnumerateObject().Select(r => r.Name).ToHashSet(StringComparer.Ordinal)
                    : [];
                var id = op.Value.TryGetProperty("operationId", out var oid) ? oid.GetString()! : $"{op.Name.ToUpperInvariant()} {path.Name}";
                var tag = op.Value.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0 ? tags[0].GetString()! : "";
                operations.Add(new Operation(id, op.Name.ToUpperInvariant(), path.Name, tag, contentTypes, schema, statuses));
            }
        }

        return operations;
    }
}

/// <summary>A generated request, printable for replay.</summary>
internal sealed record FuzzRequest(
    Operation Operation, string Caller, string? Authorization, string Path, IReadOnlyList<(string Name, string Value)> Headers,
    string? ContentType, byte[]? Body, IReadOnlySet<Trait> Traits)
{
    public string Method => Operation.Method;

    /// <summary>Whether the API may rightly change storage for this request: a write by a caller with a valid token.</summary>
    public bool MayWrite => Method != "GET" && Caller is not ("anonymous" or "garbage");

    public override string ToString()
    {
        var headers = string.Join(" ", Headers.Select(h => $"{h.Name}: {ApiFuzzTests.Shorten(h.Value, 60)}"));
        var body = Body is null ? "(no body)" : ApiFuzzTests.Shorten(Encoding.UTF8.GetString(Body), 400);
        return $"{Method} {Path} as {Caller} [{headers}] Content-Type: {ContentType ?? "(none)"} body {body}";
    }
}

/// <summary>The generators: route values, headers and bodies for the operations of the fuzz world.</summary>
internal sealed class FuzzWorld(JsonElement document, IReadOnlyDictionary<string, string> tokens, string evidenceId)
{
    private const string Bloc = "fuzz";

    /// <summary>Route values as sent (percent-encoded); no %00: Kestrel refuses it before the API, the test server throws.</summary>
    private static readonly string[] HostileSegments =
    [
        "%2E%2E", "x..y", "a%2Fb", "%2F", "%22quoted%22", "%27", "it%27s", new string('a', 300), "FUZZ", "So-Noi-Vu",
        "s%E1%BB%9F-n%E1%BB%99i-v%E1%BB%A5", "a%01b", "%E2%80%AEabc", "%20", "-1", "0", "99999", "2027.0",
        "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%97", "1e3", "+2027", "%F0%9F%98%80", "a%5Cb", "null", "undefined",
        "..%2F..%2Fetc", "%25", "a%3Fb%3Dc", "a%23b",
    ];

    /// <summary>Strings a mutated field may carry: controls, bidi overrides, odd normalisation, sizes.</summary>
    private static readonly string[] HostileStrings =
    [
        "", " ", "\u0000", "a\u0000b", "\u202Eabc", "abc\u2066x\u2069", "\u200Fx", "\u061C", "e\u0301", "Ở", "\uFEFF", "\u200B",
        "\uD800", "🏳️‍🌈", new string('x', 5_000), "' or '1'='1", "../../etc/passwd", "<script>alert(1)</script>", "%00", "\r\n\t", "SO-NOI-VU",
    ];

    private static readonly string[] HostileNumbers =
        ["-1", "-0", "0", "1e309", "-1e309", "1e-400", "79228162514264337593543950336", "2147483648", "-2147483649", "0.0000000000000000000000000001", "3.5", "1E2", "9007199254740993"];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        ";;", "application/", "*/*", "application/problem+json", "application/pdf", "application/pkcs7-signature", "application/json; charset=\"",
    ];

    private static readonly string[] AcceptLanguages = ["vi", "en", "vi-VN,vi;q=0.9,en;q=0.8", "*", "xx-;q=abc", new string('a', 300), "zh-Hant-TW", "en;q=2"];

    private static readonly string[] GarbageAuthorizations = ["Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer thidua_00_00", "Bearer " + new string('x', 300), "Bearer thidua_%00", "Token abc", "Bearer a b c"];

    private readonly Dictionary<string, JsonElement> _schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var schemas)
        ? schemas.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
        : [];

    /// <summary>
    /// A request to <paramref name="operation"/>. The caller its tag names (council staff for Admin, the
    /// leader for Leader, a unit otherwise) comes more often, and a unit's own id fills the unit route
    /// values and body fields more often, so that generated requests get past authorization to the
    /// handlers' deeper checks.
    /// </summary>
    public Gen<FuzzRequest> Case(Operation operation) =>
        from caller in Gen.Frequency(
            (2, Gen.Constant("anonymous")),
            (1, Gen.Constant("garbage")),
            (2, Gen.Constant("outsider")),
            (operation.Tag == "Admin" ? 9 : 3, Gen.Constant("admin")),
            (operation.Tag == "Leader" ? 9 : 1, Gen.Constant("so-noi-vu")),
            (operation.Tag == "Admin" ? 4 : 8, Gen.Elements(World.Units)))
        let self = World.Units.Contains(caller) ? caller : "so-tu-phap"
        from authorization in caller == "garbage" ? Gen.Elements(GarbageAuthorizations.Append(Altered(tokens["admin"]))).Select(a => (string?)a)
            : Gen.Constant(caller == "anonymous" ? null : "Bearer " + tokens[caller])
        from path in PathOf(operation, self)
        from query in operation.ContentTypes.Contains("application/pdf") ? Gen.Elements("?fileName=bao-cao.pdf", "?fileName=anh.png", "?fileName=a%2Fb.pdf", "?fileName=" + new string('a', 300) + ".pdf", "", "?fileName=%E2%80%AE.pdf") : Gen.Constant("")
        from headers in Headers(operation)
        from body in BodyOf(operation, self)
        select new FuzzRequest(operation, caller, authorization, path + query, headers, body.ContentType, body.Bytes, body.Traits);

    /// <summary>
    /// The token with one character of its secret changed: a middle one, whose six bits all count (the
    /// last character of the base64url secret carries two bits that decoding drops).
    /// </summary>
    private static string Altered(string token)
    {
        var i = token.Length - 10;
        return "Bearer " + token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
    }

    private Gen<string> PathOf(Operation operation, string self)
    {
        var parts = operation.Path.Split('/');
        return Gen.CollectToArray(parts.Select(part => part.StartsWith('{') ? RouteValue(part.Trim('{', '}'), self) : Gen.Constant(part)))
            .Select(values => string.Join('/', values));
    }

    private Gen<string> RouteValue(string name, string self)
    {
        string[] valid = name switch
        {
            "blocId" => [Bloc, Bloc, Bloc, "fuzz-other", "khoi-moi"],
            "unitId" => [self, self, self, .. World.Units, "khong-co"],
            "year" => ["2027", "2027", "2026", "2028"],
            "purpose" => ["leading-unit", "leading-unit", "leader", "deputy"],
            "round" => ["1", "2"],
            "evidenceId" => [evidenceId, new string('0', 64)],
            "objectId" => [ApiFuzzTests.ObjectId, "7d1f0a9e-3c2b-4e5d-8f6a-1b2c3d4e5f60", ApiFuzzTests.ObjectId.ToUpperInvariant()],
            _ => ["x"],
        };
        return Gen.Frequency((9, Gen.Elements(valid)), (1, Gen.Elements(HostileSegments)));
    }

    private static Gen<IReadOnlyList<(string Name, string Value)>> Headers(Operation operation)
    {
        var accept = Gen.Frequency((2, Gen.Constant<(string, string)?>(null)), (1, Gen.Elements(AcceptLanguages).Select(v => ((string, string)?)("Accept-Language", v))));
        var ifMatch = operation.Method == "PUT"
            ? Gen.Frequency((3, Gen.Constant<(string, string)?>(null)), (1, Gen.Elements("*", "\"garbage\"", "W/\"x\"", "no-quotes", "\"\"", "W/\"datetime'2027-01-01T00%3A00%3A00Z'\"").Select(v => ((string, string)?)("If-Match", v))))
            : Gen.Constant<(string, string)?>(null);
        var fileName = operation.ContentTypes.Contains("application/pdf")
            ? Gen.Frequency((3, Gen.Constant<(string, string)?>(null)), (1, Gen.Elements("bao-cao.pdf", "b%C3%A1o%20c%C3%A1o.pdf", "%E2%80%AE", "%ZZ", "a%00.pdf").Select(v => ((string, string)?)("X-File-Name", v))))
            : Gen.Constant<(string, string)?>(null);
        return from a in accept
               from i in ifMatch
               from f in fileName
               select (IReadOnlyList<(string, string)>)new[] { a, i, f }.Where(h => h is not null).Select(h => h!.Value).ToList();
    }

    private Gen<(string? ContentType, byte[]? Bytes, IReadOnlySet<Trait> Traits)> BodyOf(Operation operation, string self)
    {
        if (operation.ContentTypes.Count == 0)
        {
            // A body where none is expected, sometimes: it must be ignored or refused, never fail.
            return Gen.Frequency(
                (5, Gen.Constant<(string?, byte[]?, IReadOnlySet<Trait>)>((null, null, new HashSet<Trait>()))),
                (1, Gen.Constant<(string?, byte[]?, IReadOnlySet<Trait>)>(("application/json", "{\"a\":1}"u8.ToArray(), new HashSet<Trait>()))));
        }

        var contentType = Gen.Frequency(
            (10, Gen.Elements(operation.ContentTypes.ToArray()).Select(t => (string?)t)),
            (1, Gen.Elements(WrongContentTypes).Select(t => (string?)t)),
            (1, Gen.Constant<string?>(null)));
        var binary = operation.BodySchema is { } s && s.TryGetProperty("format", out var format) && format.GetString() == "binary";
        var bytes = binary ? Binary() : Json(operation.BodySchema!.Value, self);
        return from type in contentType
               from body in bytes
               select ((string?)type, (byte[]?)body.Bytes, body.Traits);
    }

    private static Gen<(byte[] Bytes, IReadOnlySet<Trait> Traits)> Binary() =>
        Gen.Frequency(
            (2, Gen.Elements("%PDF-1.4 fuzz", "%PDF-", "\u0089PNG\r\n\u001a\n", "PK\u0003\u0004", "{\"a\":1}", "").Select(t => Encoding.Latin1.GetBytes(t))),
            (2, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))),
            (1, Gen.Constant(new byte[70_000]))).Select(b => (b, (IReadOnlySet<Trait>)new HashSet<Trait>()));

    /// <summary>A JSON body for <paramref name="schema"/>: valid-shaped, its values mutated, or broken as text.</summary>
    private Gen<(byte[] Bytes, IReadOnlySet<Trait> Traits)> Json(JsonElement schema, string self)
    {
        var node = Value(schema, "", 0, self);
        var text = node.Select(n => n?.ToJsonString() ?? "null");
        var whole = Gen.Frequency(
            (14, text.Select(t => (t, Trait: (Trait?)null))),
            (2, node.Select(n => (DuplicateFirstKey(n), Trait: (Trait?)Trait.DuplicateKey))),
            (1, Gen.Elements("", "null", "[]", "\"text\"", "{", "{}", "{\"a\":}", "{'name':'x'}", "{\"name\":\"x\",}", "/*c*/{}").Select(t => (t, Trait: (Trait?)null))),
            (1, text.Select(t => (t[..(t.Length / 2)], Trait: (Trait?)null))),
            (1, Gen.Choose(33, 200).Select(depth => (string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth), Trait: (Trait?)null))),
            (1, text.Select(t => ("\uFEFF" + t, Trait: (Trait?)null))));
        return whole.Select(w =>
        {
            var traits = new HashSet<Trait>();
            if (w.Trait is { } t)
            {
                traits.Add(t);
            }

            if (HasControlOrBidi(w.Item1))
            {
                traits.Add(Trait.ControlOrBidi);
            }

            return (Encoding.UTF8.GetBytes(w.Item1), (IReadOnlySet<Trait>)traits);
        });
    }

    /// <summary>The object's text with its first property written a second time (the parser sees the key twice).</summary>
    private static string DuplicateFirstKey(JsonNode? node)
    {
        if (node is not JsonObject { Count: > 0 } obj)
        {
            return node?.ToJsonString() ?? "null";
        }

        var text = obj.ToJsonString();
        var first = obj.First();
        return text[..^1] + "," + JsonSerializer.Serialize(first.Key) + ":" + (first.Value?.ToJsonString() ?? "null") + "}";
    }

    private static bool HasControlOrBidi(string json)
    {
        // Escaped in the JSON text, the characters are decoded by the server: look at the decoded strings
        // (JsonDocument keeps duplicate keys; a lone surrogate cannot be decoded and is refused anyway).
        try
        {
            using var parsed = JsonDocument.Parse(json);
            return Strings(parsed.RootElement).Any(s => s.Any(c => (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C'));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };

    /// <summary>A value for <paramref name="schema"/> of the field <paramref name="name"/>, mutated now and then.</summary>
    private Gen<JsonNode?> Value(JsonElement schema, string name, int depth, string self) =>
        Gen.Frequency((25, Shaped(schema, name, depth, self)), (1, Hostile()));

    private static Gen<JsonNode?> Hostile() =>
        Gen.OneOf(
            Gen.Elements(HostileStrings).Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Elements(HostileNumbers).Select(n => JsonNode.Parse(n)),
            Gen.Elements<JsonNode?>(null, JsonValue.Create(true), new JsonArray(), new JsonObject(), new JsonArray(JsonValue.Create("a"))));

    private Gen<JsonNode?> Shaped(JsonElement schema, string name, int depth, string self)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("enum", out var values))
        {
            return Gen.Elements(values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())).ToArray());
        }

        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(combinator, out var choices))
            {
                var options = choices.EnumerateArray().Where(c => !IsNull(c)).ToList();
                return options.Count == 0 ? Gen.Constant<JsonNode?>(null) : Gen.Elements<JsonElement>(options).SelectMany(c => Shaped(c, name, depth, self));
            }
        }

        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList() : [type.GetString()!]
            : schema.TryGetProperty("properties", out _) ? ["object"] : [];
        var kind = types.FirstOrDefault() ?? "any";
        return kind switch
        {
            "object" => depth > 5 ? Gen.Constant<JsonNode?>(new JsonObject()) : Object(schema, depth, self),
            "array" => depth > 5 ? Gen.Constant<JsonNode?>(new JsonArray()) : Array(schema, name, depth, self),
            "integer" => Integer(name),
            "number" => Number(name),
            "boolean" => Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            "string" => Text(schema, name, self),
            _ => Gen.Constant<JsonNode?>(JsonValue.Create("x")),
        };
    }

    private Gen<JsonNode?> Object(JsonElement schema, int depth, string self)
    {
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(x => (x.Name, Schema: x.Value)).ToList() : [];
        var fields = Gen.CollectToList(properties.Select(property =>
            from present in required.Contains(property.Name) ? Gen.Frequency((20, Gen.Constant(true)), (1, Gen.Constant(false))) : Gen.Elements(true, true, false)
            from value in Value(property.Schema, property.Name, depth + 1, self)
            select (property.Name, present, value)));
        return from list in fields
               from extra in Gen.Frequency((15, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("isAdmin", "version", "etag", "__proto__", "")))
               select (JsonNode?)Build(list, extra);
    }

    private static JsonObject Build(List<(string Name, bool Present, JsonNode? Value)> fields, string? extra)
    {
        var obj = new JsonObject();
        foreach (var (name, present, value) in fields.Where(f => f.Present))
        {
            // Generated nodes may be shared between samples; a node has one parent.
            obj[name] = value?.DeepClone();
        }

        if (extra is not null)
        {
            obj[extra] = true;
        }

        return obj;
    }

    private Gen<JsonNode?> Array(JsonElement schema, string name, int depth, string self)
    {
        var items = schema.TryGetProperty("items", out var i) ? i : default;
        var item = items.ValueKind == JsonValueKind.Undefined ? Gen.Constant<JsonNode?>(JsonValue.Create("x")) : Value(items, Singular(name), depth + 1, self);
        return Gen.Frequency((6, Gen.Choose(1, 3)), (1, Gen.Constant(0)), (1, Gen.Constant(40)))
            .SelectMany(n => Gen.ArrayOf(item, n))
            .Select(values => (JsonNode?)new JsonArray(values.Select(v => v?.DeepClone()).ToArray()));
    }

    private static Gen<JsonNode?> Integer(string name) => (name switch
    {
        "year" => Gen.Elements(2027, 2027, 2026),
        "launchMonth" => Gen.Choose(1, 12),
        "launchDay" => Gen.Choose(1, 28),
        "scale" => Gen.Constant(100),
        _ => Gen.Choose(0, 100),
    }).Select(n => (JsonNode?)JsonValue.Create(n));

    private static Gen<JsonNode?> Number(string name) => (name switch
    {
        "points" or "newPoints" => Gen.Choose(0, 5),
        "maxPoints" => Gen.Elements(60, 40, 100),
        _ => Gen.Choose(0, 100),
    }).Select(n => (JsonNode?)JsonValue.Create((decimal)n));

    private static Gen<JsonNode?> Text(JsonElement schema, string name, string self)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var now = DateTimeOffset.UtcNow;
        var text = (format, name) switch
        {
            ("date-time", _) => Gen.Choose(-2, 8).Select(days => now.AddDays(days).ToString("O", CultureInfo.InvariantCulture)),
            (_, "voteRoundDuration") => Gen.Elements("01:00:00", "00:00:01", "-01:00:00", "10675199.02:48:05.4775807"),
            (_, "unitId") => Gen.Elements(World.Units.Append(self).Append(self).Append("khong-co")),
            (_, "choice" or "leaderUnitId" or "deputyUnitId" or "memberUnitId" or "rotationOrder" or "candidate") => Gen.Elements(World.Units.Append("so-noi-vu").Append("khong-co")),
            (_, "blocId") => Gen.Elements(Bloc, Bloc, "khoi-moi"),
            (_, "criterionId" or "id") => Gen.Elements("1-1", "1-2", "1-1", "1-2", "t-1", "9-9"),
            (_, "clientRequestId") => Gen.Choose(0, 1_000_000).Select(n => "r-" + n.ToString(CultureInfo.InvariantCulture)),
            (_, "email") => Gen.Elements("vanphong@so-tu-phap.example.vn", "a@b", "not-an-email"),
            (_, "evidenceId" or "sha256") => Gen.Elements(new string('0', 64), new string('a', 64)),
            (_, "certificatePem") => Gen.Elements(World.Certificate("so-tu-phap").ExportCertificatePem(), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
            (_, "kind") => Gen.Elements("bonus", "penalty", "standard"),
            _ => Gen.Elements("Nội chính", "Hoàn thành xuất sắc nhiệm vụ", "Sai số liệu", "Chánh Văn phòng", "Kết quả công tác chuyên môn"),
        };
        return text.Select(t => (JsonNode?)JsonValue.Create(t));
    }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } r && _schemas.TryGetValue(r[(r.LastIndexOf('/') + 1)..], out var target))
        {
            schema = target;
        }

        return schema;
    }

    private bool IsNull(JsonElement schema) =>
        Resolve(schema).TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    private static string Singular(string name) => name.EndsWith("Ids", StringComparison.Ordinal) ? name[..^1] : name == "rotationOrder" ? name : name.TrimEnd('s');
}
