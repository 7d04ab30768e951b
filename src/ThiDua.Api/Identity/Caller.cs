namespace ThiDua.Api.Identity;

/// <summary>What a caller is, for authorization.</summary>
public enum CallerRole
{
    /// <summary>No valid credential.</summary>
    Anonymous,

    /// <summary>Council staff: manages blocs and units, sees everything.</summary>
    Admin,

    /// <summary>A member unit of one bloc; acts only for itself.</summary>
    Unit,
}

/// <summary>
/// The authenticated caller of one request, whatever authenticated it (a local bearer token or
/// the App Service principal). Being the leader of a bloc for a year is not a role of its own:
/// it is a unit that the campaign (or the previous year's result) names as leader.
/// </summary>
public sealed record Caller
{
    private Caller(CallerRole role, string? blocId, string? unitId)
    {
        Role = role;
        BlocId = blocId;
        UnitId = unitId;
    }

    /// <summary>Who the caller is.</summary>
    public CallerRole Role { get; }

    /// <summary>The unit's bloc when <see cref="Role"/> is <see cref="CallerRole.Unit"/>.</summary>
    public string? BlocId { get; }

    /// <summary>The unit when <see cref="Role"/> is <see cref="CallerRole.Unit"/>.</summary>
    public string? UnitId { get; }

    /// <summary>A caller without a valid credential.</summary>
    public static Caller Anonymous { get; } = new(CallerRole.Anonymous, null, null);

    /// <summary>Council staff.</summary>
    public static Caller Admin { get; } = new(CallerRole.Admin, null, null);

    /// <summary>Member unit <paramref name="unitId"/> of bloc <paramref name="blocId"/>; both must be valid identifiers.</summary>
    public static Caller Unit(string blocId, string unitId) =>
        new(CallerRole.Unit, Domain.Identifier.EnsureValid(blocId, nameof(blocId)), Domain.Identifier.EnsureValid(unitId, nameof(unitId)));

    /// <summary>True for council staff.</summary>
    public bool IsAdmin => Role == CallerRole.Admin;

    /// <summary>True when the caller is exactly unit <paramref name="unitId"/> of bloc <paramref name="blocId"/>.</summary>
    public bool Is(string blocId, string unitId) =>
        Role == CallerRole.Unit
        && string.Equals(BlocId, blocId, StringComparison.Ordinal)
        && string.Equals(UnitId, unitId, StringComparison.Ordinal);

    /// <summary>True when the caller is a unit of bloc <paramref name="blocId"/>.</summary>
    public bool IsUnitOf(string blocId) => Role == CallerRole.Unit && string.Equals(BlocId, blocId, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Role == CallerRole.Unit ? $"unit {BlocId}/{UnitId}" : Role.ToString().ToLowerInvariant();
}
