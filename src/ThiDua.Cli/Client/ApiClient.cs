using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThiDua.Api.Http;

namespace ThiDua.Cli.Client;

/// <summary>A problem response (RFC 7807) from the API, with the field errors it names.</summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException()
    {
    }

    public ApiProblemException(string message)
        : base(message)
    {
    }

    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ApiProblemException(HttpStatusCode status, string method, string path, JsonObject? problem)
        : base(Describe(status, method, path, problem))
    {
        Status = status;
        Problem = problem;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem body, when the API sent one.</summary>
    public JsonObject? Problem { get; }

    /// <summary>The problem's "type"-like code the API puts in "code" or the first error's code, if any.</summary>
    public string? Code => Problem?["code"]?.GetValue<string>();

    static string Describe(HttpStatusCode status, string method, string path, JsonObject? problem)
    {
        // The status's number only: its reason phrase is English, and the problem's title says it in the caller's language.
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status} ({method} {path})"));
        if (problem?["title"]?.GetValue<string>() is { Length: > 0 } title)
        {
            text.Append(": ").Append(title);
        }

        // A refused spreadsheet lists its cells, each message saying where ("Trang tính 'Tiêu chí', dòng 5, cột D: …"),
        // and every problem again under its field and in the detail: one line per cell, then what no cell holds (the file itself).
        if (problem?["cells"] is JsonArray { Count: > 0 } cells)
        {
            var located = cells.Select(c => c?["message"]?.ToString()).OfType<string>().ToList();
            var unlocated = problem["errors"] is JsonObject fields
                ? fields.SelectMany(f => f.Value is JsonArray list ? list.Select(m => m?.ToString()) : [f.Value?.ToString()]).OfType<string>().Except(located)
                : [];
            foreach (var message in located.Concat(unlocated))
            {
                text.Append("\n  ").Append(message);
            }

            return text.ToString();
        }

        var detail = problem?["detail"]?.GetValue<string>();
        if (detail is { Length: > 0 })
        {
            text.Append(" — ").Append(detail);
        }

        if (problem?["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                var list = messages is JsonArray array ? string.Join("; ", array.Select(m => m?.ToString())) : messages?.ToString();
                // A single error is the detail already ("field: message"); it is not said twice.
                if (list != detail && $"{field}: {list}" != detail)
                {
                    text.Append("\n  ").Append(field.Length == 0 ? "(body)" : field).Append(": ").Append(list);
                }
            }
        }

        return text.ToString();
    }
}

/// <summary>
/// The public HTTP API as any client sees it: JSON in and out with the API's own contract types,
/// a bearer token, and problem responses turned into <see cref="ApiProblemException"/>, asked for in the
/// client's language (Accept-Language: "vi" or "en"), in which the API writes their titles and details.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string? token, string language = "vi")
        : this(baseAddress, token, new HttpClient(), language)
    {
    }

    /// <summary>
    /// A client sending through <paramref name="handler"/>, which the caller owns and may share:
    /// many simulated callers then use one connection pool instead of one each.
    /// </summary>
    public ApiClient(Uri baseAddress, string? token, HttpMessageHandler handler, string language = "vi")
        : this(baseAddress, token, new HttpClient(handler ?? throw new ArgumentNullException(nameof(handler)), disposeHandler: false), language)
    {
    }

    ApiClient(Uri baseAddress, string? token, HttpClient http, string language)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _http = http;
        Language = language;
        _http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        _http.BaseAddress = baseAddress;
        _http.Timeout = TimeSpan.FromSeconds(60);
        if (!string.IsNullOrWhiteSpace(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// How this client reads the answers it only shows (imports, drafts, the province's overview): by name, ignoring
    /// members it does not print, so a newer API with more members still reads. <c>--json</c> prints the API's own JSON.
    /// </summary>
    public static JsonSerializerOptions ReadOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The language the API is asked to answer in: "vi" or "en".</summary>
    public string Language { get; }

    /// <summary>A client with the same address and language and another caller's token.</summary>
    public ApiClient As(string token) => new(BaseAddress, token, Language);

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    public Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken, string? ifMatch = null) =>
        SendAsync<T>(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: ApiJson.Options), cancellationToken, ifMatch);

    /// <summary>Deletes the resource; an answer without a body (204) reads as an empty object.</summary>
    public Task<JsonNode> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync<JsonNode>(HttpMethod.Delete, path, null, cancellationToken);

    public Task<T> PutAsync<T>(string path, object? body, CancellationToken cancellationToken, string? ifMatch = null) =>
        SendAsync<T>(HttpMethod.Put, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: ApiJson.Options), cancellationToken, ifMatch);

    /// <summary>Raw bytes of a document (the compact's canonical bytes, exactly as signed).</summary>
    public async Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Relative(path), cancellationToken);
        await EnsureAsync(response, "GET", path, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Sends raw bytes with a media type (a detached signature, a spreadsheet), with If-Match when given.</summary>
    public Task<T> SendBytesAsync<T>(HttpMethod method, string path, byte[] body, string mediaType, CancellationToken cancellationToken, string? ifMatch = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return SendAsync<T>(method, path, content, cancellationToken, ifMatch);
    }

    /// <summary>Sends raw bytes with a media type (a detached signature).</summary>
    public Task<T> PutBytesAsync<T>(string path, byte[] body, string mediaType, CancellationToken cancellationToken) =>
        SendBytesAsync<T>(HttpMethod.Put, path, body, mediaType, cancellationToken);

    /// <summary>
    /// A resource as the API wrote it (JSON) with the ETag to send back in If-Match: the read of a read-modify-write.
    /// Null when it does not exist (404) and <paramref name="missingIsNull"/>; otherwise the API's 404 problem is thrown.
    /// </summary>
    public async Task<(JsonNode Value, string? ETag)?> GetWithETagAsync(string path, bool missingIsNull, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Relative(path), cancellationToken);
        if (missingIsNull && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, "GET", path, cancellationToken);
        var value = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject();
        return (value, response.Headers.ETag?.ToString());
    }

    /// <summary>True when something answers HTTP at the base address.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await _http.GetAsync("openapi/v1.json", timeout.Token);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, Relative(path)) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, method.Method, path, cancellationToken);
        if (typeof(T) == typeof(JsonNode) || response.Content.Headers.ContentLength == 0)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (T)(object)(text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
        }

        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
            ?? throw new InvalidOperationException($"{method} {path} returned an empty body.");
    }

    static string Relative(string path) => path.TrimStart('/');

    static async Task EnsureAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        JsonObject? problem = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            problem = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (JsonException)
        {
            // Not JSON: the status alone is reported.
        }

        throw new ApiProblemException(response.StatusCode, method, "/" + Relative(path), problem);
    }
}
