using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>A unit's signature of a compact, as recorded.</summary>
/// <param name="BlocId">Bloc.</param>
/// <param name="Year">Year.</param>
/// <param name="UnitId">The signing unit.</param>
/// <param name="SignatureSha256">SHA-256 of the .p7s bytes.</param>
/// <param name="Size">Size of the .p7s in bytes.</param>
/// <param name="CertificateThumbprint">SHA-1 thumbprint of the signing certificate (as X509Certificate2.Thumbprint gives it).</param>
/// <param name="SignedAt">Signing time (from the signature or the server).</param>
/// <param name="BlobName">Name of the .p7s in <see cref="DocumentContainers.Compacts"/>.</param>
public sealed record CompactSignature(string BlocId, int Year, string UnitId, string SignatureSha256, long Size, string CertificateThumbprint, DateTimeOffset SignedAt, string BlobName);

/// <summary>Outcome of recording a signature.</summary>
public enum SignOutcome
{
    /// <summary>The signature is recorded now.</summary>
    Recorded,

    /// <summary>This same signature was already recorded (a retry): success, nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>The unit had already signed with another signature: refused, nothing changed.</summary>
    AlreadySigned,
}

/// <summary>Result of <see cref="ISignatureStore.RecordAsync"/>, with the signature that stands for the unit.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Signature">The unit's recorded signature (the earlier one when <see cref="SignOutcome.AlreadySigned"/>).</param>
public sealed record SignResult(SignOutcome Outcome, CompactSignature Signature);

/// <summary>Signatures of the compact: one per unit and year, never replaced.</summary>
public interface ISignatureStore
{
    /// <summary>
    /// Stores a verified detached signature (.p7s) of the unit and records it. Verification is
    /// the caller's job; this only guarantees one signature per unit.
    /// </summary>
    Task<SignResult> RecordAsync(string blocId, int year, string unitId, BinaryData signature, string certificateThumbprint, DateTimeOffset signedAt, CancellationToken cancellationToken = default);

    /// <summary>The unit's signature, or null.</summary>
    Task<CompactSignature?> GetAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default);

    /// <summary>Every signature of the compact, ordered by unit id.</summary>
    Task<IReadOnlyList<CompactSignature>> ListAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>The .p7s bytes of the unit's signature checked against the recorded hash, or null.</summary>
    Task<DocumentContent?> ReadSignatureAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Blob <c>compacts/{blocId}/{year}/signatures/{unitId}-{sha256}.p7s</c> through the
/// <see cref="IDocumentStore"/>, then table <c>Signatures</c>: PK <c>{blocId}:{year}</c>, RK unitId,
/// insert-only. The blob name carries the signature's hash so that an attempt that lost (or crashed
/// before its row) never blocks another: the row alone decides which signature stands, and a
/// retry of the same bytes finds its blob and writes the missing row. An unreferenced .p7s of a
/// refused second signature may remain; it is never listed.
/// </summary>
public sealed class SignatureStore(ThiDuaStorage storage, IDocumentStore documents) : ISignatureStore
{
    private readonly TableClient _table = storage.Table(StorageTable.Signatures);

    /// <summary>Uses a <see cref="DocumentStore"/> on the same account.</summary>
    public SignatureStore(ThiDuaStorage storage)
        : this(storage, new DocumentStore(storage))
    {
    }

    /// <inheritdoc/>
    public async Task<SignResult> RecordAsync(string blocId, int year, string unitId, BinaryData signature, string certificateThumbprint, DateTimeOffset signedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentException.ThrowIfNullOrWhiteSpace(certificateThumbprint);
        if (signature.ToMemory().IsEmpty)
        {
            throw new ArgumentException("The signature is empty.", nameof(signature));
        }

        var pk = Keys.Campaign(blocId, year);
        Keys.Id(unitId, nameof(unitId));
        var sha256 = Hashing.Sha256Hex(signature.ToMemory().Span);
        var blobName = $"{blocId}/{Keys.Year(year)}/signatures/{unitId}-{sha256}.p7s";
        var written = await documents.PutOnceAsync(DocumentContainers.Compacts, blobName, signature, "application/pkcs7-signature", cancellationToken);
        if (!written.Succeeded)
        {
            throw new InvalidOperationException($"The content-addressed signature blob {blobName} holds other bytes; it was altered.");
        }

        var record = new CompactSignature(blocId, year, unitId, sha256, signature.ToMemory().Length, certificateThumbprint, signedAt, blobName);
        try
        {
            await _table.AddEntityAsync(ToEntity(pk, record), cancellationToken);
            return new SignResult(SignOutcome.Recorded, record);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await GetAsync(blocId, year, unitId, cancellationToken)
                ?? throw new InvalidOperationException($"Signature {pk}/{unitId} conflicted on insert but cannot be read.", e);
            return string.Equals(existing.SignatureSha256, sha256, StringComparison.Ordinal)
                ? new SignResult(SignOutcome.AlreadyRecorded, existing)
                : new SignResult(SignOutcome.AlreadySigned, existing);
        }
    }

    /// <inheritdoc/>
    public async Task<CompactSignature?> GetAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Campaign(blocId, year), Keys.Id(unitId, nameof(unitId)), cancellationToken);
        return row is null ? null : FromEntity(blocId, year, row);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CompactSignature>> ListAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Campaign(blocId, year)}");
        var signatures = new List<CompactSignature>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            signatures.Add(FromEntity(blocId, year, row));
        }

        return signatures;
    }

    /// <inheritdoc/>
    public async Task<DocumentContent?> ReadSignatureAsync(string blocId, int year, string unitId, CancellationToken cancellationToken = default)
    {
        var signature = await GetAsync(blocId, year, unitId, cancellationToken);
        return signature is null ? null : await documents.ReadAsync(DocumentContainers.Compacts, signature.BlobName, cancellationToken);
    }

    private static TableEntity ToEntity(string pk, CompactSignature s) => new(pk, s.UnitId)
    {
        ["SignatureSha256"] = s.SignatureSha256,
        ["Size"] = s.Size,
        ["CertificateThumbprint"] = s.CertificateThumbprint,
        ["SignedAt"] = s.SignedAt,
        ["BlobName"] = s.BlobName,
    };

    private static CompactSignature FromEntity(string blocId, int year, TableEntity row) => new(
        blocId,
        year,
        row.RowKey,
        row.GetString("SignatureSha256"),
        row.GetInt64("Size") ?? 0,
        row.GetString("CertificateThumbprint"),
        row.GetDateTimeOffset("SignedAt") ?? default,
        row.GetString("BlobName"));
}
