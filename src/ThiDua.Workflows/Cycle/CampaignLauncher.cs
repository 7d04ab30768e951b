using System.Text;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;

namespace ThiDua.Workflows.Cycle;

/// <summary>
/// A launch as the leader (or council staff) asks for it. Give <see cref="Schedule"/> (absolute
/// deadlines), or <see cref="Durations"/> (a compressed schedule from now), or neither (the bloc's yearly schedule).
/// </summary>
public sealed record LaunchOrder
{
    public required string BlocId { get; init; }

    public required int Year { get; init; }

    /// <summary>True when the year's campaign is stored already: the order is a retry of its launch.</summary>
    public required bool Stored { get; init; }

    /// <summary>The leadership fixed for the year (the stored campaign's, else the planned one: the previous year's, or the council's appointment); null when none is.</summary>
    public LeaderChoice? FixedLeadership { get; init; }

    /// <summary>The leader named by the order: required when no leadership is fixed, else it must be the fixed one.</summary>
    /// <summary>How this year's votes are held, when it differs from the bloc's rule (<see cref="BlocRules.YearEnd"/>).</summary>
    public YearEndMode? YearEnd { get; init; }

    public string? LeaderUnitId { get; init; }

    public string? DeputyUnitId { get; init; }

    public IReadOnlyList<string> Commitments { get; init; } = [];

    public required CriteriaTable Criteria { get; init; }

    public CampaignSchedule? Schedule { get; init; }

    public PhaseDurations? Durations { get; init; }
}

/// <summary>Why a launch was refused.</summary>
public enum LaunchRefusal
{
    NoBloc,
    LeaderRequired,
    LeaderMismatch,
    DeputyMismatch,
    Invalid,
    SigningDeadlinePassed,
    LaunchYearOutOfRange,
    Archived,
    AlreadyLaunched,
}

/// <summary>A stored campaign, <see cref="Inserted"/> now or before by the same launch, with its compact's hashes.</summary>
public sealed record LaunchedCampaign(Campaign Campaign, bool Inserted, string CompactSha256, string CompactHtmlSha256);

/// <summary>
/// What a launch would do (<see cref="CampaignLauncher.PreviewAsync"/>): the campaign with its compact's hash and
/// rendering, or why it would be refused.
/// </summary>
public sealed record LaunchPreviewOutcome
{
    public Campaign? Campaign { get; init; }

    public string? CompactSha256 { get; init; }

    public string? CompactHtml { get; init; }

    public LaunchRefusal? Refused { get; init; }

    public IReadOnlyList<ValidationError> Errors { get; init; } = [];
}

/// <summary>What a launch did: <see cref="Launched"/>, or <see cref="Refused"/> (with <see cref="Errors"/> when the campaign is not valid).</summary>
public sealed record LaunchOutcome
{
    public LaunchedCampaign? Launched { get; init; }

    public LaunchRefusal? Refused { get; init; }

    public IReadOnlyList<ValidationError> Errors { get; init; } = [];
}

/// <summary>
/// The one home of launching a year's campaign, however it is launched (the leader through the API, or
/// the previous year carried over at the launch deadline): building it from the bloc, its units and the
/// order, validating it, opening the submission gate, storing it once, and writing the compact's
/// documents; and the idempotent opening the cycle ensures for a stored campaign. Next year's planned
/// leadership is read here too, for both ways of launching.
/// </summary>
public sealed class CampaignLauncher(
    IBlocStore blocs,
    ICampaignStore campaigns,
    IResultStore results,
    LeadershipPlans plans,
    IDocumentStore documents,
    ISubmissionWindow window,
    TimeProvider time)
{
    /// <summary>
    /// The leadership planned for <paramref name="year"/>: its plan (the previous year's, or the council's
    /// appointment for a bloc's first year), else the previous year's recorded result (recorded before the
    /// archive, the plan only after it); null when nothing decided one.
    /// </summary>
    public async Task<LeaderChoice?> PlannedLeadershipAsync(string blocId, int year, CancellationToken cancellationToken = default) =>
        (await LeadershipDecisionAsync(blocId, year, cancellationToken))?.Leadership;

    /// <summary>The planned leadership of <paramref name="year"/> with the year that decided it, or null.</summary>
    public async Task<LeadershipDecision?> LeadershipDecisionAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        if (await plans.GetAsync(blocId, year, cancellationToken) is { } plan)
        {
            return new LeadershipDecision(new LeaderChoice(plan.LeaderUnitId, plan.DeputyUnitId), plan.DecidedInYear);
        }

        return (await results.GetYearResultAsync(blocId, year - 1, cancellationToken))?.NextLeadership is { } next
            ? new LeadershipDecision(next, year - 1)
            : null;
    }

    /// <summary>
    /// Stores the council's appointment of <paramref name="year"/>'s leadership (a bloc's first year, which no
    /// previous year planned), write-once; returns the decision that stands, which differs when another was stored first.
    /// </summary>
    public async Task<LeadershipDecision> AppointAsync(string blocId, int year, LeaderChoice leadership, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        var plan = await plans.SaveAsync(new LeadershipPlan(blocId, year, leadership.LeaderUnitId, leadership.DeputyUnitId, year), cancellationToken);
        return new LeadershipDecision(new LeaderChoice(plan.LeaderUnitId, plan.DeputyUnitId), plan.DecidedInYear);
    }

    /// <summary>
    /// Launches the campaign an order describes. The documents are ensured on every accepted attempt,
    /// so a launch that crashed after storing the campaign is completed by its retry (same content).
    /// </summary>
    public async Task<LaunchOutcome> LaunchAsync(LaunchOrder order, CancellationToken cancellationToken = default)
    {
        var (campaign, refused, now) = await PrepareAsync(order, cancellationToken);
        if (campaign is null)
        {
            return refused!;
        }

        var stored = await InsertOnceAsync(campaign, now, cancellationToken);
        if (stored == InsertOnceOutcome.Conflict)
        {
            return new LaunchOutcome { Refused = LaunchRefusal.AlreadyLaunched };
        }

        var (compactSha, htmlSha) = await WriteCompactAsync(campaign, cancellationToken);
        return new LaunchOutcome { Launched = new LaunchedCampaign(campaign, stored == InsertOnceOutcome.Inserted, compactSha, htmlSha) };
    }

    /// <summary>
    /// The campaign <see cref="LaunchAsync"/> would store for the same order, its compact's hash and rendering,
    /// with nothing written: the compact a leader reviews before launching is the one the units will sign,
    /// provided the launch repeats the preview's schedule (a schedule of durations is counted from now).
    /// </summary>
    public async Task<LaunchPreviewOutcome> PreviewAsync(LaunchOrder order, CancellationToken cancellationToken = default)
    {
        var (campaign, refused, _) = await PrepareAsync(order, cancellationToken);
        return campaign is null
            ? new LaunchPreviewOutcome { Refused = refused!.Refused, Errors = refused.Errors }
            : new LaunchPreviewOutcome
            {
                Campaign = campaign,
                CompactSha256 = CompactDocument.Sha256(campaign),
                CompactHtml = CompactDocument.RenderHtml(campaign),
            };
    }

    /// <summary>The campaign an order makes, checked as a launch checks it, or the refusal; reads only.</summary>
    private async Task<(Campaign? Campaign, LaunchOutcome? Refused, DateTimeOffset Now)> PrepareAsync(LaunchOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var now = time.GetUtcNow();
        if (await blocs.GetBlocAsync(order.BlocId, cancellationToken) is not { } bloc)
        {
            return (null, new LaunchOutcome { Refused = LaunchRefusal.NoBloc }, now);
        }

        if (Leadership(order) is { } refused)
        {
            return (null, new LaunchOutcome { Refused = refused }, now);
        }

        var schedule = order.Schedule
            ?? (order.Durations is { } durations ? CampaignSchedule.Compressed(now, durations) : CampaignSchedule.ForYear(bloc.Value, order.Year));
        var units = await blocs.ListUnitsAsync(order.BlocId, cancellationToken);
        var campaign = Campaign.Create(
            bloc.Value,
            units.Select(u => u.Value),
            order.Year,
            order.FixedLeadership ?? new LeaderChoice(order.LeaderUnitId!, order.DeputyUnitId),
            order.Commitments,
            order.Criteria,
            schedule);
        if (order.YearEnd is { } yearEnd)
        {
            campaign = campaign with { Rules = campaign.Rules with { YearEnd = yearEnd } };
        }

        if (campaign.Validate() is { Count: > 0 } errors)
        {
            return (null, new LaunchOutcome { Refused = LaunchRefusal.Invalid, Errors = errors }, now);
        }

        if (!order.Stored && campaign.Schedule.SigningDeadline <= now)
        {
            return (null, new LaunchOutcome { Refused = LaunchRefusal.SigningDeadlinePassed }, now);
        }

        if (campaign.Schedule.LaunchAt.Year is var launchYear && (launchYear < order.Year - 1 || launchYear > order.Year))
        {
            return (null, new LaunchOutcome { Refused = LaunchRefusal.LaunchYearOutOfRange }, now);
        }

        if (await campaigns.GetStateAsync(order.BlocId, order.Year, cancellationToken) is { IsArchived: true })
        {
            return (null, new LaunchOutcome { Refused = LaunchRefusal.Archived }, now);
        }

        return (campaign, null, now);
    }

    /// <summary>
    /// The stored campaign of the year, else the year launched as blocs do in practice when the leader did
    /// not by the launch deadline: the previous year's criteria, commitments and rules carried over, the
    /// leadership it planned (else the rotation), members from the bloc now, and the schedule of the year
    /// from the bloc's dates. Null when there is no previous year to carry over.
    /// </summary>
    public async Task<Campaign?> StoredOrCarriedOverAsync(CampaignKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (await campaigns.GetAsync(key.BlocId, key.Year, cancellationToken) is { } stored)
        {
            return stored;
        }

        var previous = await campaigns.GetAsync(key.BlocId, key.Year - 1, cancellationToken);
        var bloc = (await blocs.GetBlocAsync(key.BlocId, cancellationToken))?.Value;
        if (previous is null || bloc is null)
        {
            return null;
        }

        var units = (await blocs.ListUnitsAsync(key.BlocId, cancellationToken)).Select(u => u.Value).ToList();
        var leadership = await PlannedLeadershipAsync(key.BlocId, key.Year, cancellationToken) ?? LeaderRules.ByRotation(bloc, units, previous.LeaderUnitId);
        var carried = Campaign.Create(
            bloc,
            units,
            key.Year,
            leadership,
            previous.Commitments,
            previous.Criteria,
            CampaignSchedule.ForYear(key.Year, bloc.LaunchMonth, bloc.LaunchDay, previous.Rules.Schedule)) with { Rules = previous.Rules };
        if (carried.FindMember(carried.LeaderUnitId) is null)
        {
            // The planned leader left the bloc: the rotation passes the turn on.
            var rotation = LeaderRules.ByRotation(bloc, units, previous.LeaderUnitId);
            carried = carried with { LeaderUnitId = rotation.LeaderUnitId, DeputyUnitId = rotation.DeputyUnitId };
        }

        if (carried.DeputyUnitId is { } deputy && (carried.FindMember(deputy) is null || deputy == carried.LeaderUnitId))
        {
            carried = carried with { DeputyUnitId = null };
        }

        var errors = carried.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {key} campaign carried over from {key.Year - 1} is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message.English}")));
        }

        // A concurrent launch by the leader wins: whatever is stored is the campaign.
        await InsertOnceAsync(carried, time.GetUtcNow(), cancellationToken);
        return await campaigns.GetAsync(key.BlocId, key.Year, cancellationToken) ?? carried;
    }

    /// <summary>
    /// Makes a stored campaign ready for signing and scoring, however it was launched: the compact's
    /// documents stored once, score submissions opened, the phase at Signing. Idempotent; does nothing
    /// once the campaign is past launch.
    /// </summary>
    public async Task EnsureOpenedAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var state = await campaigns.GetStateAsync(campaign.BlocId, campaign.Year, cancellationToken);
        if (state is null || state.Phase >= CampaignPhase.Signing)
        {
            return;
        }

        var now = time.GetUtcNow();
        await WriteCompactAsync(campaign, cancellationToken);
        await window.OpenAsync(campaign.BlocId, campaign.Year, now, cancellationToken);
        await campaigns.AdvanceAsync(campaign.BlocId, campaign.Year, CampaignPhase.Signing, now, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Submissions open with the launch, not when the cycle's first activity gets to it: a unit that submits
    /// as soon as the launch is answered (or while a restarted host catches up) is on time. Before the
    /// insert, so that no stored campaign is ever without its gate; a gate closed already stays closed.
    /// </summary>
    private async Task<InsertOnceOutcome> InsertOnceAsync(Campaign campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await window.OpenAsync(campaign.BlocId, campaign.Year, now, cancellationToken);
        return await campaigns.InsertAsync(campaign, now, cancellationToken);
    }

    /// <summary>The compact's canonical bytes and its rendering, stored once; returns their hashes.</summary>
    private async Task<(string CompactSha256, string HtmlSha256)> WriteCompactAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var json = await ActivitySupport.PutCompactAsync(campaign, documents, cancellationToken);
        var html = await ActivitySupport.PutOnceAsync(
            documents,
            CycleDocuments.CompactHtml(campaign.BlocId, campaign.Year),
            new BinaryData(Encoding.UTF8.GetBytes(CompactDocument.RenderHtml(campaign))),
            "text/html; charset=utf-8",
            cancellationToken);
        return (json.Sha256, html.Sha256);
    }

    private static LaunchRefusal? Leadership(LaunchOrder order)
    {
        if (order.FixedLeadership is not { } fixedLeadership)
        {
            return order.LeaderUnitId is null ? LaunchRefusal.LeaderRequired : null;
        }

        if (order.LeaderUnitId is { } leader && !string.Equals(leader, fixedLeadership.LeaderUnitId, StringComparison.Ordinal))
        {
            return LaunchRefusal.LeaderMismatch;
        }

        return order.DeputyUnitId is { } deputy && !string.Equals(deputy, fixedLeadership.DeputyUnitId, StringComparison.Ordinal)
            ? LaunchRefusal.DeputyMismatch
            : null;
    }
}

/// <summary>A year's planned leadership and the year that decided it: the year itself when the council appointed it.</summary>
public sealed record LeadershipDecision(LeaderChoice Leadership, int DecidedInYear);
