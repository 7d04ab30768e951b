namespace ThiDua.Domain;

public sealed partial record CampaignSchedule
{
    /// <summary>
    /// The schedule of year <paramref name="year"/> from Vietnam calendar dates: launch at 00:00 on
    /// the launch day, signing until the end of the day <see cref="ScheduleRules.SigningPeriod"/>
    /// later, scoring until 23:59:59 on the scoring deadline day (default 15 December), then the
    /// review window, the leading-unit vote (the year-end conference, early January by default),
    /// the leader election and the archive, each after its configured period. With the defaults a
    /// year launched on 15 January ends before the next year's launch.
    /// </summary>
    public static CampaignSchedule ForYear(int year, int launchMonth, int launchDay, ScheduleRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var launch = VietnamTime.StartOfDay(new DateOnly(year, launchMonth, launchDay));
        var signing = VietnamTime.EndOfDay(VietnamTime.DateOf(launch + rules.SigningPeriod));
        var scoring = VietnamTime.EndOfDay(year, rules.ScoringDeadlineMonth, rules.ScoringDeadlineDay);
        return Chain(launch, signing, scoring, rules.ReviewWindow, rules.VotingPeriod, rules.VoteRoundDuration, rules.LeaderElectionPeriod, rules.ArchiveDelay);
    }

    /// <summary>The schedule of <paramref name="bloc"/> for <paramref name="year"/> from its launch date and rules.</summary>
    public static CampaignSchedule ForYear(Bloc bloc, int year)
    {
        ArgumentNullException.ThrowIfNull(bloc);
        return ForYear(year, bloc.LaunchMonth, bloc.LaunchDay, bloc.Rules.Schedule);
    }

    /// <summary>A compressed schedule starting at <paramref name="start"/>, each deadline a duration after the previous one (the demo's two-minute year).</summary>
    public static CampaignSchedule Compressed(DateTimeOffset start, PhaseDurations durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var launch = start.ToUniversalTime();
        var signing = launch + durations.Signing;
        return Chain(launch, signing, signing + durations.Scoring, durations.Review, durations.Voting, durations.VoteRound, durations.LeaderElection, durations.Archive);
    }

    /// <summary>The deadlines after scoring follow each other by fixed periods, in both kinds of schedule.</summary>
    private static CampaignSchedule Chain(
        DateTimeOffset launch,
        DateTimeOffset signing,
        DateTimeOffset scoring,
        TimeSpan review,
        TimeSpan voting,
        TimeSpan voteRound,
        TimeSpan leaderElection,
        TimeSpan archive)
    {
        var reviewDeadline = scoring + review;
        var votingDeadline = reviewDeadline + voting;
        var leaderDeadline = votingDeadline + leaderElection;
        return new CampaignSchedule
        {
            LaunchAt = launch,
            SigningDeadline = signing,
            ScoringDeadline = scoring,
            ReviewDeadline = reviewDeadline,
            VotingDeadline = votingDeadline,
            VoteRoundDuration = voteRound,
            LeaderElectionDeadline = leaderDeadline,
            ArchiveAt = leaderDeadline + archive,
        };
    }

    /// <summary>
    /// Every problem of this schedule; empty when valid. Deadlines must follow each other, and
    /// <paramref name="maxRunoffs"/> runoff rounds of <see cref="VoteRoundDuration"/> must fit after
    /// each vote's first deadline before the next phase.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate(int maxRunoffs)
    {
        var errors = new ErrorList();
        AddErrors(errors, maxRunoffs);
        return errors.Errors;
    }

    /// <summary>True when a submission received at <paramref name="receivedAt"/> is after the scoring deadline and must be refused.</summary>
    public bool IsScoringClosed(DateTimeOffset receivedAt) => receivedAt > ScoringDeadline;

    /// <summary>True when the leader may adjust points at <paramref name="at"/>: after the scoring deadline, up to the review deadline.</summary>
    public bool IsInReviewWindow(DateTimeOffset at) => at > ScoringDeadline && at <= ReviewDeadline;

    /// <summary>
    /// When to remind units that have not submitted: the scoring deadline minus each offset,
    /// keeping only instants after launch, without duplicates, earliest first.
    /// </summary>
    public IReadOnlyList<ScheduledReminder> Reminders(IReadOnlyList<TimeSpan> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        return offsets
            .Where(o => o > TimeSpan.Zero)
            .Distinct()
            .Select(o => new ScheduledReminder(o, ScoringDeadline - o))
            .Where(r => r.At > LaunchAt)
            .OrderBy(r => r.At)
            .ToList();
    }

    internal void AddErrors(ErrorList errors, int maxRunoffs)
    {
        if (VoteRoundDuration <= TimeSpan.Zero)
        {
            errors.Add("voteRoundDuration", ErrorCodes.OutOfRange, new("Phải là một khoảng thời gian lớn hơn 0.", "Must be a positive duration."));
        }

        var runoffs = VoteRoundDuration * Math.Max(0, maxRunoffs);
        Order(errors, "signingDeadline", SigningDeadline, "launchAt", LaunchAt);
        Order(errors, "scoringDeadline", ScoringDeadline, "signingDeadline", SigningDeadline);
        Order(errors, "reviewDeadline", ReviewDeadline, "scoringDeadline", ScoringDeadline);
        Order(errors, "votingDeadline", VotingDeadline, "reviewDeadline", ReviewDeadline);
        Order(errors, "leaderElectionDeadline", LeaderElectionDeadline, "votingDeadline", VotingDeadline, runoffs);
        Order(errors, "archiveAt", ArchiveAt, "leaderElectionDeadline", LeaderElectionDeadline, runoffs);
    }

    private static void Order(ErrorList errors, string field, DateTimeOffset value, string previousField, DateTimeOffset previous, TimeSpan room = default)
    {
        if (room > TimeSpan.Zero ? value < previous + room : value <= previous)
        {
            errors.Add(field, ErrorCodes.OutOfOrder, room > TimeSpan.Zero
                ? new($"Phải sau {previousField} ít nhất {room} để đủ thời gian cho các vòng bỏ phiếu lại.", $"Must be at least {room} after {previousField} to leave room for the runoffs.")
                : new($"Phải sau {previousField}.", $"Must be after {previousField}."));
        }
    }
}

/// <summary>A reminder to send before the scoring deadline.</summary>
/// <param name="Offset">How long before the deadline (also a stable key of the reminder).</param>
/// <param name="At">When to send it.</param>
public sealed record ScheduledReminder(TimeSpan Offset, DateTimeOffset At);

public sealed partial record PhaseDurations
{
    /// <summary>
    /// The demo's year, about two minutes: signing 20 s, scoring 30 s, review 10 s, first vote
    /// round 15 s, runoffs 10 s each, leader election 25 s, archive 20 s later.
    /// </summary>
    public static PhaseDurations Demo { get; } = new()
    {
        Signing = TimeSpan.FromSeconds(20),
        Scoring = TimeSpan.FromSeconds(30),
        Review = TimeSpan.FromSeconds(10),
        Voting = TimeSpan.FromSeconds(15),
        VoteRound = TimeSpan.FromSeconds(10),
        LeaderElection = TimeSpan.FromSeconds(25),
        Archive = TimeSpan.FromSeconds(20),
    };
}
