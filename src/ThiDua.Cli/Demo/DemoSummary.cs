using ThiDua.Domain;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Cli.Demo;

/// <summary>A line of the final ranking.</summary>
public sealed record DemoRankEntry(string UnitId, string Name, decimal Total);

/// <summary>Where the archived year is: the manifest in the archives container, and the Azurite data folder holding it.</summary>
public sealed record DemoArchive(string Location, string ManifestSha256, string StorageDirectory);

/// <summary>The refusal the late submitter received.</summary>
public sealed record DemoRefusal(string UnitId, int Status, string? Code, string? Detail);

/// <summary>A message the embedded SMTP server received.</summary>
public sealed record DemoMail(DateTimeOffset Time, IReadOnlyList<string> Recipients, string Subject);

/// <summary>A phase change seen by the demo, and how long after the previous phase's deadline it was seen (negative: early, everyone had acted).</summary>
public sealed record DemoTransition(CyclePhase From, CyclePhase To, DateTimeOffset? Deadline, DateTimeOffset ObservedAt, double? SecondsAfterDeadline);

/// <summary>The demo's final summary (printed as one JSON object with --json).</summary>
public sealed record DemoSummary
{
    public required string BlocId { get; init; }

    public required int Year { get; init; }

    public required string LeaderUnitId { get; init; }

    public required IReadOnlyList<DemoRankEntry> Ranking { get; init; }

    public string? LeadingUnitId { get; init; }

    /// <summary>The bloc's award proposals with the council's decisions so far (unitId, level, status ...).</summary>
    public IReadOnlyList<ProposalView> Proposals { get; init; } = [];

    public string? NextLeaderUnitId { get; init; }

    public string? NextDeputyUnitId { get; init; }

    /// <summary>How next year's leader was chosen: vote, acclamation or rotation.</summary>
    public string? NextLeaderElectedBy { get; init; }

    /// <summary>How next year's deputy was chosen: vote, acclamation or rotation.</summary>
    public string? NextDeputyElectedBy { get; init; }

    public DemoArchive? Archive { get; init; }

    public IReadOnlyList<string> Signers { get; init; } = [];

    public IReadOnlyList<string> Submitted { get; init; } = [];

    public string? Resubmitted { get; init; }

    public DemoRefusal? LateRefusal { get; init; }

    public IReadOnlyList<string> NeverSubmitted { get; init; } = [];

    public IReadOnlyList<DemoMail> Reminders { get; init; } = [];

    public Tally? LeadingUnitVote { get; init; }

    public IReadOnlyList<DemoTransition> Transitions { get; init; } = [];

    public double WallTimeSeconds { get; init; }

    public required string StateDirectory { get; init; }
}
