namespace ThiDua.Domain;

/// <summary>An emulation bloc (khối thi đua): a group of member units running the yearly cycle together.</summary>
public sealed partial record Bloc
{
    /// <summary>Id of the bloc, an <see cref="Identifier"/> (for example <c>noi-chinh</c>).</summary>
    public required string BlocId { get; init; }

    /// <summary>Vietnamese name without the "Khối thi đua" prefix (for example "Nội chính").</summary>
    public required string Name { get; init; }

    /// <summary>Ids of the current member units.</summary>
    public IReadOnlyList<string> MemberUnitIds { get; init; } = [];

    /// <summary>Order in which the leadership rotates (by <see cref="LeaderElectionMode.Rotation"/>); may list former members, who are skipped.</summary>
    public IReadOnlyList<string> RotationOrder { get; init; } = [];

    /// <summary>False for a bloc that no longer runs cycles.</summary>
    public bool Active { get; init; } = true;

    /// <summary>Month (1-12, Vietnam calendar) on which the yearly cycle starts automatically.</summary>
    public int LaunchMonth { get; init; } = ScheduleRules.DefaultLaunchMonth;

    /// <summary>Day of <see cref="LaunchMonth"/> on which the yearly cycle starts automatically.</summary>
    public int LaunchDay { get; init; } = ScheduleRules.DefaultLaunchDay;

    /// <summary>The bloc's configuration; every number has a default from the usual provincial regulation.</summary>
    public BlocRules Rules { get; init; } = new();
}

/// <summary>A member unit (đơn vị) of a bloc: a department, the police, a court...</summary>
public sealed partial record MemberUnit
{
    /// <summary>Id of the unit, an <see cref="Identifier"/> (for example <c>so-tu-phap</c>).</summary>
    public required string UnitId { get; init; }

    /// <summary>Id of the bloc the unit belongs to.</summary>
    public required string BlocId { get; init; }

    /// <summary>Vietnamese name (for example "Sở Tư pháp").</summary>
    public required string Name { get; init; }

    /// <summary>People who receive the unit's mail (reminders, confirmations).</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>PEM of the unit's registered X.509 signing certificate, or null when none is registered yet.</summary>
    public string? CertificatePem { get; init; }

    /// <summary>False for a unit that left the bloc; it is skipped by rotation and does not vote.</summary>
    public bool Active { get; init; } = true;
}

/// <summary>A contact person of a member unit.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Email">Email address.</param>
/// <param name="Role">Free-text role (for example "Chánh Văn phòng").</param>
public sealed record Contact(string Name, string Email, string Role);
