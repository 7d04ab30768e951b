using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>
/// The storage account as ThiDua uses it: resolves the service clients and the table and
/// container names once, and creates them at startup (<see cref="InitializeAsync"/>), so stores
/// never call CreateIfNotExists on the request path. Thread-safe; create one per process.
/// </summary>
public sealed class ThiDuaStorage
{
    private readonly Dictionary<StorageTable, TableClient> _tables;
    private readonly Dictionary<string, BlobContainerClient> _containers;

    /// <summary>Resolves clients and names from <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">Neither a connection string nor the service clients are given, or a prefix is invalid.</exception>
    public ThiDuaStorage(ThiDuaStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidatePrefixes(options);
        if (options.MaxConcurrencyRetries < 1)
        {
            throw new ArgumentException("MaxConcurrencyRetries must be at least 1.", nameof(options));
        }

        var tableService = options.GetTableServiceClient();
        var blobService = options.GetBlobServiceClient();

        MaxConcurrencyRetries = options.MaxConcurrencyRetries;
        _tables = Enum.GetValues<StorageTable>().ToDictionary(
            t => t,
            t => tableService.GetTableClient(options.TablePrefix + t.ToString()));
        _containers = DocumentContainers.All.ToDictionary(
            c => c,
            c => blobService.GetBlobContainerClient(options.ContainerPrefix.Length == 0 ? c : $"{options.ContainerPrefix}-{c}"),
            StringComparer.Ordinal);
    }

    /// <summary>Names of the tables, for operations and tests.</summary>
    public IReadOnlyList<string> TableNames => _tables.Values.Select(t => t.Name).ToList();

    /// <summary>Names of the blob containers, in the order of <see cref="DocumentContainers.All"/>.</summary>
    public IReadOnlyList<string> ContainerNames => DocumentContainers.All.Select(c => _containers[c].Name).ToList();

    internal int MaxConcurrencyRetries { get; }

    /// <summary>Creates every table and container that does not exist yet. Call once at startup; idempotent.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in _tables.Values)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }

        foreach (var container in _containers.Values)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    internal TableClient Table(StorageTable table) => _tables[table];

    internal BlobContainerClient Container(string container) =>
        _containers.TryGetValue(container, out var client)
            ? client
            : throw new ArgumentException(
                $"Unknown container '{container}'; use one of {string.Join(", ", DocumentContainers.All)}.",
                nameof(container));

    private static void ValidatePrefixes(ThiDuaStorageOptions options)
    {
        var table = options.TablePrefix ?? "";
        if (table.Length > 40 || (table.Length > 0 && !char.IsAsciiLetter(table[0])) || !table.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"TablePrefix '{table}' must be ASCII letters and digits, start with a letter and have at most 40 characters."),
                nameof(options));
        }

        var container = options.ContainerPrefix ?? "";
        if (container.Length > 40 || !container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException(
                $"ContainerPrefix '{container}' must be lowercase ASCII letters and digits, at most 40 characters.",
                nameof(options));
        }
    }
}
