using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ThiDua.Storage;

/// <summary>
/// Where ThiDua keeps its records and documents. Give either <see cref="ConnectionString"/> or
/// both service clients (for example built with a managed identity in Azure).
/// </summary>
public sealed class ThiDuaStorageOptions
{
    /// <summary>Storage account connection string (Azurite's or a real account's).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table service client; takes precedence over <see cref="ConnectionString"/> for tables.</summary>
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>Blob service client; takes precedence over <see cref="ConnectionString"/> for blobs.</summary>
    public BlobServiceClient? BlobServiceClient { get; set; }

    /// <summary>Queue service client; takes precedence over <see cref="ConnectionString"/> for queues (<see cref="MailQueueClient"/>); build it with base64 message encoding.</summary>
    public QueueServiceClient? QueueServiceClient { get; set; }

    /// <summary>
    /// Prepended to every table name (letters and digits, starting with a letter, at most 40),
    /// so that environments and test classes sharing an account do not see each other's rows.
    /// </summary>
    public string TablePrefix { get; set; } = "ThiDua";

    /// <summary>
    /// Prepended with a '-' to every container name (lowercase letters and digits, at most 40);
    /// empty gives the plain names of <see cref="DocumentContainers"/>.
    /// </summary>
    public string ContainerPrefix { get; set; } = "";

    /// <summary>
    /// How many times a write that lost an optimistic-concurrency race (HTTP 412) is retried
    /// before giving up with a <see cref="Azure.RequestFailedException"/>.
    /// </summary>
    public int MaxConcurrencyRetries { get; set; } = 64;
}
