using System.IO.Compression;
using Azure.Data.Tables;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>
/// The outcome of an archived year's last verification: whether every check held, how many checks ran and
/// failed, when, and (with <see cref="Content"/>) the whole result as its reader wrote it.
/// </summary>
public sealed record KeptVerification(string BlocId, int Year, bool Passed, int Checks, int Failures, DateTimeOffset CheckedAt, string? Content);

/// <summary>
/// Table <c>Verifications</c>: PK the year, RK the bloc; the summary in columns and the content gzipped in
/// binary columns of at most 64 KiB. Kept apart from the write-once containers: a result is not part of the
/// archive and is replaced when verification is run again. One query of a year's partition gives the summary
/// of every bloc, for the province's overview.
/// </summary>
public sealed class VerificationStore(ThiDuaStorage storage)
{
    private const int ChunkBytes = 64 * 1024;
    private const string ContentColumn = "Content";
    private static readonly string[] SummaryColumns = ["PartitionKey", "RowKey", "Passed", "Checks", "Failures", "CheckedAt"];
    private readonly TableClient _table = storage.Table(StorageTable.Verifications);

    /// <summary>Keeps <paramref name="verification"/>, replacing the bloc's earlier result of that year.</summary>
    public async Task KeepAsync(KeptVerification verification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var entity = new TableEntity(Keys.Year(verification.Year), Keys.Id(verification.BlocId, nameof(verification)))
        {
            ["Passed"] = verification.Passed,
            ["Checks"] = verification.Checks,
            ["Failures"] = verification.Failures,
            ["CheckedAt"] = verification.CheckedAt,
        };
        var content = Compress(verification.Content ?? "");
        for (var (offset, i) = (0, 0); offset < content.Length; offset += ChunkBytes, i++)
        {
            entity[ContentColumn + i] = content[offset..Math.Min(content.Length, offset + ChunkBytes)];
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The bloc's kept result of the year with its content, or null.</summary>
    public async Task<KeptVerification?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Year(year), Keys.Id(blocId, nameof(blocId)), cancellationToken);
        if (row is null)
        {
            return null;
        }

        using var content = new MemoryStream();
        for (var i = 0; row.GetBinary(ContentColumn + i) is { } chunk; i++)
        {
            content.Write(chunk);
        }

        return Summary(row) with { Content = Decompress(content.ToArray()) };
    }

    /// <summary>Every bloc's kept result of the year, without content: one query.</summary>
    public async Task<IReadOnlyList<KeptVerification>> ListYearAsync(int year, CancellationToken cancellationToken = default)
    {
        var kept = new List<KeptVerification>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Keys.Year(year), select: SummaryColumns, cancellationToken: cancellationToken))
        {
            kept.Add(Summary(row));
        }

        return kept;
    }

    private static KeptVerification Summary(TableEntity row) => new(
        row.RowKey,
        int.Parse(row.PartitionKey, System.Globalization.CultureInfo.InvariantCulture),
        row.GetBoolean("Passed") ?? false,
        row.GetInt32("Checks") ?? 0,
        row.GetInt32("Failures") ?? 0,
        row.GetDateTimeOffset("CheckedAt") ?? DateTimeOffset.MinValue,
        null);

    private static byte[] Compress(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static string Decompress(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
