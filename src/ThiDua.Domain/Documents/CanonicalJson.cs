using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ThiDua.Domain;

/// <summary>
/// Deterministic JSON: object keys sorted ordinally, no insignificant whitespace, strings in
/// Unicode NFC (so the same Vietnamese text typed with combining marks gives the same bytes),
/// decimals without trailing zeros, instants as UTC with seven fractional digits.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,

        // The bytes are hashed and signed, never embedded raw in HTML: emit UTF-8 text as is.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            Write(writer, value);
        }

        return stream.ToArray();
    }

    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s.Normalize(NormalizationForm.FormC));
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case decimal d:
                writer.WriteRawValue(Points.Format(d));
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(Instant(t));
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var key in map.Keys.Order(StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, map[key]);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"No canonical form for {value.GetType().Name}.", nameof(value));
        }
    }
}
