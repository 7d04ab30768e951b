using System.Globalization;
using ThiDua.Domain;

namespace ThiDua.Workflows.Cycle;

/// <summary>Identifies one bloc's campaign year; the unit of every cycle workflow.</summary>
public sealed record CampaignKey(string BlocId, int Year)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{BlocId}/{Year}");
}

/// <summary>
/// Starts the cycle of a bloc and year. <paramref name="LaunchDeadline"/> bounds the wait for the
/// leader's launch; after it the previous year's criteria are carried over, as blocs do in practice.
/// </summary>
public sealed record CycleInput(string BlocId, int Year, DateTimeOffset LaunchDeadline)
{
    public CampaignKey Key => new(BlocId, Year);
}

/// <summary>The phases a cycle passes through, in order.</summary>
public enum CyclePhase
{
    AwaitingLaunch,
    Signing,
    Scoring,
    Review,
    AwaitingConference,
    VotingLeadingUnit,
    ElectingLeader,
    ElectingDeputy,
    ClosingConference,
    Archiving,
    Completed,
    NotLaunched,
}

/// <summary>
/// Custom status of every cycle instance: what phase it is in, until when, and who has not acted yet,
/// so that a clerk can read the state of fifteen blocs without opening any of them. The cycle's own status also
/// names the workflow version it runs (<see cref="Workflows.WorkflowVersion"/>), for the operator.
/// </summary>
public sealed record CycleStatus(
    CyclePhase Phase,
    DateTimeOffset? Deadline,
    IReadOnlyList<string> Pending,
    int? Round = null,
    string? ChildInstanceId = null,
    string? WorkflowVersion = null);

/// <summary>What a finished cycle produced.</summary>
public sealed record CycleResult
{
    public required string BlocId { get; init; }

    public required int Year { get; init; }

    public required bool Launched { get; init; }

    public IReadOnlyList<string> MissingSigners { get; init; } = [];

    public IReadOnlyList<string> NeverSubmitted { get; init; } = [];

    public Ranking? Ranking { get; init; }

    public string? LeadingUnitId { get; init; }

    public IReadOnlyList<Tally> LeadingUnitRounds { get; init; } = [];

    public string? NextLeaderUnitId { get; init; }

    public string? NextDeputyUnitId { get; init; }

    public ArchiveReceipt? Archive { get; init; }
}

/// <summary>Where the archived year is and the hash that seals it.</summary>
public sealed record ArchiveReceipt(string Location, string ManifestSha256);

/// <summary>Signing progress read from storage, the source of truth (events only wake the workflow).</summary>
public sealed record SigningProgress(IReadOnlyList<string> Signers, IReadOnlyList<string> Pending);

/// <summary>The sealed compact: the envelope's hash and who never signed.</summary>
public sealed record CompactSeal(string EnvelopeSha256, IReadOnlyList<string> Signers, IReadOnlyList<string> Missing);

/// <summary>Asks for the reminders due <paramref name="Offset"/> before the scoring deadline.</summary>
public sealed record ReminderRequest(CampaignKey Campaign, TimeSpan Offset);

/// <summary>Who was reminded now, and who has still not submitted.</summary>
public sealed record ReminderOutcome(IReadOnlyList<string> Reminded, IReadOnlyList<string> Pending);

/// <summary>The close of score collection: who never submitted.</summary>
public sealed record ScoringClosure(IReadOnlyList<string> Submitted, IReadOnlyList<string> NeverSubmitted);

/// <summary>Asks for the leader's notice listing the units that never submitted.</summary>
public sealed record ClosingNoticeRequest(CampaignKey Campaign, IReadOnlyList<string> NeverSubmitted);

/// <summary>
/// A vote to hold for a campaign: purpose, first-round candidates, and how long each round lasts. A
/// <paramref name="Conference"/> vote is held live: the chair opens each round, which lasts at most
/// <paramref name="RoundDuration"/> and never past the conference's bound. <paramref name="FirstRound"/> is the first
/// round when the activity that planned the vote already opened it (workflow version 2).
/// </summary>
public sealed record VoteRequest(
    CampaignKey Campaign,
    VotePurpose Purpose,
    IReadOnlyList<string> Candidates,
    int EligibleVoters,
    TimeSpan RoundDuration,
    ConferenceBound? Conference = null,
    bool AcclaimWithoutBallot = false,
    OpenRoundRequest? FirstRound = null);

/// <summary>The conference a live vote belongs to: it ends, with what was recorded, at <paramref name="Bound"/>.</summary>
public sealed record ConferenceBound(DateTimeOffset Bound);

/// <summary>
/// A round to open, with its closing instant (computed by the workflow from its own clock).
/// <paramref name="Live"/>: the round is held in the conference room, where it is announced aloud, so no round mail is sent.
/// </summary>
public sealed record OpenRoundRequest(CampaignKey Campaign, VoteRound Round, DateTimeOffset ClosesAt, bool Live = false);

/// <summary>How many eligible units have voted in a round so far, and whether the chair closed it.</summary>
public sealed record VoteProgress(int Voted, int Eligible, IReadOnlyList<string> Pending, bool ClosedByChair = false);

/// <summary>What the chair asked of a live vote: to open its next round, or nothing more because the conference closed.</summary>
public sealed record ChairRequest(bool OpenRequested, bool ConferenceClosed);

/// <summary>The result of a vote over all its rounds; <paramref name="Acclaimed"/> when its single candidate was acclaimed.</summary>
public sealed record VoteOutcome(VotePurpose Purpose, string? WinnerId, IReadOnlyList<Tally> Rounds, bool Acclaimed = false);

/// <summary>Asks for next year's leader and deputy by rotation, optionally after a voted leader.</summary>
public sealed record RotationRequest(CampaignKey Campaign, string? ElectedLeaderUnitId);

/// <summary>Whether the conference has been opened, and closed.</summary>
public sealed record ConferenceState(bool Opened, bool Closed);

/// <summary>Closes the conference, by the chair's act already recorded or by its bound.</summary>
public sealed record ConferenceClosing(CampaignKey Campaign, bool ByBound);

/// <summary>Everything a cycle decided, recorded before the archive is written.</summary>
public sealed record CycleDecisions(
    CampaignKey Campaign,
    CompactSeal Seal,
    ScoringClosure Scoring,
    Ranking Ranking,
    VoteOutcome LeadingUnitVote,
    LeaderChoice NextLeadership);

/// <summary>Asks to close the review (workflow version 2); <paramref name="LeadingVoteFollows"/> when the leading-unit vote is held by mail next.</summary>
public sealed record ReviewClosingRequest(CampaignKey Campaign, bool LeadingVoteFollows);

/// <summary>The closed review: the final ranking and, when a vote follows, that vote planned with its first round open.</summary>
public sealed record ReviewClosure(Ranking Ranking, VoteRequest? LeadingVote);

/// <summary>
/// What the year decided once its votes are over (workflow version 2), to record; next year's leadership is null when the
/// rotation gives it (after <paramref name="LeaderVote"/>'s winner, when the leader was voted on), which the recording
/// activity then reads.
/// </summary>
public sealed record YearDecisionRequest(
    CampaignKey Campaign,
    CompactSeal Seal,
    ScoringClosure Scoring,
    Ranking Ranking,
    VoteOutcome LeadingUnitVote,
    LeaderChoice? NextLeadership,
    VoteOutcome? LeaderVote = null);
