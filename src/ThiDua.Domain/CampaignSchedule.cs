namespace ThiDua.Domain;

/// <summary>
/// The deadlines of a campaign, as UTC instants. They follow each other in the order of the
/// properties. A runoff round lasts <see cref="VoteRoundDuration"/> from the close of the previous
/// round; the schedule leaves room for every allowed runoff before the next phase.
/// </summary>
public sealed partial record CampaignSchedule
{
    /// <summary>When the campaign is launched and signing opens.</summary>
    public required DateTimeOffset LaunchAt { get; init; }

    /// <summary>Last moment to sign the compact; it is sealed then with the missing signers recorded.</summary>
    public required DateTimeOffset SigningDeadline { get; init; }

    /// <summary>Last moment to submit a self-assessment; later submissions are refused.</summary>
    public required DateTimeOffset ScoringDeadline { get; init; }

    /// <summary>End of the review window in which the leader may adjust points.</summary>
    public required DateTimeOffset ReviewDeadline { get; init; }

    /// <summary>Close of the first round of the leading-unit vote.</summary>
    public required DateTimeOffset VotingDeadline { get; init; }

    /// <summary>Length of each runoff round (of either vote).</summary>
    public required TimeSpan VoteRoundDuration { get; init; }

    /// <summary>Close of the first round of next year's leader election.</summary>
    public required DateTimeOffset LeaderElectionDeadline { get; init; }

    /// <summary>When the year is archived.</summary>
    public required DateTimeOffset ArchiveAt { get; init; }
}

/// <summary>
/// Durations of a compressed schedule (<see cref="CampaignSchedule.Compressed"/>), each measured
/// from the previous deadline. The demo runs a whole year in about two minutes with these.
/// </summary>
public sealed partial record PhaseDurations
{
    /// <summary>From start to the signing deadline.</summary>
    public required TimeSpan Signing { get; init; }

    /// <summary>From the signing deadline to the scoring deadline.</summary>
    public required TimeSpan Scoring { get; init; }

    /// <summary>From the scoring deadline to the review deadline.</summary>
    public required TimeSpan Review { get; init; }

    /// <summary>From the review deadline to the close of the first leading-unit round.</summary>
    public required TimeSpan Voting { get; init; }

    /// <summary>Length of each runoff round.</summary>
    public required TimeSpan VoteRound { get; init; }

    /// <summary>From the voting deadline to the close of the first leader-election round.</summary>
    public required TimeSpan LeaderElection { get; init; }

    /// <summary>From the leader-election deadline to archiving.</summary>
    public required TimeSpan Archive { get; init; }
}
