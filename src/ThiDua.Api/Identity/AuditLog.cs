using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using ThiDua.Storage;

namespace ThiDua.Api.Identity;

/// <summary>One state-changing call: who, what, when, and how it ended. Never a body, a secret or a ballot's content.</summary>
/// <param name="At">When the response was decided.</param>
/// <param name="Caller">The caller (<see cref="Caller.ToString"/>: admin, anonymous or unit bloc/unit).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path (ids only; truncated to 256 characters).</param>
/// <param name="Status">Response status code.</param>
/// <param name="CorrelationId">The request's trace id, to find it in the logs.</param>
public sealed record AuditEntry(DateTimeOffset At, string Caller, string Method, string Path, int Status, string CorrelationId);

/// <summary>The append-only audit trail of state-changing calls.</summary>
public interface IAuditLog
{
    /// <summary>Creates the table if needed; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends an entry (insert only; entries are never updated or deleted by the application).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The entries of one UTC day, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(DateOnly day, CancellationToken cancellationToken = default);
}

/// <summary>Table <c>{prefix}Audit</c>: PK the UTC day (<c>yyyyMMdd</c>), RK ticks and a random suffix, insert only.</summary>
public sealed class AuditLog : IAuditLog
{
    private const int MaxPath = 256;
    private readonly TableClient _table;

    /// <summary>Uses the account and table prefix of <paramref name="options"/>.</summary>
    public AuditLog(ThiDuaStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = options.GetTableServiceClient();
        _table = service.GetTableClient(options.TablePrefix + "Audit");
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.At.ToUniversalTime();
        var row = new TableEntity(Day(DateOnly.FromDateTime(at.UtcDateTime)), string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks:D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"))
        {
            ["At"] = at,
            ["Caller"] = entry.Caller,
            ["Method"] = entry.Method,
            ["Path"] = entry.Path.Length > MaxPath ? entry.Path[..MaxPath] : entry.Path,
            ["Status"] = entry.Status,
            ["CorrelationId"] = entry.CorrelationId,
        };
        await _table.AddEntityAsync(row, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Day(day)}"), cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(
                row.GetDateTimeOffset("At") ?? default,
                row.GetString("Caller") ?? "",
                row.GetString("Method") ?? "",
                row.GetString("Path") ?? "",
                row.GetInt32("Status") ?? 0,
                row.GetString("CorrelationId") ?? ""));
        }

        return entries;
    }

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
