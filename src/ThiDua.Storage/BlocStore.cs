using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>Blocs and their member units, with ETags for optimistic concurrency.</summary>
public interface IBlocStore
{
    /// <summary>Creates a bloc; <see cref="WriteOutcome.AlreadyExists"/> when its id is taken.</summary>
    Task<WriteResult> CreateBlocAsync(Bloc bloc, CancellationToken cancellationToken = default);

    /// <summary>Replaces a bloc if it still has <paramref name="ifMatch"/>; otherwise <see cref="WriteOutcome.ConcurrencyConflict"/> or <see cref="WriteOutcome.NotFound"/>.</summary>
    Task<WriteResult> UpdateBlocAsync(Bloc bloc, ETag ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The bloc and its ETag, or null.</summary>
    Task<Stored<Bloc>?> GetBlocAsync(string blocId, CancellationToken cancellationToken = default);

    /// <summary>Every bloc, or only the active ones, ordered by id.</summary>
    Task<IReadOnlyList<Stored<Bloc>>> ListBlocsAsync(bool activeOnly, CancellationToken cancellationToken = default);

    /// <summary>Creates a member unit of <see cref="MemberUnit.BlocId"/>; <see cref="WriteOutcome.AlreadyExists"/> when taken.</summary>
    Task<WriteResult> CreateUnitAsync(MemberUnit unit, CancellationToken cancellationToken = default);

    /// <summary>Replaces a unit if it still has <paramref name="ifMatch"/>.</summary>
    Task<WriteResult> UpdateUnitAsync(MemberUnit unit, ETag ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The unit and its ETag, or null.</summary>
    Task<Stored<MemberUnit>?> GetUnitAsync(string blocId, string unitId, CancellationToken cancellationToken = default);

    /// <summary>The units of a bloc, ordered by id.</summary>
    Task<IReadOnlyList<Stored<MemberUnit>>> ListUnitsAsync(string blocId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Table layout: <c>Blocs</c> PK <c>bloc</c>, RK blocId (blocs are few: one partition lists them);
/// <c>Units</c> PK blocId, RK unitId. Columns: the record as JSON, plus <c>Active</c> and <c>Name</c>.
/// </summary>
public sealed class BlocStore(ThiDuaStorage storage) : IBlocStore
{
    private const string BlocPartition = "bloc";
    private readonly TableClient _blocs = storage.Table(StorageTable.Blocs);
    private readonly TableClient _units = storage.Table(StorageTable.Units);

    /// <inheritdoc/>
    public Task<WriteResult> CreateBlocAsync(Bloc bloc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bloc);
        return CreateAsync(_blocs, BlocEntity(bloc), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<WriteResult> UpdateBlocAsync(Bloc bloc, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bloc);
        return UpdateAsync(_blocs, BlocEntity(bloc), ifMatch, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Stored<Bloc>?> GetBlocAsync(string blocId, CancellationToken cancellationToken = default)
    {
        var row = await _blocs.GetOrNullAsync(BlocPartition, Keys.Id(blocId, nameof(blocId)), cancellationToken);
        return row is null ? null : new Stored<Bloc>(JsonColumns.Read<Bloc>(row), row.ETag);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Stored<Bloc>>> ListBlocsAsync(bool activeOnly, CancellationToken cancellationToken = default)
    {
        var filter = activeOnly
            ? TableClient.CreateQueryFilter($"PartitionKey eq {BlocPartition} and Active eq {true}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {BlocPartition}");
        var blocs = new List<Stored<Bloc>>();
        await foreach (var row in _blocs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            blocs.Add(new Stored<Bloc>(JsonColumns.Read<Bloc>(row), row.ETag));
        }

        return blocs;
    }

    /// <inheritdoc/>
    public Task<WriteResult> CreateUnitAsync(MemberUnit unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return CreateAsync(_units, UnitEntity(unit), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<WriteResult> UpdateUnitAsync(MemberUnit unit, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return UpdateAsync(_units, UnitEntity(unit), ifMatch, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Stored<MemberUnit>?> GetUnitAsync(string blocId, string unitId, CancellationToken cancellationToken = default)
    {
        var row = await _units.GetOrNullAsync(Keys.Id(blocId, nameof(blocId)), Keys.Id(unitId, nameof(unitId)), cancellationToken);
        return row is null ? null : new Stored<MemberUnit>(JsonColumns.Read<MemberUnit>(row), row.ETag);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Stored<MemberUnit>>> ListUnitsAsync(string blocId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Id(blocId, nameof(blocId))}");
        var units = new List<Stored<MemberUnit>>();
        await foreach (var row in _units.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            units.Add(new Stored<MemberUnit>(JsonColumns.Read<MemberUnit>(row), row.ETag));
        }

        return units;
    }

    private static TableEntity BlocEntity(Bloc bloc)
    {
        var entity = new TableEntity(BlocPartition, Keys.Id(bloc.BlocId, nameof(bloc)))
        {
            ["Name"] = bloc.Name,
            ["Active"] = bloc.Active,
        };
        JsonColumns.Write(entity, bloc);
        return entity;
    }

    private static TableEntity UnitEntity(MemberUnit unit)
    {
        var entity = new TableEntity(Keys.Id(unit.BlocId, nameof(unit)), Keys.Id(unit.UnitId, nameof(unit)))
        {
            ["Name"] = unit.Name,
            ["Active"] = unit.Active,
        };
        JsonColumns.Write(entity, unit);
        return entity;
    }

    private static async Task<WriteResult> CreateAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            return new WriteResult(WriteOutcome.Created, response.Headers.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return new WriteResult(WriteOutcome.AlreadyExists);
        }
    }

    private static async Task<WriteResult> UpdateAsync(TableClient table, TableEntity entity, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken);
            return new WriteResult(WriteOutcome.Updated, response.Headers.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 412 || (e.Status == 400 && ifMatch != ETag.All))
        {
            // A 400 here is an If-Match of a form the service never issues: no record has it, as with a 412.
            return new WriteResult(WriteOutcome.ConcurrencyConflict);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new WriteResult(WriteOutcome.NotFound);
        }
    }
}
