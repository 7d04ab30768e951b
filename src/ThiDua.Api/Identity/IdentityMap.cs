using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Api.Identity;

/// <summary>Which member unit a signed-in Microsoft Entra identity acts for.</summary>
public interface IIdentityMap
{
    /// <summary>Creates the table if needed; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Maps the identity (its object id) to a unit, replacing an earlier mapping.</summary>
    Task MapAsync(string objectId, string blocId, string unitId, CancellationToken cancellationToken = default);

    /// <summary>Removes the mapping; false when there was none.</summary>
    Task<bool> UnmapAsync(string objectId, CancellationToken cancellationToken = default);

    /// <summary>The unit the identity acts for, or null.</summary>
    Task<Caller?> FindAsync(string objectId, CancellationToken cancellationToken = default);
}

/// <summary>Table <c>{prefix}Identities</c>: PK <c>oid</c>, RK the object id (a GUID), columns BlocId and UnitId.</summary>
public sealed class IdentityMap : IIdentityMap
{
    private const string Partition = "oid";
    private readonly TableClient _table;

    /// <summary>Uses the account and table prefix of <paramref name="options"/>.</summary>
    public IdentityMap(ThiDuaStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = options.GetTableServiceClient();
        _table = service.GetTableClient(options.TablePrefix + "Identities");
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task MapAsync(string objectId, string blocId, string unitId, CancellationToken cancellationToken = default)
    {
        var unit = Caller.Unit(blocId, unitId);
        await _table.UpsertEntityAsync(
            new TableEntity(Partition, Key(objectId)) { ["BlocId"] = unit.BlocId, ["UnitId"] = unit.UnitId },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> UnmapAsync(string objectId, CancellationToken cancellationToken = default)
    {
        // The SDK reports a missing entity as a 404 response rather than an exception.
        var response = await _table.DeleteEntityAsync(Partition, Key(objectId), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <inheritdoc/>
    public async Task<Caller?> FindAsync(string objectId, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParseExact(objectId, "D", out _))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Key(objectId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity
            && Identifier.IsValid(entity.GetString("BlocId")) && Identifier.IsValid(entity.GetString("UnitId"))
                ? Caller.Unit(entity.GetString("BlocId"), entity.GetString("UnitId"))
                : null;
    }

    private static string Key(string objectId) =>
        Guid.TryParseExact(objectId, "D", out var id)
            ? id.ToString("D")
            : throw new ArgumentException("An Entra object id is a GUID.", nameof(objectId));
}
