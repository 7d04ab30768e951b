using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ThiDua.Domain;

namespace ThiDua.Api.Http;

/// <summary>
/// JSON of the API: camelCase, enums as strings, unknown fields refused (no mass assignment of
/// server-owned fields), nulls refused where the contract says non-null, bounded depth and size,
/// every property once (a duplicated one is refused at any depth, not "last one wins": a body has one
/// meaning for every reader). Request bodies are read with <see cref="TextRule"/> on every string.
/// </summary>
public static partial class ApiJson
{
    /// <summary>Largest JSON body accepted.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    /// <summary>The serializer options of every request and response body.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// <see cref="Options"/> plus <see cref="RequestTextConverter"/>, for request bodies only: a client
    /// reading a response (stored before these rules, or written by the workflows) gets it as it is.
    /// </summary>
    private static readonly JsonSerializerOptions RequestOptions = CreateRequestOptions();

    /// <summary>
    /// Reads a JSON body as <typeparamref name="T"/>. On failure <c>Problem</c> is a
    /// 400/413/415 problem naming the field and the reason, and the result is null.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return (null, ApiProblems.UnsupportedMediaType("application/json"));
        }

        var (bytes, tooLarge) = await ReadBodyAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge)
        {
            return (null, ApiProblems.TooLarge(MaxBodyBytes));
        }

        if (bytes.Length == 0)
        {
            return (null, ApiProblems.BadRequest("", "required", new("Cần gửi nội dung JSON.", "A JSON body is required.")));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, RequestOptions);
            return value is null
                ? (null, ApiProblems.BadRequest("", "required", new("Nội dung gửi lên phải là một đối tượng JSON, không phải null.", "The body must be a JSON object, not null.")))
                : (value, null);
        }
        catch (JsonException e)
        {
            var (field, code, reason) = Describe(e);
            return (null, ApiProblems.BadRequest(field, code, reason));
        }
    }

    /// <summary>Reads the raw body up to <paramref name="limit"/> bytes; reports when it is longer.</summary>
    public static async Task<(byte[] Bytes, bool TooLarge)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return ([], true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return ([], true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    /// <summary>A JSON response with the API's options.</summary>
    public static IResult Json(object value, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, Options, contentType: "application/json; charset=utf-8", statusCode: statusCode);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false));

    /// <summary>The field (JSON path without <c>$.</c>), a code and a reason a client can act on, without .NET type names.</summary>
    private static (string Field, string Code, Phrase Reason) Describe(JsonException e)
    {
        const string InvalidJson = "invalid-json";
        var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
        if (e is TextRefusedException text)
        {
            return (path, ErrorCodes.InvalidFormat, text.Reason);
        }

        var message = e.Message;
        var quoted = Quoted().Matches(message).Select(m => m.Groups[1].Value).ToList();
        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            // The path ends at the second occurrence (of a dictionary key too), as the client spelled it.
            var name = path.Length == 0 ? quoted.FirstOrDefault() ?? "" : path[(path.LastIndexOfAny(['.', '[']) + 1)..].TrimEnd(']').Trim('\'');
            return (path, ErrorCodes.Duplicate, new($"Thuộc tính '{name}' xuất hiện nhiều lần; mỗi thuộc tính chỉ ghi một lần.", $"Property '{name}' appears more than once; give each property once."));
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && quoted.Count > 0)
        {
            var unknown = path == quoted[0] || path.EndsWith("." + quoted[0], StringComparison.Ordinal) ? path : Join(path, quoted[0]);
            return (unknown, InvalidJson, new($"Không có trường '{quoted[0]}'.", $"Unknown field '{quoted[0]}'."));
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var missing = quoted.Where(q => !q.Contains('.', StringComparison.Ordinal)).ToList();
            return (Join(path, missing.FirstOrDefault() ?? ""), InvalidJson, new($"Thiếu trường bắt buộc: {string.Join(", ", missing)}.", $"Required field(s) missing: {string.Join(", ", missing)}."));
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
        {
            return (path, InvalidJson, new("Không được là null.", "Must not be null."));
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return (path, InvalidJson, new($"JSON lồng nhau sâu quá {Options.MaxDepth} cấp.", $"JSON nested deeper than {Options.MaxDepth} levels."));
        }

        if (EnumValues(message) is { } allowed)
        {
            return (path, InvalidJson, new($"Phải là một trong các giá trị: {string.Join(", ", allowed)}.", $"Must be one of: {string.Join(", ", allowed)}."));
        }

        return e.LineNumber is { } line
            ? (path, InvalidJson, new(
                $"JSON sai cú pháp hoặc giá trị sai kiểu (dòng {line + 1}, byte {e.BytePositionInLine + 1}).",
                $"Malformed JSON or a value of the wrong type (line {line + 1}, byte {e.BytePositionInLine + 1})."))
            : (path, InvalidJson, new("JSON sai cú pháp hoặc giá trị sai kiểu.", "Malformed JSON or a value of the wrong type."));
    }

    /// <summary>The values a string enum the message names accepts, as the converter writes them; null for other messages.</summary>
    private static List<string>? EnumValues(string message)
    {
        var named = EnumName().Match(message);
        var type = named.Success
            ? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(named.Groups[1].Value)).FirstOrDefault(t => t is { IsEnum: true })
            : null;
        return type is null
            ? null
            : Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, Options).Trim('"')).ToList();
    }

    private static string Join(string path, string field) =>
        path.Length == 0 ? field : field.Length == 0 ? path : $"{path}.{field}";

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            MaxDepth = 32,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static JsonSerializerOptions CreateRequestOptions()
    {
        var options = new JsonSerializerOptions(Options);
        options.Converters.Insert(0, new RequestTextConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    // System.Text.Json names the target type, for a nullable enum inside System.Nullable`1[...].
    [GeneratedRegex(@"could not be converted to (?:System\.Nullable`1\[)?(\w+(?:[.+]\w+)*)")]
    private static partial Regex EnumName();
}

/// <summary>
/// Every string of a request body (values and dictionary keys, at any depth) in NFC, and refused when
/// <see cref="TextRule"/> refuses it even with line breaks allowed. Here rather than in each request's
/// validation because this is the one place every string a client sends passes: no field can be
/// forgotten, and the handlers and the domain see only normalised text. Which fields must be one line,
/// non-empty or short stays with the domain's validation of each field.
/// </summary>
internal sealed class RequestTextConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Checked(reader.GetString()!) : throw new JsonException();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value);
    }

    private static string Checked(string value)
    {
        var normalized = TextRule.Normalize(value);
        return TextRule.Problem(normalized, multiline: true) is { } problem ? throw new TextRefusedException(problem) : normalized;
    }
}

/// <summary>A string of a request body that <see cref="TextRule"/> refuses; the serializer adds its path.</summary>
internal sealed class TextRefusedException(Phrase reason) : JsonException(reason.English)
{
    public Phrase Reason { get; } = reason;
}
