using ThiDua.Azurite;

namespace ThiDua.Bench.Scenarios.Cost;

/// <summary>Who made a storage request: the durable engine (its task hub's queues, tables and containers) or ThiDua itself.</summary>
internal enum StorageOwner
{
    Engine,
    Application,
}

/// <summary>
/// The price class a request is billed in (Azure Storage, general-purpose v2): blob writes, blob
/// list and create-container operations, blob reads, other blob operations (leases, properties),
/// free ones (deletes), queue operations and table transactions.
/// </summary>
internal enum BillingClass
{
    BlobWrite,
    BlobListOrCreate,
    BlobRead,
    BlobOther,
    Free,
    Queue,
    Table,
}

/// <summary>Requests of one service, owner and billing class (a table batch counts once: it is one request).</summary>
internal sealed record StorageOpsRow(StorageService Service, StorageOwner Owner, BillingClass Class, double Requests);

/// <summary>
/// Counted storage requests (from Azurite's preload) grouped by service, owner and billing class.
/// A request belongs to the engine when the resource it touches carries the task hub's name (the
/// Azure Storage provider names every queue, table and container after it: hub-control-00,
/// hub-workitems, hubHistory, hubInstances, hub-leases…); everything else is ThiDua's own.
/// </summary>
internal sealed class StorageOps
{
    StorageOps(IReadOnlyList<StorageOpsRow> rows) => this.Rows = rows;

    public IReadOnlyList<StorageOpsRow> Rows { get; }

    public double Total => this.Rows.Sum(r => r.Requests);

    public double Of(StorageService service) => this.Rows.Where(r => r.Service == service).Sum(r => r.Requests);

    public double Of(StorageOwner owner) => this.Rows.Where(r => r.Owner == owner).Sum(r => r.Requests);

    public double Of(BillingClass billingClass) => this.Rows.Where(r => r.Class == billingClass).Sum(r => r.Requests);

    /// <summary>What was counted between two readings of the same Azurite.</summary>
    public static StorageOps Between(IReadOnlyList<StorageRequestCount> before, IReadOnlyList<StorageRequestCount> after, string taskHubName)
    {
        var earlier = before.ToDictionary(Key, c => c.Requests);
        var rows = after
            .Select(c => (Count: c, Requests: c.Requests - earlier.GetValueOrDefault(Key(c))))
            .Where(c => c.Requests > 0)
            .GroupBy(c => (c.Count.Service, Owner: OwnerOf(c.Count, taskHubName), Class: ClassOf(c.Count)))
            .Select(g => new StorageOpsRow(g.Key.Service, g.Key.Owner, g.Key.Class, g.Sum(c => c.Requests)))
            .ToList();
        return new StorageOps(rows);
    }

    /// <summary>These counts scaled by <paramref name="factor"/> (a rate from a window, a share of a run).</summary>
    public StorageOps Scaled(double factor) => new(this.Rows.Select(r => r with { Requests = r.Requests * factor }).ToList());

    /// <summary>These counts less <paramref name="other"/>'s, kind by kind, never below zero.</summary>
    public StorageOps Minus(StorageOps other)
    {
        var subtract = other.Rows.ToDictionary(r => (r.Service, r.Owner, r.Class), r => r.Requests);
        return new(this.Rows.Select(r => r with { Requests = Math.Max(0, r.Requests - subtract.GetValueOrDefault((r.Service, r.Owner, r.Class))) }).ToList());
    }

    /// <summary>Each kind of request counted between two readings, the most frequent first (for the log: where the requests go).</summary>
    public static IEnumerable<StorageRequestCount> Kinds(IReadOnlyList<StorageRequestCount> before, IReadOnlyList<StorageRequestCount> after)
    {
        var earlier = before.ToDictionary(Key);
        return after
            .Select(c => earlier.TryGetValue(Key(c), out var b) ? c with { Requests = c.Requests - b.Requests, Operations = c.Operations - b.Operations } : c)
            .Where(c => c.Requests > 0)
            .OrderByDescending(c => c.Requests);
    }

    static string Key(StorageRequestCount c) => string.Join('|', c.Service, c.Method, c.Path, c.Comp, c.Restype, c.Status, c.BatchTable);

    internal static StorageOwner OwnerOf(StorageRequestCount count, string taskHubName) =>
        count.Resource.StartsWith(taskHubName, StringComparison.OrdinalIgnoreCase) ? StorageOwner.Engine : StorageOwner.Application;

    /// <summary>
    /// The price class of a request, after Azure's blob operation billing: PUT of a blob or block,
    /// block list, metadata or properties is a write; creating a container and listing are the
    /// list-and-create class; GET and HEAD of a blob or container are reads; leases and the rest are
    /// "other"; deletes are free. Queue and table requests each have one class here (see AzurePrices).
    /// </summary>
    internal static BillingClass ClassOf(StorageRequestCount count) => count.Service switch
    {
        StorageService.Queue => BillingClass.Queue,
        StorageService.Table => BillingClass.Table,
        _ when count.Method == "DELETE" => BillingClass.Free,
        _ when count.Comp == "list" || (count.Method == "PUT" && count.Restype == "container" && count.Comp.Length == 0) => BillingClass.BlobListOrCreate,
        _ when count.Comp == "lease" => BillingClass.BlobOther,
        _ when count.Method == "PUT" => BillingClass.BlobWrite,
        _ when count.Method is "GET" or "HEAD" => BillingClass.BlobRead,
        _ => BillingClass.BlobOther,
    };
}
