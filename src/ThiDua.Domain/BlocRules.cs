namespace ThiDua.Domain;

/// <summary>
/// A bloc's configuration. Provinces differ, so every number is configuration; the defaults
/// are the usual provincial regulation (see DOMAIN.md).
/// </summary>
public sealed partial record BlocRules
{
    /// <summary>Rules of every vote (leading unit, leader, deputy).</summary>
    public VotingRules Voting { get; init; } = new();

    /// <summary>How next year's bloc leader is chosen. Default: rotation.</summary>
    public LeaderElectionMode LeaderElection { get; init; } = LeaderElectionMode.Rotation;

    /// <summary>
    /// How next year's deputy is chosen. Default: rotation (the unit after the new leader in
    /// <see cref="Bloc.RotationOrder"/>); <see cref="LeaderElectionMode.Vote"/> holds a deputy vote after the leader's.
    /// </summary>
    public LeaderElectionMode DeputyElection { get; init; } = LeaderElectionMode.Rotation;

    /// <summary>
    /// How the year-end votes are held. Default <see cref="YearEndMode.Deadline"/>: each round is a window of
    /// days closed by its deadline; <see cref="YearEndMode.Conference"/>: the chair opens and closes rounds live at
    /// the year-end conference.
    /// </summary>
    public YearEndMode YearEnd { get; init; } = YearEndMode.Deadline;

    /// <summary>The year-end conference, in <see cref="YearEndMode.Conference"/>.</summary>
    public ConferenceRules Conference { get; init; } = new();

    /// <summary>
    /// How long before the scoring deadline units that have not submitted are reminded.
    /// Default 7, 3 and 1 days; any <see cref="TimeSpan"/> so a compressed demo can use seconds.
    /// </summary>
    public IReadOnlyList<TimeSpan> ReminderOffsets { get; init; } = [TimeSpan.FromDays(7), TimeSpan.FromDays(3), TimeSpan.FromDays(1)];

    /// <summary>
    /// Ranking order, most significant first. Default: total (descending), fewer penalty points,
    /// earlier final submission. <see cref="RankingKey.UnitId"/> is always applied last even when
    /// not listed, so the ranking is deterministic.
    /// </summary>
    public IReadOnlyList<RankingKey> RankingOrder { get; init; } =
        [RankingKey.Total, RankingKey.FewerPenaltyPoints, RankingKey.EarlierFinalSubmission, RankingKey.UnitId];

    /// <summary>
    /// What the bloc proposes to the council after the vote: the award levels, each with its quota, and
    /// whether a unit that did not sign the compact may be proposed. Default: one unit for the provincial
    /// Emulation Flag, two for the chairman's Certificate of Merit, signers only.
    /// </summary>
    public ProposalRules Proposals { get; init; } = new();

    /// <summary>Deadlines of the calendar schedule and the review window.</summary>
    public ScheduleRules Schedule { get; init; } = new();

    /// <summary>
    /// Who reviews (adjusts) the points of the year's leader's own unit: never the leader itself, a conflict of
    /// interest. Default <see cref="OwnUnitReviewer.Deputy"/>; council staff when the year has no deputy.
    /// </summary>
    public OwnUnitReviewer OwnUnitReviewer { get; init; } = OwnUnitReviewer.Deputy;

    /// <summary>What the bloc's official documents print besides the year's facts. Default: no place name.</summary>
    public DocumentRules Documents { get; init; } = new();
}

/// <summary>What a bloc's official documents (giao ước, biên bản, tờ trình) print besides the year's facts.</summary>
public sealed record DocumentRules
{
    /// <summary>
    /// The place name of "Bắc Kạn, ngày 12 tháng 01 năm 2027" (Decree 30/2020: the province or city where the
    /// bloc sits). Default empty: the documents leave a dotted space to fill by hand.
    /// </summary>
    public string Place { get; init; } = "";
}

/// <summary>Who reviews the year's leader's own score sheet in the review window.</summary>
public enum OwnUnitReviewer
{
    /// <summary>The deputy of the year (phó trưởng khối); council staff when the year has none.</summary>
    Deputy,

    /// <summary>Council staff (the council's emulation and commendation office).</summary>
    Council,
}

/// <summary>How next year's bloc leader (or deputy) is chosen.</summary>
public enum LeaderElectionMode
{
    /// <summary>The next unit in <see cref="Bloc.RotationOrder"/> leads, the one after is deputy.</summary>
    Rotation,

    /// <summary>
    /// Members vote among the nominees (every member when nobody is nominated); a single nominee is
    /// acclamation (suy tôn), confirmed as <see cref="VotingRules.AcclamationBallot"/> says.
    /// </summary>
    Vote,
}

/// <summary>How the year-end votes are held.</summary>
public enum YearEndMode
{
    /// <summary>Rounds are windows of days, each closed by its deadline (or when every member has voted).</summary>
    Deadline,

    /// <summary>
    /// At the year-end conference: the chair (the year's leader or council staff) opens the conference, records
    /// attendance and opens and closes each round live; a round also closes when every member present has voted
    /// or at <see cref="ConferenceRules.RoundLimit"/>.
    /// </summary>
    Conference,
}

/// <summary>The year-end conference (hội nghị tổng kết khối).</summary>
public sealed record ConferenceRules
{
    /// <summary>Longest time a round stays open once the chair opens it. Default 10 minutes.</summary>
    public TimeSpan RoundLimit { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>A level of the ranking order.</summary>
public enum RankingKey
{
    /// <summary>Higher total first.</summary>
    Total,

    /// <summary>Fewer penalty points first.</summary>
    FewerPenaltyPoints,

    /// <summary>Earlier final (latest-version) submission first.</summary>
    EarlierFinalSubmission,

    /// <summary>Unit id in ordinal order: the last, arbitrary but deterministic resort.</summary>
    UnitId,
}

/// <summary>Rules of a vote round.</summary>
public sealed record VotingRules
{
    /// <summary>Number of candidates taken from the top of the ranking for the leading-unit vote. Default 3.</summary>
    public int CandidateCount { get; init; } = 3;

    /// <summary>Fraction of eligible voters who must cast a ballot (abstentions count as cast). Default 2/3.</summary>
    public Fraction Quorum { get; init; } = new(2, 3);

    /// <summary>Percentage of ballots cast (abstentions included) a winner needs. Default 50.</summary>
    public int ThresholdPercent { get; init; } = 50;

    /// <summary>Whether the winner needs more than, or at least, <see cref="ThresholdPercent"/>. Default more than.</summary>
    public ThresholdComparison ThresholdComparison { get; init; } = ThresholdComparison.MoreThan;

    /// <summary>Runoffs allowed after the first round before the vote ends undecided. Default 2.</summary>
    public int MaxRunoffs { get; init; } = 2;

    /// <summary>Whether a unit may replace its ballot before the round closes. Default false.</summary>
    public bool BallotChangeAllowed { get; init; }

    /// <summary>Whether a blank ballot (no choice) is accepted. Default true.</summary>
    public bool AbstentionAllowed { get; init; } = true;

    /// <summary>What the threshold is a percentage of. Default <see cref="ThresholdBase.BallotsCast"/>.</summary>
    public ThresholdBase ThresholdBase { get; init; } = ThresholdBase.BallotsCast;

    /// <summary>Whether a unit may choose itself on its ballot. Default true.</summary>
    public bool SelfVoteAllowed { get; init; } = true;

    /// <summary>
    /// How blank ballots count. Default <see cref="BlankBallots.Valid"/>: they count as cast for the threshold;
    /// <see cref="BlankBallots.Invalid"/>: they are counted as invalid, apart, and left out of the ballots-cast base.
    /// Either way they count towards the quorum.
    /// </summary>
    public BlankBallots BlankBallots { get; init; } = BlankBallots.Valid;

    /// <summary>
    /// How a single nominee (acclamation, suy tôn) is confirmed. Default <see cref="AcclamationBallot.Approval"/>:
    /// a secret approval ballot (đồng ý / không đồng ý) counted against the threshold.
    /// </summary>
    public AcclamationBallot AcclamationBallot { get; init; } = AcclamationBallot.Approval;

    /// <summary>What the bloc proposes when the leading-unit vote ends undecided. Default: nobody for the first level.</summary>
    public UndecidedOutcome WhenUndecided { get; init; } = UndecidedOutcome.NoProposal;
}

/// <summary>What a vote threshold is a percentage of.</summary>
public enum ThresholdBase
{
    /// <summary>Every member of the bloc (Decree 91/2017 counts council votes on the total number of members).</summary>
    Members,

    /// <summary>The members present (or represented) at the conference; every member in deadline mode.</summary>
    Present,

    /// <summary>The ballots cast, blank ones included unless <see cref="VotingRules.BlankBallots"/> makes them invalid.</summary>
    BallotsCast,
}

/// <summary>How blank ballots count.</summary>
public enum BlankBallots
{
    /// <summary>A blank ballot is valid and counts as cast.</summary>
    Valid,

    /// <summary>A blank ballot is invalid: counted apart and left out of the ballots-cast base.</summary>
    Invalid,
}

/// <summary>How acclamation of a single nominee is confirmed.</summary>
public enum AcclamationBallot
{
    /// <summary>A secret approval ballot (đồng ý / không đồng ý) counted against the threshold; no runoff.</summary>
    Approval,

    /// <summary>No ballot: the chair records the acclamation as unanimous (in deadline mode it is recorded at once).</summary>
    None,
}

/// <summary>What follows a leading-unit vote that ended undecided (no winner after the last runoff).</summary>
public enum UndecidedOutcome
{
    /// <summary>Nobody is proposed for the first award level; the further levels still follow the ranking.</summary>
    NoProposal,

    /// <summary>The top-ranked eligible unit takes the first level's first place, with the undecided vote recorded on it.</summary>
    ProposeTopRanked,
}

/// <summary>
/// The bloc's award proposals (đề nghị khen thưởng): levels in order of precedence, each with a quota. These
/// are proposals; the council (Hội đồng Thi đua – Khen thưởng tỉnh) accepts or returns each one.
/// </summary>
public sealed partial record ProposalRules
{
    /// <summary>
    /// The levels, highest first. Default: Cờ thi đua cấp tỉnh (1 unit), Bằng khen của Chủ tịch UBND tỉnh (2 units).
    /// A bloc that proposes for the Government's flag lists it first (for example "co-thi-dua-chinh-phu", quota 1).
    /// </summary>
    public IReadOnlyList<ProposalLevel> Levels { get; init; } =
        [new("co-thi-dua-tinh", "Cờ thi đua cấp tỉnh", 1), new("bang-khen-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh", 2)];

    /// <summary>Whether a unit that did not sign the compact may be proposed. Default false.</summary>
    public bool UnsignedMayBeProposed { get; init; }
}

/// <summary>An award level the bloc proposes units for.</summary>
/// <param name="Id">Stable id (lowercase, digits, '-').</param>
/// <param name="Name">The award's name as people read it.</param>
/// <param name="Quota">How many units the bloc may propose for it (0 proposes nobody).</param>
public sealed record ProposalLevel(string Id, string Name, int Quota);

/// <summary>A fraction such as the 2/3 quorum; compared with integer arithmetic, never floating point.</summary>
/// <param name="Numerator">Numerator, 0 or more.</param>
/// <param name="Denominator">Denominator, 1 or more.</param>
public sealed record Fraction(int Numerator, int Denominator);

/// <summary>How a vote count is compared with the threshold.</summary>
public enum ThresholdComparison
{
    /// <summary>Strictly more than the threshold (the usual "quá bán", more than half).</summary>
    MoreThan,

    /// <summary>The threshold or more (for example "at least 70%").</summary>
    AtLeast,
}

/// <summary>
/// Calendar rules for building a year's schedule (<see cref="CampaignSchedule.ForYear(int, int, int, ScheduleRules)"/>) with
/// the review window. Every period is a <see cref="TimeSpan"/> measured from the previous deadline.
/// </summary>
public sealed record ScheduleRules
{
    /// <summary>Default launch month: January.</summary>
    public const int DefaultLaunchMonth = 1;

    /// <summary>Default launch day: 15 January.</summary>
    public const int DefaultLaunchDay = 15;

    /// <summary>From launch to the signing deadline (end of that Vietnam day). Default 30 days.</summary>
    public TimeSpan SigningPeriod { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Month of the scoring deadline in the campaign year. Default December.</summary>
    public int ScoringDeadlineMonth { get; init; } = 12;

    /// <summary>Day of the scoring deadline. Default 15 (15 December, 23:59:59 Vietnam time).</summary>
    public int ScoringDeadlineDay { get; init; } = 15;

    /// <summary>Review window after the scoring deadline, when the leader may adjust points. Default 7 days.</summary>
    public TimeSpan ReviewWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>From the review deadline to the close of the first leading-unit round (the year-end conference). Default 14 days.</summary>
    public TimeSpan VotingPeriod { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Length of each runoff round. Default 1 day.</summary>
    public TimeSpan VoteRoundDuration { get; init; } = TimeSpan.FromDays(1);

    /// <summary>From the voting deadline to the close of the first leader-election round. Default 7 days.</summary>
    public TimeSpan LeaderElectionPeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>From the leader-election deadline to archiving. Default 2 days.</summary>
    public TimeSpan ArchiveDelay { get; init; } = TimeSpan.FromDays(2);
}
