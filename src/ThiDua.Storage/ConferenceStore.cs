using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>The year-end conference of a campaign as recorded: who opened it, and when and how it closed.</summary>
/// <param name="OpenedAt">When the chair opened it.</param>
/// <param name="OpenedBy">The chair's unit id, or null for council staff.</param>
/// <param name="ClosedAt">When it closed, or null while open.</param>
/// <param name="ClosedBy">The chair's unit id when the chair closed it; null for council staff or the bound.</param>
/// <param name="ClosedByBound">True when nobody closed it and its time bound did, with what had been recorded.</param>
public sealed record ConferenceRecord(DateTimeOffset? OpenedAt, string? OpenedBy, DateTimeOffset? ClosedAt = null, string? ClosedBy = null, bool ClosedByBound = false)
{
    /// <summary>True once opened and not closed.</summary>
    public bool IsOpen => OpenedAt is not null && ClosedAt is null;
}

/// <summary>A unit's recorded presence.</summary>
/// <param name="UnitId">The member unit.</param>
/// <param name="Attendance">Present, represented or absent.</param>
public sealed record AttendanceEntry(string UnitId, Attendance Attendance);

/// <summary>
/// The year-end election's facts that are not ballots: nominations (both modes), and in conference mode the
/// conference itself, attendance, and the chair's requests to open and close rounds. The API writes them; the
/// workflow reads them when woken, so storage stays the source of truth.
/// </summary>
public interface IConferenceStore
{
    /// <summary>The conference of the campaign, or null when never opened nor closed.</summary>
    Task<ConferenceRecord?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>Opens the conference once; returns the record as stored (the first opening stands).</summary>
    Task<ConferenceRecord> OpenAsync(string blocId, int year, string? chairUnitId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Closes the conference once (also one never opened, by its bound); returns the record and whether this call closed it.</summary>
    Task<(ConferenceRecord Record, bool Closed)> CloseAsync(string blocId, int year, string? chairUnitId, bool byBound, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records the presence of the listed units (later entries replace earlier ones of the same unit).</summary>
    Task SetAttendanceAsync(string blocId, int year, IReadOnlyList<AttendanceEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Every recorded presence, ordered by unit id; units never recorded are absent.</summary>
    Task<IReadOnlyList<AttendanceEntry>> ListAttendanceAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>Nominates a unit once; a repeat returns the first nomination. Returns it and whether it is new.</summary>
    Task<(Nomination Nomination, bool Created)> NominateAsync(string blocId, int year, VotePurpose purpose, string unitId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records that the nominee declined (once; a repeat keeps the first time). Null when it was never nominated.</summary>
    Task<Nomination?> DeclineAsync(string blocId, int year, VotePurpose purpose, string unitId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every nomination of the campaign, declined ones included, in nomination order.</summary>
    Task<IReadOnlyList<Nomination>> ListNominationsAsync(string blocId, int year, CancellationToken cancellationToken = default);

    /// <summary>The chair's request to open round <paramref name="roundKey"/> (insert once): true when this call made it.</summary>
    Task<bool> RequestOpenAsync(string blocId, int year, string roundKey, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The chair's request to close round <paramref name="roundKey"/> (insert once): true when this call made it.</summary>
    Task<bool> RequestCloseAsync(string blocId, int year, string roundKey, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>When the chair asked to open (or close, with <paramref name="close"/>) the round, or null.</summary>
    Task<DateTimeOffset?> GetRequestAsync(string blocId, int year, string roundKey, bool close, CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>Conferences</c>, PK <c>{blocId}:{year}</c>; RK <c>conference</c>, <c>attendance:{unitId}</c>,
/// <c>nomination:{purpose}:{unitId}</c>, <c>open:{roundKey}</c>, <c>close:{roundKey}</c>.
/// </summary>
public sealed class ConferenceStore(ThiDuaStorage storage) : IConferenceStore
{
    private const string ConferenceRow = "conference";
    private const string AttendancePrefix = "attendance:";
    private const string NominationPrefix = "nomination:";
    private const int MaxBatch = 100;
    private readonly TableClient _table = storage.Table(StorageTable.Conferences);

    /// <inheritdoc/>
    public async Task<ConferenceRecord?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Campaign(blocId, year), ConferenceRow, cancellationToken);
        return row is null ? null : JsonColumns.Read<ConferenceRecord>(row);
    }

    /// <inheritdoc/>
    public async Task<ConferenceRecord> OpenAsync(string blocId, int year, string? chairUnitId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var opened = new ConferenceRecord(at, chairUnitId);
        var row = new TableEntity(pk, ConferenceRow);
        JsonColumns.Write(row, opened);
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return opened;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await GetAsync(blocId, year, cancellationToken) ?? throw new InvalidOperationException($"Conference {pk} conflicted but cannot be read.", e);
        }
    }

    /// <inheritdoc/>
    public async Task<(ConferenceRecord Record, bool Closed)> CloseAsync(string blocId, int year, string? chairUnitId, bool byBound, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        while (true)
        {
            var row = await _table.GetOrNullAsync(pk, ConferenceRow, cancellationToken);
            var current = row is null ? new ConferenceRecord(null, null) : JsonColumns.Read<ConferenceRecord>(row);
            if (current.ClosedAt is not null)
            {
                return (current, false);
            }

            var closed = current with { ClosedAt = at, ClosedBy = byBound ? null : chairUnitId, ClosedByBound = byBound };
            var entity = new TableEntity(pk, ConferenceRow);
            JsonColumns.Write(entity, closed);
            try
            {
                if (row is null)
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return (closed, true);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Someone opened or closed it meanwhile: read again.
            }
        }
    }

    /// <inheritdoc/>
    public async Task SetAttendanceAsync(string blocId, int year, IReadOnlyList<AttendanceEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var pk = Keys.Campaign(blocId, year);
        var latest = entries.GroupBy(e => e.UnitId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        foreach (var chunk in latest.Chunk(MaxBatch))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(pk, AttendancePrefix + Keys.Id(e.UnitId, nameof(entries))) { ["Attendance"] = e.Attendance.ToString() })),
                cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AttendanceEntry>> ListAttendanceAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), AttendancePrefix, cancellationToken);
        return rows.Select(r => new AttendanceEntry(r.RowKey[AttendancePrefix.Length..], Enum.Parse<Attendance>(r.GetString("Attendance"))))
            .OrderBy(e => e.UnitId, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc/>
    public async Task<(Nomination Nomination, bool Created)> NominateAsync(string blocId, int year, VotePurpose purpose, string unitId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var rk = NominationKey(purpose, unitId);
        var nomination = new Nomination(purpose, unitId, at);
        var row = new TableEntity(pk, rk);
        JsonColumns.Write(row, nomination);
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return (nomination, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await _table.GetOrNullAsync(pk, rk, cancellationToken) ?? throw new InvalidOperationException($"Nomination {pk}/{rk} conflicted but cannot be read.", e);
            return (JsonColumns.Read<Nomination>(existing), false);
        }
    }

    /// <inheritdoc/>
    public async Task<Nomination?> DeclineAsync(string blocId, int year, VotePurpose purpose, string unitId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var rk = NominationKey(purpose, unitId);
        while (true)
        {
            if (await _table.GetOrNullAsync(pk, rk, cancellationToken) is not { } row)
            {
                return null;
            }

            var nomination = JsonColumns.Read<Nomination>(row);
            if (nomination.Declined)
            {
                return nomination;
            }

            var declined = nomination with { DeclinedAt = at };
            var entity = new TableEntity(pk, rk);
            JsonColumns.Write(entity, declined);
            try
            {
                await _table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return declined;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Declined concurrently: read again.
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Nomination>> ListNominationsAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Campaign(blocId, year), NominationPrefix, cancellationToken);
        return rows.Select(JsonColumns.Read<Nomination>)
            .OrderBy(n => n.NominatedAt).ThenBy(n => n.UnitId, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc/>
    public Task<bool> RequestOpenAsync(string blocId, int year, string roundKey, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RequestAsync(blocId, year, RequestKey(roundKey, close: false), at, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> RequestCloseAsync(string blocId, int year, string roundKey, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RequestAsync(blocId, year, RequestKey(roundKey, close: true), at, cancellationToken);

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> GetRequestAsync(string blocId, int year, string roundKey, bool close, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Campaign(blocId, year), RequestKey(roundKey, close), cancellationToken);
        return row?.GetDateTimeOffset("At");
    }

    private async Task<bool> RequestAsync(string blocId, int year, string rowKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(Keys.Campaign(blocId, year), rowKey) { ["At"] = at }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private static string RequestKey(string roundKey, bool close) => (close ? "close:" : "open:") + Keys.Id(roundKey, nameof(roundKey));

    private static string NominationKey(VotePurpose purpose, string unitId) =>
        Keys.Join(NominationPrefix + purpose.ToString().ToLowerInvariant(), Keys.Id(unitId, nameof(unitId)));
}
