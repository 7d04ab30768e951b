using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ThiDua.Domain;

namespace ThiDua.Storage;

/// <summary>A write-once document of a campaign: its logical container and blob name.</summary>
/// <param name="Container">One of <see cref="DocumentContainers"/>.</param>
/// <param name="Name">Blob name.</param>
public sealed record DocumentLocation(string Container, string Name)
{
    /// <summary>"container/name", as archive receipts and manifests show it.</summary>
    public override string ToString() => $"{Container}/{Name}";
}

/// <summary>
/// Where the cycle's write-once documents live, shared by the activities, the API (which serves them)
/// and verification. Every name starts with <c>{blocId}/{year}/</c>.
/// </summary>
public static class CycleDocuments
{
    /// <summary>The compact's canonical bytes, the exact bytes units sign.</summary>
    public static DocumentLocation Compact(string blocId, int year) => new(DocumentContainers.Compacts, Prefix(blocId, year) + "compact.json");

    /// <summary>The compact's Vietnamese HTML rendering, bound to the canonical bytes by their hash.</summary>
    public static DocumentLocation CompactHtml(string blocId, int year) => new(DocumentContainers.Compacts, Prefix(blocId, year) + "compact.vi.html");

    /// <summary>The sealed envelope (<see cref="CompactSealEnvelope"/>).</summary>
    public static DocumentLocation Seal(string blocId, int year) => new(DocumentContainers.Compacts, Prefix(blocId, year) + "seal.json");

    /// <summary>The minutes (biên bản kiểm phiếu) of a closed vote round, Vietnamese plain text.</summary>
    public static DocumentLocation Minutes(string blocId, int year, string roundKey) =>
        new(DocumentContainers.Documents, Prefix(blocId, year) + "minutes/" + roundKey + ".vi.txt");

    /// <summary>
    /// Where a year's official documents live (<c>{blocId}/{year}/documents/</c>): each as its facts
    /// (<c>{name}.facts.json</c>), its .docx and its PDF, all written once.
    /// </summary>
    public static string OfficialDocumentsPrefix(string blocId, int year) => Prefix(blocId, year) + "documents/";

    /// <summary>An official document's file: <paramref name="extension"/> is <c>facts.json</c>, <c>docx</c> or <c>pdf</c>.</summary>
    public static DocumentLocation OfficialDocument(string blocId, int year, string name, string extension) =>
        new(DocumentContainers.Documents, $"{OfficialDocumentsPrefix(blocId, year)}{name}.{extension}");

    /// <summary>The extension of an official document's facts.</summary>
    public const string FactsExtension = "facts.json";

    /// <summary>The planned leadership of a year (<see cref="LeadershipPlan"/>), written by the previous year's cycle or the council's appointment.</summary>
    public static DocumentLocation Plan(string blocId, int year) => new(DocumentContainers.Documents, Prefix(blocId, year) + "plan.json");

    /// <summary>The archive manifest of a year (<see cref="ArchiveManifest"/>).</summary>
    public static DocumentLocation Manifest(string blocId, int year) => new(DocumentContainers.Archives, Prefix(blocId, year) + "manifest.json");

    /// <summary>A record copied into the archive as JSON, under <c>{blocId}/{year}/{relativeName}</c>.</summary>
    public static DocumentLocation ArchivedRecord(string blocId, int year, string relativeName) => new(DocumentContainers.Archives, Prefix(blocId, year) + relativeName);

    /// <summary>
    /// Where the council's decisions on a year's proposals are kept, each written once under the year's archive
    /// path (<c>{blocId}/{year}/proposals/{levelId}/{unitId}.json</c>), before or after the manifest.
    /// </summary>
    public static string ProposalDecisionsPrefix(string blocId, int year) => Prefix(blocId, year) + "proposals/";

    /// <summary>The council's decision on one proposal (<see cref="ProposalDecision"/>).</summary>
    public static DocumentLocation ProposalDecision(string blocId, int year, string levelId, string unitId) =>
        new(DocumentContainers.Archives, $"{ProposalDecisionsPrefix(blocId, year)}{levelId}/{unitId}.json");

    private static string Prefix(string blocId, int year) => string.Create(CultureInfo.InvariantCulture, $"{blocId}/{year:D4}/");
}

/// <summary>
/// JSON of the cycle's documents: camelCase, enums as names, no indentation, properties in declaration
/// order, so that the same record always gives the same bytes (retries write identical documents).
/// </summary>
public static class DocumentJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>UTF-8 JSON of <paramref name="value"/>.</summary>
    public static BinaryData Serialize<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, Options));

    /// <summary>
    /// Reads JSON written by <see cref="Serialize{T}"/>; a <see cref="IVersionedDocument"/> of another format or of a
    /// newer layout is refused (<see cref="VersionedDocuments.Check"/>).
    /// </summary>
    public static T Deserialize<T>(BinaryData json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var value = json.ToObjectFromJson<T>(Options) ?? throw new InvalidOperationException($"The document holds no {typeof(T).Name}.");
        if (value is IVersionedDocument versioned)
        {
            VersionedDocuments.Check(versioned, "The " + typeof(T).Name);
        }

        return value;
    }
}

/// <summary>A signature as listed in the sealed envelope.</summary>
public sealed record SealedSignature(string UnitId, string SignatureSha256, long Size, string CertificateThumbprint, DateTimeOffset SignedAt, string BlobName);

/// <summary>
/// The sealed compact: the hash of the canonical bytes, every signature's hash, signer, certificate
/// thumbprint and signing time, and the members who never signed. Written once.
/// </summary>
public sealed record CompactSealEnvelope(
    string Format,
    string BlocId,
    int Year,
    string CompactSha256,
    IReadOnlyList<SealedSignature> Signatures,
    IReadOnlyList<string> Missing) : IVersionedDocument
{
    /// <summary>Format and layout of the envelope.</summary>
    public const string CurrentFormat = "thidua-seal/1";

    string IVersionedDocument.CurrentFormat => CurrentFormat;
}

/// <summary>One artifact of an archived year.</summary>
/// <param name="Kind">campaign, compact, compact-html, signature, certificate, seal, score-sheet, late-submissions, adjustments, vote-round, ballots, tally, minutes, ranking, results.</param>
/// <param name="Container">Logical container.</param>
/// <param name="Name">Blob name.</param>
/// <param name="Sha256">SHA-256 of its bytes.</param>
/// <param name="Size">Size in bytes.</param>
public sealed record ArchiveArtifact(string Kind, string Container, string Name, string Sha256, long Size);

/// <summary>
/// The manifest of an archived year: every artifact with its SHA-256 and size, chained to the previous
/// year's manifest of the same bloc by its SHA-256 (null for the first archived year).
/// </summary>
public sealed record ArchiveManifest(
    string Format,
    string BlocId,
    int Year,
    string? PreviousManifestSha256,
    IReadOnlyList<ArchiveArtifact> Artifacts) : IVersionedDocument
{
    /// <summary>Format and layout of the manifest.</summary>
    public const string CurrentFormat = "thidua-archive/1";

    string IVersionedDocument.CurrentFormat => CurrentFormat;
}

/// <summary>
/// The leadership planned for a year: decided by the previous year's cycle, or, for a bloc's first year, appointed
/// by the provincial council's decision when council staff start the year.
/// </summary>
/// <param name="BlocId">The bloc.</param>
/// <param name="Year">The year planned.</param>
/// <param name="LeaderUnitId">Its leader.</param>
/// <param name="DeputyUnitId">Its deputy, or null.</param>
/// <param name="DecidedInYear">The year whose cycle decided it; <paramref name="Year"/> itself for the council's appointment.</param>
/// <param name="Format">Format and layout (<see cref="CurrentFormat"/>); null in plans written before plans carried one.</param>
public sealed record LeadershipPlan(string BlocId, int Year, string LeaderUnitId, string? DeputyUnitId, int DecidedInYear, string? Format = null)
    : IVersionedDocument
{
    /// <summary>Format and layout of a plan.</summary>
    public const string CurrentFormat = "thidua-plan/1";

    string IVersionedDocument.CurrentFormat => CurrentFormat;
}

/// <summary>Planned leaderships, one write-once document per bloc and year; read by the workflows' campaign launcher.</summary>
public sealed class LeadershipPlans(IDocumentStore documents)
{
    /// <summary>Stores <paramref name="plan"/> unless a plan for that year is stored; returns the plan that stands.</summary>
    public async Task<LeadershipPlan> SaveAsync(LeadershipPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var at = CycleDocuments.Plan(plan.BlocId, plan.Year);
        plan = plan with { Format = LeadershipPlan.CurrentFormat };
        var written = await documents.PutOnceAsync(at.Container, at.Name, DocumentJson.Serialize(plan), "application/json", cancellationToken);
        return written.Succeeded ? plan : await GetAsync(plan.BlocId, plan.Year, cancellationToken) ?? plan;
    }

    /// <summary>The plan for <paramref name="year"/>, or null.</summary>
    public async Task<LeadershipPlan?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var at = CycleDocuments.Plan(blocId, year);
        var document = await documents.ReadAsync(at.Container, at.Name, cancellationToken);
        return document is null ? null : DocumentJson.Deserialize<LeadershipPlan>(document.Content);
    }
}
