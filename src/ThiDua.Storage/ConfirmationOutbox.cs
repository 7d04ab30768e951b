using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>A confirmation email owed for a stored version (<see cref="IScoreSheets.SubmitAsync"/> owes it in the version's own transaction).</summary>
/// <param name="Sheet">The version to confirm.</param>
/// <param name="Attempts">How many times sending it failed.</param>
/// <param name="RetryAt">Not before this is it tried again after a failure.</param>
public sealed record PendingConfirmation(ScoreSheet Sheet, int Attempts, DateTimeOffset? RetryAt)
{
    /// <summary>Owed by a row of its own that a build before per-unit tracking wrote (see <see cref="ConfirmationOutbox"/>).</summary>
    internal bool EarlierRow { get; init; }
}

/// <summary>The right to send a campaign's confirmations until <see cref="Until"/>, held by one sender at a time.</summary>
/// <param name="BlocId">The bloc.</param>
/// <param name="Year">The campaign year.</param>
/// <param name="Until">When it lapses unless renewed.</param>
/// <param name="ETag">The lease row's version: renewing, recording and releasing are conditional on it.</param>
public sealed record ConfirmationLease(string BlocId, int Year, DateTimeOffset Until, ETag ETag)
{
    /// <summary>How far each unit's confirmations went, as the lease row held it when taken or last written.</summary>
    internal ImmutableDictionary<string, UnitConfirmations> Units { get; init; } = ImmutableDictionary<string, UnitConfirmations>.Empty;

    /// <summary>Who took it: the row may change under its holder (a sender that lost the lease records what it sent) and stay held.</summary>
    internal string Holder { get; init; } = "";
}

/// <summary>The confirmation emails owed for stored versions, and the lease of the one sender per campaign.</summary>
public interface IConfirmationOutbox
{
    /// <summary>The confirmations of the campaign not sent yet, by unit and version.</summary>
    Task<IReadOnlyList<PendingConfirmation>> ListPendingAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>The confirmations not sent yet as the holder of <paramref name="lease"/> sees them (nobody else records any).</summary>
    Task<IReadOnlyList<PendingConfirmation>> ListPendingAsync(ConfirmationLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the campaign's confirmation lease until <paramref name="until"/>; null while another sender
    /// holds one that has not lapsed at <paramref name="now"/>. Only the holder sends, so no message goes twice.
    /// </summary>
    Task<ConfirmationLease?> TryLeaseAsync(string blocId, int year, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Extends <paramref name="lease"/>; null when it was lost (it lapsed and another sender took it).</summary>
    Task<ConfirmationLease?> RenewLeaseAsync(ConfirmationLease lease, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gives <paramref name="lease"/> up (nothing happens when it was lost already).</summary>
    Task ReleaseLeaseAsync(ConfirmationLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records in one write that <paramref name="sent"/> went out (idempotent) and <paramref name="failed"/> failed once more,
    /// to be tried again from <paramref name="retryAt"/>, and extends the lease to <paramref name="until"/>, or gives it up
    /// when null. Returns the extended lease; null when given up, or when it was lost (what was sent is recorded all the same).
    /// </summary>
    Task<ConfirmationLease?> RecordAsync(
        ConfirmationLease lease, IReadOnlyList<PendingConfirmation> sent, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt, DateTimeOffset? until, CancellationToken cancellationToken = default);

    /// <summary>Every campaign with a confirmation not yet sent (a scan of the whole table, for recovery).</summary>
    Task<IReadOnlyList<(string BlocId, int Year)>> ListCampaignsWithPendingAsync(CancellationToken cancellationToken = default);
}

/// <summary>How far a unit's confirmations went.</summary>
/// <param name="Through">Every version up to this one went out (or had nobody to go to).</param>
/// <param name="Attempts">Failed attempts at the oldest version after <paramref name="Through"/>.</param>
/// <param name="RetryAt">Not before this is any of the unit's versions tried again after a failure.</param>
/// <param name="SentAbove">Versions after the oldest unconfirmed one that went out already (only after a failure).</param>
internal sealed record UnitConfirmations(int Through, int Attempts, DateTimeOffset? RetryAt, ImmutableSortedSet<int> SentAbove)
{
    public static readonly UnitConfirmations None = new(0, 0, null, []);

    public bool Owes(int version) => version > Through && !SentAbove.Contains(version);

    /// <summary>This state after <paramref name="sent"/> went out and <paramref name="failed"/> failed (versions of this unit).</summary>
    public UnitConfirmations After(IEnumerable<int> sent, IReadOnlyCollection<int> failed, DateTimeOffset retryAt)
    {
        var done = SentAbove.Union(sent.Where(v => v > Through));
        var through = Through;
        while (done.Contains(through + 1))
        {
            done = done.Remove(++through);
        }

        var attempts = through == Through ? Attempts : 0;
        return failed.Count == 0
            ? new(through, attempts, null, done)
            : new(through, failed.Contains(through + 1) ? attempts + 1 : attempts, retryAt, done);
    }
}

/// <summary>
/// Confirmations are tracked per unit, not per version: a submission writes nothing of its own for its confirmation
/// (<see cref="ScoreSheets"/> keeps each unit's latest version on the gate row of the campaign, in the submission's
/// transaction), and the row <c>confirmations</c> of the campaign's partition of table <c>Scores</c> holds how far
/// each unit's confirmations went (<c>c_{unit}</c>: confirmed through version n; <c>f_{unit}</c>: failures, as JSON)
/// and the lease of the campaign's one sender (Until, Holder). What is owed is every version between the two. Only the
/// lease holder writes the row, once per batch of messages and conditionally on the row's ETag, so two senders
/// never both send a version and a sender that lost its lease cannot move a unit back.
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="sheets">The score sheets of this process, whose kept versions spare reading them back.</param>
public sealed class ConfirmationOutbox(ThiDuaStorage storage, ScoreSheets sheets) : IConfirmationOutbox
{
    private const string Row = "confirmations";
    private const string ThroughPrefix = "c_";
    private const string FailuresPrefix = "f_";
    private const string UntilColumn = "Until";
    private const string HolderColumn = "Holder";

    // Builds before per-unit tracking owed each version's confirmation by a row of its own, confirm:{unit}:{version:D6}
    // (the version row's columns, Attempts, RetryAt), deleted once its email went out. One still there when this build
    // starts (an upgrade during scoring) is owed all the same: its lease holder sends it like the others, then deletes it.
    private const string EarlierPrefix = "confirm:";
    private readonly TableClient _table = storage.Table(StorageTable.Scores);

    // Versions an earlier build stored, met by this process's sender: recorded as done with its next write.
    private readonly ConcurrentDictionary<string, ImmutableHashSet<(string Unit, int Version)>> _earlier = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PendingConfirmation>> ListPendingAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        return await PendingAsync(pk, Units(await _table.GetOrNullAsync(pk, Row, cancellationToken)), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PendingConfirmation>> ListPendingAsync(ConfirmationLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return await PendingAsync(Keys.Campaign(lease.BlocId, lease.Year), lease.Units, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ConfirmationLease?> TryLeaseAsync(string blocId, int year, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var row = await _table.GetOrNullAsync(pk, Row, cancellationToken);
        if (row?.GetDateTimeOffset(UntilColumn) > now)
        {
            return null;
        }

        var units = Units(row);
        var holder = Guid.NewGuid().ToString("N");
        try
        {
            var entity = Entity(pk, units, until, holder);
            var response = row is null
                ? await _table.AddEntityAsync(entity, cancellationToken)
                : await _table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return new ConfirmationLease(blocId, year, until, response.Headers.ETag ?? ETag.All) { Units = units, Holder = holder };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public Task<ConfirmationLease?> RenewLeaseAsync(ConfirmationLease lease, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        RecordAsync(lease, [], [], until, until, cancellationToken);

    /// <inheritdoc/>
    public async Task ReleaseLeaseAsync(ConfirmationLease lease, CancellationToken cancellationToken = default) =>
        await RecordAsync(lease, [], [], DateTimeOffset.UnixEpoch, null, cancellationToken);

    /// <inheritdoc/>
    public async Task<ConfirmationLease?> RecordAsync(
        ConfirmationLease lease, IReadOnlyList<PendingConfirmation> sent, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(failed);
        var pk = Keys.Campaign(lease.BlocId, lease.Year);
        await RecordEarlierRowsAsync(pk, sent, failed, retryAt, cancellationToken);
        (sent, failed) = (sent.Where(p => !p.EarlierRow).ToList(), failed.Where(p => !p.EarlierRow).ToList());
        var earlier = _earlier.TryRemove(pk, out var found) ? found : [];
        var done = sent.Select(p => (p.Sheet.UnitId, p.Sheet.Version)).Concat(earlier).ToList();
        var (units, etag, held, kept) = (After(lease.Units, done, failed, retryAt), lease.ETag, true, (Until: DateTimeOffset.UnixEpoch, Holder: ""));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var entity = held ? Entity(pk, units, until ?? DateTimeOffset.UnixEpoch, lease.Holder) : Entity(pk, units, kept.Until, kept.Holder);
                var response = await _table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
                Forget(pk, units);
                return held && until is { } renewed ? lease with { Until = renewed, ETag = response.Headers.ETag ?? ETag.All, Units = units } : null;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < 20)
            {
                // The row changed: a sender that lost the lease recorded what it sent (the lease is still this
                // holder's), or the lease lapsed and another took it. Either way what went out is recorded on the
                // row as it is now, never moving a unit back, so that nobody sends it again.
                var row = await _table.GetOrNullAsync(pk, Row, cancellationToken);
                if (row is null)
                {
                    return null;
                }

                held = held && string.Equals(row.GetString(HolderColumn), lease.Holder, StringComparison.Ordinal);
                kept = (row.GetDateTimeOffset(UntilColumn) ?? DateTimeOffset.UnixEpoch, row.GetString(HolderColumn) ?? "");
                (units, etag) = (After(Units(row), done, failed, retryAt), row.ETag);
                if (!held && done.Count == 0 && failed.Count == 0)
                {
                    return null;
                }

                await TableExtensions.BackoffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<(string BlocId, int Year)>> ListCampaignsWithPendingAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {Gate.OpenRow} or RowKey eq {Gate.ClosedRow} or RowKey eq {Row} or (RowKey ge {EarlierPrefix} and RowKey lt {Keys.PrefixEnd(EarlierPrefix)})");
        var earlierRows = new HashSet<string>(StringComparer.Ordinal);
        var heads = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var confirmed = new Dictionary<string, ImmutableDictionary<string, UnitConfirmations>>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(EarlierPrefix, StringComparison.Ordinal))
            {
                earlierRows.Add(row.PartitionKey);
            }
            else if (row.RowKey == Row)
            {
                confirmed[row.PartitionKey] = Units(row);
            }
            else
            {
                heads[row.PartitionKey] = ScoreSheets.Heads(row);
            }
        }

        return heads
            .Where(c => c.Value.Any(h => Owes(confirmed.GetValueOrDefault(c.Key), h.Key, h.Value)))
            .Select(c => c.Key)
            .Union(earlierRows)
            .Order(StringComparer.Ordinal)
            .Select(pk => pk.Split(':'))
            .Select(parts => (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static bool Owes(ImmutableDictionary<string, UnitConfirmations>? units, string unit, int head)
    {
        var state = units?.GetValueOrDefault(unit) ?? UnitConfirmations.None;
        return Enumerable.Range(state.Through + 1, Math.Max(0, head - state.Through)).Any(state.Owes);
    }

    /// <summary>What is owed: every unit's versions after how far its confirmations went, up to its latest on the gate row.</summary>
    private async Task<IReadOnlyList<PendingConfirmation>> PendingAsync(string pk, ImmutableDictionary<string, UnitConfirmations> units, CancellationToken cancellationToken)
    {
        var owed = ScoreSheets.Heads(await Gate.ReadAsync(_table, pk, cancellationToken))
            .Select(h => (Unit: h.Key, Head: h.Value, State: units.GetValueOrDefault(h.Key) ?? UnitConfirmations.None))
            .Where(u => Owes(units, u.Unit, u.Head))
            .OrderBy(u => u.Unit, StringComparer.Ordinal)
            .ToList();
        var versions = await Task.WhenAll(owed.Select(u => sheets.VersionsBetweenAsync(pk, u.Unit, u.State.Through, u.Head, cancellationToken)));

        // A version an earlier build stored (a province upgraded during scoring) had its own confirmation row, sent by that
        // build: it counts as done here, so that a unit's next version does not mail its earlier ones again.
        var earlier = owed.Zip(versions).SelectMany(u => u.Second.Where(v => !v.Owed).Select(v => (u.First.Unit, v.Sheet.Version))).ToList();
        if (earlier.Count > 0)
        {
            _earlier.AddOrUpdate(pk, _ => [.. earlier], (_, known) => known.Union(earlier));
        }

        var earlierRows = (await _table.QueryPrefixAsync(pk, EarlierPrefix, cancellationToken))
            .Select(r => new PendingConfirmation(JsonColumns.Read<ScoreSheet>(r), r.GetInt32("Attempts") ?? 0, r.GetDateTimeOffset("RetryAt")) { EarlierRow = true });
        return earlierRows.Concat(owed.Zip(versions)
            .SelectMany(u => u.Second
                .Where(v => v.Owed && u.First.State.Owes(v.Sheet.Version))
                .Select(v => new PendingConfirmation(v.Sheet, v.Sheet.Version == u.First.State.Through + 1 ? u.First.State.Attempts : 0, u.First.State.RetryAt))))
            .ToList();
    }

    /// <summary>Deletes the rows of an earlier build whose confirmation went out, and counts a failed attempt on the others.</summary>
    private async Task RecordEarlierRowsAsync(
        string pk, IReadOnlyList<PendingConfirmation> sent, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        foreach (var pending in sent.Where(p => p.EarlierRow))
        {
            await IgnoringGoneAsync(_table.DeleteEntityAsync(pk, EarlierKey(pending.Sheet), ETag.All, cancellationToken));
        }

        foreach (var pending in failed.Where(p => p.EarlierRow))
        {
            var columns = new TableEntity(pk, EarlierKey(pending.Sheet)) { ["Attempts"] = pending.Attempts + 1, ["RetryAt"] = retryAt };
            await IgnoringGoneAsync(_table.UpdateEntityAsync(columns, ETag.All, TableUpdateMode.Merge, cancellationToken));
        }

        static string EarlierKey(ScoreSheet sheet) => Keys.Join(EarlierPrefix + sheet.UnitId, Keys.Version(sheet.Version));
    }

    /// <summary>A row deleted already was sent by a sender that lost the lease and finished late: nothing left to do.</summary>
    private static async Task IgnoringGoneAsync(Task<Response> write)
    {
        try
        {
            await write;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already.
        }
    }

    private static ImmutableDictionary<string, UnitConfirmations> After(
        ImmutableDictionary<string, UnitConfirmations> units, IReadOnlyList<(string Unit, int Version)> sent, IReadOnlyList<PendingConfirmation> failed, DateTimeOffset retryAt)
    {
        var sentByUnit = sent.ToLookup(p => p.Unit, p => p.Version, StringComparer.Ordinal);
        var failedByUnit = failed.ToLookup(p => p.Sheet.UnitId, p => p.Sheet.Version, StringComparer.Ordinal);
        foreach (var unit in sentByUnit.Select(g => g.Key).Union(failedByUnit.Select(g => g.Key), StringComparer.Ordinal))
        {
            var state = units.GetValueOrDefault(unit) ?? UnitConfirmations.None;
            units = units.SetItem(unit, state.After(sentByUnit[unit], failedByUnit[unit].ToList(), retryAt));
        }

        return units;
    }

    /// <summary>Lets this process's score sheets drop the versions confirmed now.</summary>
    private void Forget(string pk, ImmutableDictionary<string, UnitConfirmations> units)
    {
        foreach (var (unit, state) in units)
        {
            sheets.Confirmed(pk, unit, state.Through);
        }
    }

    private static ImmutableDictionary<string, UnitConfirmations> Units(TableEntity? row)
    {
        var units = ImmutableDictionary.CreateBuilder<string, UnitConfirmations>(StringComparer.Ordinal);
        foreach (var (name, value) in row ?? new TableEntity())
        {
            if (UnitColumns.UnitOf(ThroughPrefix, name) is { } unit && value is int through)
            {
                var failures = row!.GetString(UnitColumns.Name(FailuresPrefix, unit)) is { } json
                    ? JsonSerializer.Deserialize<Failures>(json, JsonColumns.Options)
                    : null;
                units[unit] = failures is null
                    ? UnitConfirmations.None with { Through = through }
                    : new(through, failures.Attempts, failures.RetryAt, [.. failures.SentAbove]);
            }
        }

        return units.ToImmutable();
    }

    private static TableEntity Entity(string pk, ImmutableDictionary<string, UnitConfirmations> units, DateTimeOffset until, string holder)
    {
        var entity = new TableEntity(pk, Row) { [UntilColumn] = until, [HolderColumn] = holder };
        foreach (var (unit, state) in units)
        {
            entity[UnitColumns.Name(ThroughPrefix, unit)] = state.Through;
            if (state.Attempts > 0 || state.RetryAt is not null || !state.SentAbove.IsEmpty)
            {
                entity[UnitColumns.Name(FailuresPrefix, unit)] = JsonSerializer.Serialize(new Failures(state.Attempts, state.RetryAt, [.. state.SentAbove]), JsonColumns.Options);
            }
        }

        return entity;
    }

    /// <summary>The part of <see cref="UnitConfirmations"/> kept only after a failure.</summary>
    private sealed record Failures(int Attempts, DateTimeOffset? RetryAt, int[] SentAbove);
}
