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

    /// <summary>Azure SDK retries of the clients built from <see cref="ConnectionString"/> (and by the hosts for an identity-based account).</summary>
    public StorageRetryOptions Retry { get; set; } = new();

    /// <summary><see cref="TableServiceClient"/>, or a client on <see cref="ConnectionString"/> with <see cref="Retry"/>.</summary>
    /// <exception cref="ArgumentException">Neither is set.</exception>
    public TableServiceClient GetTableServiceClient() =>
        TableServiceClient
        ?? (ConnectionString is { Length: > 0 } c ? new TableServiceClient(c, Retry.ApplyTo(new TableClientOptions())) : null)
        ?? throw new ArgumentException("Set ConnectionString or TableServiceClient.");

    /// <summary><see cref="BlobServiceClient"/>, or a client on <see cref="ConnectionString"/> with <see cref="Retry"/>.</summary>
    /// <exception cref="ArgumentException">Neither is set.</exception>
    public BlobServiceClient GetBlobServiceClient() =>
        BlobServiceClient
        ?? (ConnectionString is { Length: > 0 } c ? new BlobServiceClient(c, Retry.ApplyTo(new BlobClientOptions())) : null)
        ?? throw new ArgumentException("Set ConnectionString or BlobServiceClient.");

    /// <summary><see cref="QueueServiceClient"/>, or a client on <see cref="ConnectionString"/> with base64 messages and <see cref="Retry"/>.</summary>
    /// <exception cref="ArgumentException">Neither is set.</exception>
    public QueueServiceClient GetQueueServiceClient() =>
        QueueServiceClient
        ?? (ConnectionString is { Length: > 0 } c
            ? new QueueServiceClient(c, Retry.ApplyTo(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }))
            : null)
        ?? throw new ArgumentException("Set ConnectionString or QueueServiceClient.");
}
