using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using ThiDua.Domain;

namespace ThiDua.Storage.Internal;

/// <summary>
/// Domain records are stored as JSON in string columns. Table Storage limits a string property
/// to 64 KiB (UTF-16, so 32 K characters) and an entity to 1 MiB: longer JSON is split over
/// <c>Json</c>, <c>Json1</c>, <c>Json2</c>... and anything that would not fit an entity is refused
/// before it reaches the service. <see cref="SchemaColumn"/> holds the layout version of the record's type
/// (<see cref="RowLayouts"/>).
/// </summary>
internal static class JsonColumns
{
    /// <summary>Characters per column: 60,000 bytes in UTF-16, under the 64 KiB limit.</summary>
    public const int ChunkChars = 30_000;

    /// <summary>Columns at most: 15 × 60,000 bytes leaves room under 1 MiB for keys and scalar columns.</summary>
    public const int MaxChunks = 15;

    public const string Column = "Json";

    public const string HashColumn = "ContentSha256";

    public const string SchemaColumn = "SchemaVersion";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes <paramref name="value"/> as JSON columns and its SHA-256 in <see cref="HashColumn"/>.</summary>
    public static void Write<T>(TableEntity entity, T value)
    {
        var json = Serialize(value);
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        if (chunks > MaxChunks)
        {
            throw new StorageLimitException(
                $"The {typeof(T).Name} record is {json.Length} characters of JSON; a table entity holds at most {ChunkChars * MaxChunks}.");
        }

        for (var i = 0; i < Math.Max(chunks, 1); i++)
        {
            var start = i * ChunkChars;
            entity[ColumnName(i)] = json.Substring(start, Math.Min(ChunkChars, json.Length - start));
        }

        entity[HashColumn] = Hashing.Sha256Hex(json);
        entity[SchemaColumn] = RowLayouts.Current(typeof(T));
    }

    public static T Read<T>(TableEntity entity)
    {
        var first = entity.GetString(Column)
            ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has no {Column} column.");
        var json = first;
        if (entity.ContainsKey(ColumnName(1)))
        {
            var builder = new System.Text.StringBuilder(first);
            for (var i = 1; entity.GetString(ColumnName(i)) is { } next; i++)
            {
                builder.Append(next);
            }

            json = builder.ToString();
        }

        var row = $"Row {entity.PartitionKey}/{entity.RowKey}";
        var version = entity.GetInt32(SchemaColumn) ?? RowLayouts.First;
        var value = version == RowLayouts.Current(typeof(T))
            ? JsonSerializer.Deserialize<T>(json, Options)
            : RowLayouts.ToCurrent(typeof(T), version, JsonNode.Parse(json) ?? throw new InvalidOperationException($"{row} holds null JSON."), row).Deserialize<T>(Options);
        return value ?? throw new InvalidOperationException($"{row} holds null JSON.");
    }

    /// <summary>The SHA-256 of the JSON a row holds, as written by <see cref="Write{T}"/>.</summary>
    public static string? ContentHash(TableEntity entity) => entity.GetString(HashColumn);

    private static string ColumnName(int index) =>
        index == 0 ? Column : Column + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
