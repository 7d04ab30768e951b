using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>What <see cref="IEvidenceStore.PutAsync"/> did.</summary>
public enum EvidenceOutcome
{
    /// <summary>Stored now.</summary>
    Stored,

    /// <summary>The unit had already stored the same bytes for the campaign: its reference is returned, nothing changed.</summary>
    AlreadyStored,

    /// <summary>The unit has as many documents as allowed for the campaign: nothing stored.</summary>
    LimitReached,
}

/// <summary>Result of <see cref="IEvidenceStore.PutAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reference">The stored reference; null when <see cref="EvidenceOutcome.LimitReached"/>.</param>
public sealed record EvidencePutResult(EvidenceOutcome Outcome, EvidenceReference? Reference);

/// <summary>
/// Evidence documents of a unit's self-assessment: content-addressed (the id is the SHA-256 of the bytes),
/// write-once in the <see cref="DocumentContainers.Evidence"/> container, one reference row per unit,
/// campaign and document.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>
    /// Stores <paramref name="content"/> for the unit unless it holds <paramref name="maxCount"/> documents
    /// already. The same bytes again return the first reference (with its file name).
    /// </summary>
    Task<EvidencePutResult> PutAsync(string blocId, int year, string unitId, string fileName, string contentType, BinaryData content, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The unit's documents for the campaign, ordered by id.</summary>
    Task<IReadOnlyList<EvidenceReference>> ListAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default);

    /// <summary>A document read back and checked against its recorded hash, with its reference; null when the unit has no such document.</summary>
    Task<(EvidenceReference Reference, DocumentContent Content)?> ReadAsync(string blocId, int year, string unitId, string evidenceId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Blob <c>{blocId}/{year}/{unitId}/{sha256}</c> in the evidence container (through <see cref="IDocumentStore"/>,
/// so If-None-Match: * and the hash record hold), then table <c>Evidence</c>: PK <c>{blocId}:{year}:{unitId}</c>,
/// RK the SHA-256; columns FileName, ContentType, Size, UploadedAt. The blob is written before the row:
/// a crash between them leaves a blob no submission can reference, and the retry writes the row.
/// The count limit is checked before writing, so two uploads racing past it may both land (one over).
/// </summary>
public sealed class EvidenceStore(ThiDuaStorage storage, IDocumentStore documents) : IEvidenceStore
{
    private readonly TableClient _table = storage.Table(StorageTable.Evidence);

    /// <inheritdoc/>
    public async Task<EvidencePutResult> PutAsync(string blocId, int year, string unitId, string fileName, string contentType, BinaryData content, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var pk = Partition(blocId, year, unitId);
        var sha256 = Hashing.Sha256Hex(content.ToMemory().Span);
        if (await _table.GetOrNullAsync(pk, sha256, cancellationToken) is { } existing)
        {
            return new EvidencePutResult(EvidenceOutcome.AlreadyStored, ToReference(existing));
        }

        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(e => e.PartitionKey == pk, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        if (count >= maxCount)
        {
            return new EvidencePutResult(EvidenceOutcome.LimitReached, null);
        }

        var written = await documents.PutOnceAsync(DocumentContainers.Evidence, BlobName(blocId, year, unitId, sha256), content, contentType, cancellationToken);
        if (!written.Succeeded)
        {
            throw new InvalidOperationException($"The evidence blob {sha256} of {pk} holds other bytes than its name says; it was altered.");
        }

        var row = new TableEntity(pk, sha256)
        {
            ["FileName"] = fileName,
            ["ContentType"] = contentType,
            ["Size"] = (long)content.ToMemory().Length,
            ["UploadedAt"] = DateTimeOffset.UtcNow,
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return new EvidencePutResult(EvidenceOutcome.Stored, ToReference(row));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var first = await _table.GetOrNullAsync(pk, sha256, cancellationToken)
                ?? throw new InvalidOperationException($"Evidence row {pk}/{sha256} conflicted on insert but cannot be read.", e);
            return new EvidencePutResult(EvidenceOutcome.AlreadyStored, ToReference(first));
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<EvidenceReference>> ListAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default)
    {
        var pk = Partition(blocId, year, unitId);
        var references = new List<EvidenceReference>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == pk, cancellationToken: cancellationToken))
        {
            references.Add(ToReference(row));
        }

        return references;
    }

    /// <inheritdoc/>
    public async Task<(EvidenceReference Reference, DocumentContent Content)?> ReadAsync(string blocId, int year, string unitId, string evidenceId, CancellationToken cancellationToken = default)
    {
        var pk = Partition(blocId, year, unitId);
        if (!Hashing.IsSha256Hex(evidenceId) || await _table.GetOrNullAsync(pk, evidenceId, cancellationToken) is not { } row)
        {
            return null;
        }

        var content = await documents.ReadAsync(DocumentContainers.Evidence, BlobName(blocId, year, unitId, evidenceId), cancellationToken);
        return content is null ? null : (ToReference(row), content);
    }

    private static string Partition(string blocId, int year, string unitId) =>
        Keys.Join(Keys.Campaign(blocId, year), Keys.Id(unitId, nameof(unitId)));

    private static string BlobName(string blocId, int year, string unitId, string sha256) =>
        $"{Keys.Id(blocId, nameof(blocId))}/{Keys.Year(year)}/{Keys.Id(unitId, nameof(unitId))}/{sha256}";

    private static EvidenceReference ToReference(TableEntity row) => new(
        row.RowKey,
        row.GetString("FileName"),
        row.GetString("ContentType"),
        row.GetInt64("Size") ?? 0,
        row.RowKey);
}
