using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>A year's criteria while they are prepared: replaced freely until the campaign is launched with them.</summary>
/// <param name="Criteria">The table as last saved.</param>
/// <param name="SavedAt">When it was saved.</param>
public sealed record SavedCriteria(CriteriaTable Criteria, DateTimeOffset SavedAt);

/// <summary>
/// The criteria drafts of a bloc's years, with ETags for optimistic concurrency, as <see cref="IBlocStore"/> keeps
/// blocs. A draft is a working copy, not a record of the year: it stays out of the write-once documents and the
/// archive; the launched campaign keeps its own copy of the table.
/// </summary>
public interface ICriteriaDraftStore
{
    /// <summary>Stores the year's first draft; <see cref="WriteOutcome.AlreadyExists"/> when there is one.</summary>
    Task<WriteResult> CreateAsync(string blocId, int year, SavedCriteria draft, CancellationToken cancellationToken = default);

    /// <summary>Replaces the draft if it still has <paramref name="ifMatch"/>; otherwise <see cref="WriteOutcome.ConcurrencyConflict"/> or <see cref="WriteOutcome.NotFound"/>.</summary>
    Task<WriteResult> ReplaceAsync(string blocId, int year, SavedCriteria draft, ETag ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The year's draft and its ETag, or null.</summary>
    Task<Stored<SavedCriteria>?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default);
}

/// <summary>Table layout: <c>CriteriaDrafts</c> PK blocId, RK year. Columns: the draft as JSON.</summary>
public sealed class CriteriaDraftStore(ThiDuaStorage storage) : ICriteriaDraftStore
{
    private readonly TableClient _drafts = storage.Table(StorageTable.CriteriaDrafts);

    /// <inheritdoc/>
    public async Task<WriteResult> CreateAsync(string blocId, int year, SavedCriteria draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        try
        {
            var response = await _drafts.AddEntityAsync(Entity(blocId, year, draft), cancellationToken);
            return new WriteResult(WriteOutcome.Created, response.Headers.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return new WriteResult(WriteOutcome.AlreadyExists);
        }
    }

    /// <inheritdoc/>
    public async Task<WriteResult> ReplaceAsync(string blocId, int year, SavedCriteria draft, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        try
        {
            var response = await _drafts.UpdateEntityAsync(Entity(blocId, year, draft), ifMatch, TableUpdateMode.Replace, cancellationToken);
            return new WriteResult(WriteOutcome.Updated, response.Headers.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 412 || (e.Status == 400 && ifMatch != ETag.All))
        {
            // As in BlocStore: an If-Match of a form never issued matches no draft.
            return new WriteResult(WriteOutcome.ConcurrencyConflict);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new WriteResult(WriteOutcome.NotFound);
        }
    }

    /// <inheritdoc/>
    public async Task<Stored<SavedCriteria>?> GetAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var row = await _drafts.GetOrNullAsync(Keys.Id(blocId, nameof(blocId)), Keys.Year(year), cancellationToken);
        return row is null ? null : new Stored<SavedCriteria>(JsonColumns.Read<SavedCriteria>(row), row.ETag);
    }

    private static TableEntity Entity(string blocId, int year, SavedCriteria draft)
    {
        var entity = new TableEntity(Keys.Id(blocId, nameof(blocId)), Keys.Year(year));
        JsonColumns.Write(entity, draft);
        return entity;
    }
}
