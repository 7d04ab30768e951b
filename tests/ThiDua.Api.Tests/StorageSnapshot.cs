using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ThiDua.Storage;

namespace ThiDua.Api.Tests;

/// <summary>
/// Every row and blob of the fixture's storage account, by key with its ETag: two snapshots differ
/// when anything was written, whatever bloc or id a request named. Left out are what other parties
/// write beside the request under test: the audit log (every request is audited by design), and the
/// mail pipeline's own state (outbox, confirmation rows and lease, its queue), which the background
/// sender changes after a submission that was accepted earlier.
/// </summary>
public sealed class StorageSnapshot
{
    // The hosts create every table and container at startup: they are listed once per account.
    private static readonly ConcurrentDictionary<string, Task<(List<TableClient> Tables, List<BlobContainerClient> Containers)>> Lists = new(StringComparer.Ordinal);

    private readonly SortedDictionary<string, string> _items;

    private StorageSnapshot(SortedDictionary<string, string> items) => _items = items;

    public static async Task<StorageSnapshot> TakeAsync(ApiFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var (tables, containers) = await Lists.GetOrAdd(fixture.StorageOptions.ConnectionString ?? "", _ => ListAsync(fixture.StorageOptions));
        var reads = tables.Select(RowsAsync).Concat(containers.Select(BlobsAsync));
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, etag) in (await Task.WhenAll(reads)).SelectMany(r => r))
        {
            items[key] = etag;
        }

        return new StorageSnapshot(items);
    }

    /// <summary>What changed from <paramref name="before"/> to this snapshot; empty when nothing did.</summary>
    public IReadOnlyList<string> ChangesSince(StorageSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var added = _items.Keys.Where(k => !before._items.ContainsKey(k)).Select(k => "+ " + k);
        var removed = before._items.Keys.Where(k => !_items.ContainsKey(k)).Select(k => "- " + k);
        var changed = _items.Where(i => before._items.TryGetValue(i.Key, out var etag) && etag != i.Value).Select(i => "~ " + i.Key);
        return added.Concat(removed).Concat(changed).ToList();
    }

    private static async Task<(List<TableClient> Tables, List<BlobContainerClient> Containers)> ListAsync(ThiDuaStorageOptions options)
    {
        var tableService = new TableServiceClient(options.ConnectionString);
        var blobService = new BlobServiceClient(options.ConnectionString);
        var tables = new List<TableClient>();
        await foreach (var table in tableService.QueryAsync())
        {
            if (table.Name.StartsWith(options.TablePrefix, StringComparison.Ordinal)
                && table.Name != options.TablePrefix + "Audit" && table.Name != options.TablePrefix + "Outbox")
            {
                tables.Add(tableService.GetTableClient(table.Name));
            }
        }

        var containers = new List<BlobContainerClient>();
        await foreach (var container in blobService.GetBlobContainersAsync(prefix: options.ContainerPrefix))
        {
            containers.Add(blobService.GetBlobContainerClient(container.Name));
        }

        return (tables, containers);
    }

    private static async Task<List<KeyValuePair<string, string>>> RowsAsync(TableClient table)
    {
        var rows = new List<KeyValuePair<string, string>>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            // The confirmations row of ConfirmationOutbox (how far each unit's confirmations went, the sender's lease) belongs to the mail sender.
            if (row.RowKey != "confirmations")
            {
                rows.Add(new($"{table.Name}/{row.PartitionKey}/{row.RowKey}", row.ETag.ToString()));
            }
        }

        return rows;
    }

    private static async Task<List<KeyValuePair<string, string>>> BlobsAsync(BlobContainerClient container)
    {
        var items = new List<KeyValuePair<string, string>>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            items.Add(new($"{container.Name}/{blob.Name}", blob.Properties.ETag?.ToString() ?? ""));
        }

        return items;
    }
}
