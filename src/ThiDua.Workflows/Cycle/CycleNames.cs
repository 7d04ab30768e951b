using System.Globalization;
using ThiDua.Domain;

namespace ThiDua.Workflows.Cycle;

/// <summary>
/// Deterministic instance ids: one cycle per bloc and year, and one child per phase, so that the API
/// can raise events to the right instance and a second start of the same cycle finds the first.
/// </summary>
public static class CycleIds
{
    public static string Cycle(CampaignKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.Create(CultureInfo.InvariantCulture, $"cycle-{key.BlocId}-{key.Year}");
    }

    public static string Signing(CampaignKey key) => Cycle(key) + "-signing";

    public static string Scoring(CampaignKey key) => Cycle(key) + "-scoring";

    public static string Vote(CampaignKey key, VotePurpose purpose) => purpose switch
    {
        VotePurpose.LeadingUnit => Cycle(key) + "-vote-leading-unit",
        VotePurpose.Leader => Cycle(key) + "-vote-leader",
        VotePurpose.Deputy => Cycle(key) + "-vote-deputy",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown vote purpose."),
    };

    public static string LeaderElection(CampaignKey key) => Cycle(key) + "-leader";

    public static string Archive(CampaignKey key) => Cycle(key) + "-archive";
}

/// <summary>External events the API raises. They only wake a workflow; storage stays the source of truth.</summary>
public static class CycleEvents
{
    public const string CampaignLaunched = "CampaignLaunched";
    public const string CompactSigned = "CompactSigned";
    public const string ReviewClosed = "ReviewClosed";
    public const string BallotCast = "BallotCast";
}

/// <summary>Activity names, shared by the workflows, the activity classes and the Functions adapters.</summary>
public static class CycleActivities
{
    public const string LoadCampaign = nameof(LoadCampaign);
    public const string LaunchFromPreviousYear = nameof(LaunchFromPreviousYear);
    public const string GetSigningProgress = nameof(GetSigningProgress);
    public const string SealCompact = nameof(SealCompact);
    public const string GetScoringPending = nameof(GetScoringPending);
    public const string SendScoringReminders = nameof(SendScoringReminders);
    public const string CloseScoring = nameof(CloseScoring);
    public const string ComputeRanking = nameof(ComputeRanking);
    public const string PlanVote = nameof(PlanVote);
    public const string OpenVoteRound = nameof(OpenVoteRound);
    public const string GetVoteProgress = nameof(GetVoteProgress);
    public const string CloseVoteRound = nameof(CloseVoteRound);
    public const string ElectByRotation = nameof(ElectByRotation);
    public const string RecordResults = nameof(RecordResults);
    public const string ArchiveYear = nameof(ArchiveYear);
    public const string PlanNextYear = nameof(PlanNextYear);
}
