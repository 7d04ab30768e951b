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

    public static string Conference(CampaignKey key) => Cycle(key) + "-conference";

    public static string Archive(CampaignKey key) => Cycle(key) + "-archive";
}

/// <summary>External events the API raises. They only wake a workflow; storage stays the source of truth.</summary>
public static class CycleEvents
{
    public const string CampaignLaunched = "CampaignLaunched";
    /// <summary>Raised by the API when a signature completes the compact (not per signature: the wait reads storage).</summary>
    public const string CompactSigned = "CompactSigned";
    public const string ReviewClosed = "ReviewClosed";
    /// <summary>A ballot was cast, or the chair asked to open or close a round: the vote reads storage again.</summary>
    public const string BallotCast = "BallotCast";

    /// <summary>The chair opened or closed the conference.</summary>
    public const string ConferenceChanged = "ConferenceChanged";
}

/// <summary>Activity names: the names of the activity classes, shared by the workflows and the Functions adapters.</summary>
public static class CycleActivities
{
    public const string LoadCampaign = nameof(Activities.LoadCampaign);
    public const string LaunchFromPreviousYear = nameof(Activities.LaunchFromPreviousYear);
    public const string GetSigningProgress = nameof(Activities.GetSigningProgress);
    public const string SealCompact = nameof(Activities.SealCompact);
    public const string GetScoringPending = nameof(Activities.GetScoringPending);
    public const string SendScoringReminders = nameof(Activities.SendScoringReminders);
    public const string CloseScoring = nameof(Activities.CloseScoring);
    public const string SendClosingNotice = nameof(Activities.SendClosingNotice);
    public const string ComputeRanking = nameof(Activities.ComputeRanking);
    public const string PlanVote = nameof(Activities.PlanVote);
    public const string OpenVoteRound = nameof(Activities.OpenVoteRound);
    public const string GetVoteProgress = nameof(Activities.GetVoteProgress);
    public const string CloseVoteRound = nameof(Activities.CloseVoteRound);
    public const string ElectByRotation = nameof(Activities.ElectByRotation);
    public const string GetChairRequest = nameof(Activities.GetChairRequest);
    public const string GetConferenceState = nameof(Activities.GetConferenceState);
    public const string CloseConference = nameof(Activities.CloseConference);
    public const string RecordResults = nameof(Activities.RecordResults);
    public const string ArchiveYear = nameof(Activities.ArchiveYear);
    public const string PlanNextYear = nameof(Activities.PlanNextYear);
    public const string EndReview = nameof(Activities.EndReview);
    public const string OpenPlannedVote = nameof(Activities.OpenPlannedVote);
    public const string DecideYear = nameof(Activities.DecideYear);
}
