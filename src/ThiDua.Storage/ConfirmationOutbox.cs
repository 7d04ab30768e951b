using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>A confirmation email owed for a stored version; written in the submission's own transaction (<see cref="IScoreSheets.SubmitAsync"/>).</summary>
/// <param name="Sheet">The version to confirm.</param>
/// <param name="Attempts">How many times sending it failed.</param>
/// <param name="RetryAt">Not before this is it tried again after a failure.</param>
public sealed record PendingConfirmation(ScoreSheet Sheet, int Attempts, DateTimeOffset? RetryAt);

/// <summary>The right to send a campaign's confirmations until <see cref="Until"/>, held by one sender at a time.</summary>
/// <param name="BlocId">The bloc.</param>
/// <param name="Year">The campaign year.</param>
/// <param name="Until">When it lapses unless renewed.</param>
/// <param name="ETag">The lease row's version: renewing and releasing are conditional on it.</param>
public sealed record ConfirmationLease(string BlocId, int Year, DateTimeOffset Until, ETag ETag);

/// <summary>The confirmation emails owed for stored versions, and the lease of the one sender per campaign.</summary>
public interface IConfirmationOutbox
{
    /// <summary>The confirmations of the campaign not sent yet, by unit and version (one range query).</summary>
    Task<IReadOnlyList<PendingConfirmation>> ListPendingAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the campaign's confirmation lease until <paramref name="until"/>; null while another sender
    /// holds one that has not lapsed at <paramref name="now"/>. Only the holder sends, so no message goes twice.
    /// </summary>
    Task<ConfirmationLease?> TryLeaseAsync(string blocId, int year, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Extends <paramref name="lease"/>; null when it was lost (it lapsed and another sender took it).</summary>
    Task<ConfirmationLease?> RenewLeaseAsync(ConfirmationLease lease, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gives <paramref name="lease"/> up (nothing happens when it was lost already).</summary>
    Task ReleaseLeaseAsync(ConfirmationLease lease, CancellationToken cancellationToken = default);

    /// <summary>Removes the confirmations of <paramref name="sent"/>, which went out (idempotent).</summary>
    Task CompleteAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> sent, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed attempt at each of <paramref name="failed"/>, to be tried again from <paramref name="retryAt"/>.</summary>
    Task MarkFailedAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>Every campaign with a confirmation not yet sent (a scan of the whole table, for recovery).</summary>
    Task<IReadOnlyList<(string BlocId, int Year)>> ListCampaignsWithPendingAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Rows of table <c>Scores</c>, one partition per campaign (PK <c>{blocId}:{year}</c>):
/// <list type="bullet">
/// <item><c>confirm:{unitId}:{version:D6}</c>: the version row again (<see cref="ScoreSheets"/>), until its confirmation
/// email went out; Attempts, RetryAt. Inserted by the submission's own transaction (<see cref="AddPending"/>), so no
/// stored version goes without one;</item>
/// <item><c>confirm-lease</c>: Until, held by the one sender of the campaign's confirmations.</item>
/// </list>
/// </summary>
public sealed class ConfirmationOutbox(ThiDuaStorage storage) : IConfirmationOutbox
{
    private const string LeaseRow = "confirm-lease";
    private const string ConfirmPrefix = "confirm:";
    private readonly TableClient _table = storage.Table(StorageTable.Scores);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PendingConfirmation>> ListPendingAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), ConfirmPrefix, cancellationToken);
        return rows.Select(r => new PendingConfirmation(JsonColumns.Read<ScoreSheet>(r), r.GetInt32("Attempts") ?? 0, r.GetDateTimeOffset("RetryAt"))).ToList();
    }

    /// <inheritdoc/>
    public async Task<ConfirmationLease?> TryLeaseAsync(string blocId, int year, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var row = await _table.GetOrNullAsync(pk, LeaseRow, cancellationToken);
        if (row?.GetDateTimeOffset("Until") > now)
        {
            return null;
        }

        var lease = new TableEntity(pk, LeaseRow) { ["Until"] = until };
        try
        {
            var response = row is null
                ? await _table.AddEntityAsync(lease, cancellationToken)
                : await _table.UpdateEntityAsync(lease, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return new ConfirmationLease(blocId, year, until, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<ConfirmationLease?> RenewLeaseAsync(ConfirmationLease lease, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            var response = await _table.UpdateEntityAsync(
                new TableEntity(Keys.Campaign(lease.BlocId, lease.Year), LeaseRow) { ["Until"] = until }, lease.ETag, TableUpdateMode.Replace, cancellationToken);
            return lease with { Until = until, ETag = response.Headers.ETag ?? ETag.All };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task ReleaseLeaseAsync(ConfirmationLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            await _table.DeleteEntityAsync(Keys.Campaign(lease.BlocId, lease.Year), LeaseRow, lease.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Lost already: the row is another sender's now.
        }
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> sent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var pk = Keys.Campaign(blocId, year);
        foreach (var chunk in sent.Chunk(TableExtensions.MaxTransactionActions))
        {
            var keys = chunk.Select(p => ConfirmKey(p.Sheet.UnitId, p.Sheet.Version)).ToList();
            try
            {
                await _table.SubmitTransactionAsync(keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, k), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // One was removed already (a sender that lost its lease finished late): the rest one by one.
                foreach (var key in keys)
                {
                    await _table.DeleteEntityAsync(pk, key, ETag.All, cancellationToken);
                }
            }
        }
    }

    /// <inheritdoc/>
    public Task MarkFailedAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt, CancellationToken cancellationToken = default) =>
        MergeAsync(blocId, year, failed, p => new() { ["Attempts"] = p.Attempts + 1, ["RetryAt"] = retryAt }, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<(string BlocId, int Year)>> ListCampaignsWithPendingAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {ConfirmPrefix} and RowKey lt {Keys.PrefixEnd(ConfirmPrefix)}");
        var campaigns = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            campaigns.Add(row.PartitionKey);
        }

        return campaigns
            .Select(pk => pk.Split(':'))
            .Select(parts => (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Merges columns into the confirmation rows of <paramref name="confirmations"/>, a transaction per hundred.</summary>
    private async Task MergeAsync(string blocId, int year, IReadOnlyList<PendingConfirmation> confirmations, Func<PendingConfirmation, Dictionary<string, object>> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirmations);
        var pk = Keys.Campaign(blocId, year);
        foreach (var chunk in confirmations.Chunk(TableExtensions.MaxTransactionActions))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(p => new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(columns(p)) { PartitionKey = pk, RowKey = ConfirmKey(p.Sheet.UnitId, p.Sheet.Version) },
                    ETag.All)),
                cancellationToken);
        }
    }

    /// <summary>
    /// The insert of the confirmation owed for the version stored by <paramref name="versionRow"/>, for the
    /// version's own transaction: the same columns under the confirmation's key, no attempt made yet.
    /// </summary>
    internal static TableTransactionAction AddPending(TableEntity versionRow, ScoreSheet sheet)
    {
        var confirmation = new TableEntity(versionRow) { RowKey = ConfirmKey(sheet.UnitId, sheet.Version) };
        confirmation["Attempts"] = 0;
        return new(TableTransactionActionType.Add, confirmation);
    }

    private static string ConfirmKey(string unitId, int version) =>
        Keys.Join(ConfirmPrefix + unitId, Keys.Version(version));
}
