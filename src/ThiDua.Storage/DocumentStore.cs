using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>Outcome of a write-once document write.</summary>
public enum DocumentWriteOutcome
{
    /// <summary>Written now; its hash and size are recorded.</summary>
    Written,

    /// <summary>The same bytes were already stored under that name (a retry): success, nothing changed.</summary>
    AlreadyWritten,

    /// <summary>Different bytes are stored under that name: refused, the stored document is unchanged.</summary>
    WriteOnceViolation,
}

/// <summary>Result of <see cref="IDocumentStore.PutOnceAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Sha256">SHA-256 of the document stored under the name (the existing one on a violation).</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record DocumentWriteResult(DocumentWriteOutcome Outcome, string Sha256, long Size)
{
    /// <summary>True when the document stored under the name is the one given.</summary>
    public bool Succeeded => Outcome is not DocumentWriteOutcome.WriteOnceViolation;
}

/// <summary>The table record of a stored document.</summary>
/// <param name="Container">Logical container (<see cref="DocumentContainers"/>).</param>
/// <param name="Name">Blob name.</param>
/// <param name="Sha256">SHA-256 of the content at write time, 64 lowercase hex digits.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="WrittenAt">When the record was written.</param>
public sealed record DocumentRecord(string Container, string Name, string Sha256, long Size, string ContentType, DateTimeOffset WrittenAt);

/// <summary>A document read back and checked against its record.</summary>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">MIME type of the blob.</param>
/// <param name="ActualSha256">SHA-256 of <paramref name="Content"/> as read now.</param>
/// <param name="Record">The record written with it, or null when the record is missing.</param>
public sealed record DocumentContent(BinaryData Content, string ContentType, string ActualSha256, DocumentRecord? Record)
{
    /// <summary>True when the record exists and the content read has its hash and size.</summary>
    public bool Verified =>
        Record is not null
        && string.Equals(Record.Sha256, ActualSha256, StringComparison.Ordinal)
        && Record.Size == Content.ToMemory().Length;
}

/// <summary>
/// Write-once documents in Blob Storage with their SHA-256 and size recorded in a table. Azurite has no
/// immutability policies, so write-once holds here: If-None-Match: * on every write, and a second
/// write under the same name succeeds only with identical bytes. (In Azure, version-level
/// immutability on the containers adds the service's own guarantee.)
/// </summary>
public interface IDocumentStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="name"/> unless something is stored there already.</summary>
    /// <param name="container">One of <see cref="DocumentContainers"/>.</param>
    /// <param name="name">Segments separated by '/', each lowercase letters, digits, '-' and '.' (for example <c>noi-chinh/2026/compact.json</c>).</param>
    /// <param name="content">The bytes.</param>
    /// <param name="contentType">MIME type.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<DocumentWriteResult> PutOnceAsync(string container, string name, BinaryData content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Reads a document and checks it against its recorded hash; null when no blob has that name.</summary>
    Task<DocumentContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>The record of a document, or null.</summary>
    Task<DocumentRecord?> GetRecordAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Records of the documents whose name starts with <paramref name="namePrefix"/>, ordered by name.</summary>
    Task<IReadOnlyList<DocumentRecord>> ListRecordsAsync(string container, string namePrefix, CancellationToken cancellationToken = default);
}

/// <summary>
/// Blobs in the container named; table <c>Documents</c>: PK logical container, RK blob name with
/// '/' replaced by ':' (Table keys may not hold '/'); columns Name, Sha256, Size, ContentType, WrittenAt.
/// The blob is written first and the row second; a crash between them is healed by the retry,
/// which finds the identical blob and writes the missing row. The blob's metadata also carries the hash.
/// </summary>
public sealed class DocumentStore(ThiDuaStorage storage) : IDocumentStore
{
    private const int MaxNameLength = 512;
    private readonly TableClient _table = storage.Table(StorageTable.Documents);

    /// <inheritdoc/>
    public async Task<DocumentWriteResult> PutOnceAsync(string container, string name, BinaryData content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var blob = storage.Container(container).GetBlobClient(ValidateName(name));
        var sha256 = Hashing.Sha256Hex(content.ToMemory().Span);
        var size = content.ToMemory().Length;
        try
        {
            await blob.UploadAsync(
                content,
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
                },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var existing = (await blob.DownloadContentAsync(cancellationToken)).Value;
            var existingHash = Hashing.Sha256Hex(existing.Content.ToMemory().Span);
            if (!string.Equals(existingHash, sha256, StringComparison.Ordinal))
            {
                return new DocumentWriteResult(DocumentWriteOutcome.WriteOnceViolation, existingHash, existing.Content.ToMemory().Length);
            }

            contentType = existing.Details.ContentType ?? contentType;
            return await RecordAsync(container, name, sha256, size, contentType, DocumentWriteOutcome.AlreadyWritten, cancellationToken);
        }

        return await RecordAsync(container, name, sha256, size, contentType, DocumentWriteOutcome.Written, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<DocumentContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = storage.Container(container).GetBlobClient(ValidateName(name));
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        var record = await GetRecordAsync(container, name, cancellationToken);
        return new DocumentContent(
            download.Content,
            download.Details.ContentType ?? "application/octet-stream",
            Hashing.Sha256Hex(download.Content.ToMemory().Span),
            record);
    }

    /// <inheritdoc/>
    public async Task<DocumentRecord?> GetRecordAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        _ = storage.Container(container);
        var row = await _table.GetOrNullAsync(container, RowKey(ValidateName(name)), cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DocumentRecord>> ListRecordsAsync(string container, string namePrefix, CancellationToken cancellationToken = default)
    {
        _ = storage.Container(container);
        ArgumentNullException.ThrowIfNull(namePrefix);
        if (namePrefix.Any(c => !IsNameChar(c) && c != '/'))
        {
            throw new ArgumentException($"Invalid name prefix '{namePrefix}'.", nameof(namePrefix));
        }

        var low = RowKey(namePrefix);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {container} and RowKey ge {low} and RowKey lt {low + "~"}");
        var records = new List<DocumentRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            records.Add(ToRecord(row));
        }

        return records;
    }

    private async Task<DocumentWriteResult> RecordAsync(string container, string name, string sha256, long size, string contentType, DocumentWriteOutcome outcome, CancellationToken cancellationToken)
    {
        var row = new TableEntity(container, RowKey(name))
        {
            ["Name"] = name,
            ["Sha256"] = sha256,
            ["Size"] = size,
            ["ContentType"] = contentType,
            ["WrittenAt"] = DateTimeOffset.UtcNow,
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await _table.GetOrNullAsync(container, row.RowKey, cancellationToken);
            if (!string.Equals(existing?.GetString("Sha256"), sha256, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The record of {container}/{name} names another hash than the stored blob; the record or the blob was altered.", e);
            }
        }

        return new DocumentWriteResult(outcome, sha256, size);
    }

    private static DocumentRecord ToRecord(TableEntity row) => new(
        row.PartitionKey,
        row.GetString("Name"),
        row.GetString("Sha256"),
        row.GetInt64("Size") ?? 0,
        row.GetString("ContentType") ?? "application/octet-stream",
        row.GetDateTimeOffset("WrittenAt") ?? default);

    private static string RowKey(string name) => name.Replace('/', ':');

    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.';

    /// <summary>
    /// Blob names are built from validated ids; this refuses anything else ('..', '\\', '#', spaces,
    /// uppercase) so that a name maps one-to-one to a Table row key.
    /// </summary>
    private static string ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"A document name has at most {MaxNameLength} characters.", nameof(name));
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment[0] is '.' or '-' || !segment.All(IsNameChar) || segment.Contains("..", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Invalid document name '{name}': segments separated by '/' of lowercase letters, digits, '-' and '.', not starting with '.' or '-'.",
                    nameof(name));
            }
        }

        return name;
    }
}
