using System.Text.Json;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Archive;

/// <summary>
/// Verification results kept per archived year, each with when it ran (<see cref="ArchiveVerification.CheckedAt"/>). An archived year never changes, so its result stays valid
/// until someone asks for it to be run again: pages show the kept result with its time instead of re-reading the
/// whole archive on every load. Both languages are kept, so a reader in either gets the same run.
/// </summary>
public sealed class KeptVerifications(ArchiveVerifier verifier, VerificationStore store, IDocumentStore documents, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The kept result in <paramref name="localizer"/>'s language; the first read verifies once and keeps it.</summary>
    public async Task<ArchiveVerification> GetOrVerifyAsync(string blocId, int year, Localizer localizer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (await store.GetAsync(blocId, year, cancellationToken) is { Content: { Length: > 0 } content } kept
            && JsonSerializer.Deserialize<BothLanguages>(content, Json) is { } both)
        {
            return In(both, localizer, kept.CheckedAt);
        }

        return await VerifyAndKeepAsync(blocId, year, localizer, cancellationToken);
    }

    /// <summary>Runs the verification again and keeps its result in place of the earlier one (once the manifest is written).</summary>
    public async Task<ArchiveVerification> VerifyAndKeepAsync(string blocId, int year, Localizer localizer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var checkedAt = time.GetUtcNow();
        var both = new BothLanguages(
            await verifier.VerifyAsync(blocId, year, Localizer.Vietnamese, cancellationToken),
            await verifier.VerifyAsync(blocId, year, Localizer.English, cancellationToken));
        // A year whose archive is still being written (its state says archived, its manifest is not there yet) is
        // answered but not kept: the missing manifest would otherwise stay the kept finding until someone re-ran it.
        var manifest = CycleDocuments.Manifest(blocId, year);
        if (await documents.GetRecordAsync(manifest.Container, manifest.Name, cancellationToken) is not null)
        {
            var failures = both.Vi.Checks.Count(c => !c.Holds);
            await store.KeepAsync(
                new KeptVerification(blocId, year, both.Vi.Holds, both.Vi.Checks.Count, failures, checkedAt, JsonSerializer.Serialize(both, Json)),
                cancellationToken);
        }

        return In(both, localizer, checkedAt);
    }

    private static ArchiveVerification In(BothLanguages both, Localizer localizer, DateTimeOffset checkedAt) =>
        (localizer == Localizer.English ? both.En : both.Vi) with { CheckedAt = checkedAt };

    private sealed record BothLanguages(ArchiveVerification Vi, ArchiveVerification En);
}
