using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>Body of the attendance: the presence of some or all member units.</summary>
public sealed record AttendanceRequest
{
    public required IReadOnlyList<AttendanceEntry> Attendance { get; init; }
}

/// <summary>Body of the chair's opening of a round: which vote (leading-unit, leader or deputy).</summary>
public sealed record RoundOpeningRequest
{
    public required string Purpose { get; init; }
}

/// <summary>A member unit and its presence.</summary>
public sealed record AttendanceView(string UnitId, string Name, Attendance Attendance);

/// <summary>A candidate as shown in the room.</summary>
public sealed record CandidateView(string UnitId, string Name);

/// <summary>A round of a conference vote: open (with the live count of ballots, never their choices) or closed with its tally.</summary>
public sealed record ConferenceRoundView(
    VotePurpose Purpose,
    int Round,
    IReadOnlyList<CandidateView> Candidates,
    DateTimeOffset ClosesAt,
    int BallotsReceived,
    int Eligible,
    Tally? Tally);

/// <summary>A nomination as shown.</summary>
public sealed record NominationView(VotePurpose Purpose, string UnitId, string Name, DateTimeOffset NominatedAt, bool Declined);

/// <summary>
/// The year-end conference as the room sees it: attendance and quorum, the vote the chair opens next, the round
/// in progress with how many ballots are in, every closed round's result, and the nominations.
/// </summary>
public sealed record ConferenceView(
    string BlocId,
    string BlocName,
    int Year,
    YearEndMode Mode,
    string ChairUnitId,
    bool Opened,
    DateTimeOffset? OpenedAt,
    bool Closed,
    DateTimeOffset? ClosedAt,
    bool ClosedByBound,
    IReadOnlyList<AttendanceView> Attendance,
    int Members,
    int PresentCount,
    int QuorumNeeded,
    bool Quorum,
    VotePurpose? NextPurpose,
    int? NextRound,
    ConferenceRoundView? OpenRound,
    IReadOnlyList<ConferenceRoundView> ClosedRounds,
    IReadOnlyList<NominationView> Nominations);

/// <summary>A chair's request accepted: the workflow acts on it within moments.</summary>
public sealed record ChairAct(VotePurpose Purpose, int Round);

/// <summary>
/// The year-end conference and nominations. The chair is the year's leader or council staff; the workflow
/// holds the votes, and these operations record the chair's acts in storage and wake it.
/// </summary>
public static class ConferenceApi
{
    public static async Task<IResult> GetAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        return ApiJson.Json(await ViewAsync(campaign, api, cancellationToken));
    }

    public static async Task<IResult> OpenAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var (chair, refused) = await ChairAsync(blocId, request, api, cancellationToken);
        if (chair is not var (campaign, caller))
        {
            return refused!;
        }

        var existing = await api.Conferences.GetAsync(blocId, campaign.Year, cancellationToken);
        if (existing?.ClosedAt is not null)
        {
            return ConferenceClosed(existing);
        }

        if (existing is null)
        {
            if (await api.Results.GetRankingAsync(blocId, campaign.Year, cancellationToken) is null)
            {
                return ApiProblems.Conflict("scoring-not-finished", new(
                    "Hội nghị tổng kết khối chỉ khai mạc khi việc chấm điểm và thẩm định đã kết thúc và kết quả xếp hạng đã công bố.",
                    "The conference opens once scoring and its review have ended and the ranking is published."));
            }

            if (api.Clock.GetUtcNow() >= campaign.Schedule.VotingDeadline)
            {
                return ApiProblems.Conflict("conference-too-late", new(
                    $"Hội nghị tổng kết khối phải khai mạc trước {VietnamTime.Format(campaign.Schedule.VotingDeadline)}.",
                    $"The conference had to open by {VietnamTime.Format(campaign.Schedule.VotingDeadline, Localizer.English)}."));
            }

            await api.Conferences.OpenAsync(blocId, campaign.Year, caller.UnitId, api.Clock.GetUtcNow(), cancellationToken);
            await Cycles.RaiseAsync(client, CycleIds.Conference(Key(campaign)), CycleEvents.ConferenceChanged, null, api.Logger, cancellationToken);
        }

        return ApiJson.Json(await ViewAsync(campaign, api, cancellationToken));
    }

    public static async Task<IResult> RecordAttendanceAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (chair, refused) = await ChairAsync(blocId, request, api, cancellationToken);
        if (chair is not var (campaign, _))
        {
            return refused!;
        }

        var (body, problem) = await ApiJson.ReadAsync<AttendanceRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var errors = new List<ValidationError>();
        for (var i = 0; i < body.Attendance.Count; i++)
        {
            var entry = body.Attendance[i];
            if (entry is null || campaign.FindMember(entry.UnitId) is null)
            {
                errors.Add(new ValidationError($"attendance[{i}].unitId", ErrorCodes.Unknown, new($"'{entry?.UnitId}' không phải là đơn vị thành viên của khối.", $"'{entry?.UnitId}' is not a member unit of the bloc.")));
            }
            else if (!Enum.IsDefined(entry.Attendance))
            {
                errors.Add(new ValidationError($"attendance[{i}].attendance", ErrorCodes.Unknown, new("Phải là Present, Represented hoặc Absent.", "Must be Present, Represented or Absent.")));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (await OpenConferenceAsync(campaign, api, cancellationToken) is { } notOpen)
        {
            return notOpen;
        }

        await api.Conferences.SetAttendanceAsync(blocId, campaign.Year, body.Attendance, cancellationToken);
        return ApiJson.Json(await ViewAsync(campaign, api, cancellationToken));
    }

    public static async Task<IResult> OpenRoundAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var (chair, refused) = await ChairAsync(blocId, request, api, cancellationToken);
        if (chair is not var (campaign, _))
        {
            return refused!;
        }

        var (body, problem) = await ApiJson.ReadAsync<RoundOpeningRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (VoteApi.Purpose(body.Purpose) is not { } purpose || !Purposes(campaign).Contains(purpose))
        {
            return ApiProblems.BadRequest("purpose", ErrorCodes.Unknown, new(
                $"Phải là một trong các nội dung bỏ phiếu của khối: {string.Join(", ", Purposes(campaign).Select(VoteApi.PurposeName))}.",
                $"Must be one of the votes this bloc holds: {string.Join(", ", Purposes(campaign).Select(VoteApi.PurposeName))}."));
        }

        if (await OpenConferenceAsync(campaign, api, cancellationToken) is { } notOpen)
        {
            return notOpen;
        }

        var view = await ViewAsync(campaign, api, cancellationToken);
        if (view.OpenRound is { } open)
        {
            return ApiProblems.Conflict("round-open", RoundStillOpen(open.Round, open.Purpose), "purpose");
        }

        if (view.NextPurpose != purpose || view.NextRound is not { } number)
        {
            return ApiProblems.Conflict(
                "not-next",
                view.NextPurpose is { } next
                    ? new($"Nội dung bỏ phiếu tiếp theo là {VoteApi.VoteOf(next).Vietnamese}.", $"The next vote is the {VoteApi.VoteOf(next).English}.")
                    : new("Mọi nội dung bỏ phiếu của hội nghị đã kết thúc.", "Every vote of this conference has ended."),
                "purpose");
        }

        if (!view.Quorum)
        {
            return ApiProblems.Conflict("no-quorum", new(
                $"Có {view.PresentCount}/{view.Members} đơn vị thành viên có mặt hoặc được ủy quyền; cần ít nhất {view.QuorumNeeded} đơn vị.",
                $"{view.PresentCount} of {view.Members} member units are present or represented; {view.QuorumNeeded} are needed."));
        }

        var roundKey = VoteRound.KeyOf(blocId, campaign.Year, purpose, number);
        if (!await api.Conferences.RequestOpenAsync(blocId, campaign.Year, roundKey, api.Clock.GetUtcNow(), cancellationToken))
        {
            return ApiProblems.Conflict("round-requested", new(
                $"Vòng bỏ phiếu thứ {number} ({VoteApi.VoteOf(purpose).Vietnamese}) đang được mở.",
                $"Round {number} of the {VoteApi.VoteOf(purpose).English} is already being opened."), "purpose");
        }

        await WakeAsync(client, Key(campaign), purpose, api, cancellationToken);
        return ApiJson.Json(new ChairAct(purpose, number), StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> CloseRoundAsync(string blocId, string year, string purpose, string round, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var (chair, refused) = await ChairAsync(blocId, request, api, cancellationToken);
        if (chair is not var (campaign, _))
        {
            return refused!;
        }

        if (VoteApi.Purpose(purpose) is not { } votePurpose)
        {
            return VoteApi.BadPurpose();
        }

        if (VoteApi.RoundNumber(round) is not { } number)
        {
            return VoteApi.BadRoundNumber();
        }

        var key = VoteRound.KeyOf(blocId, campaign.Year, votePurpose, number);
        if (await api.Votes.GetRoundAsync(key, cancellationToken) is null)
        {
            return ApiProblems.NotFound("round", new(
                $"Vòng bỏ phiếu thứ {number} ({VoteApi.VoteOf(votePurpose).Vietnamese}) chưa được mở.",
                $"Round {number} of the {purpose} vote has not been opened."));
        }

        if (await api.Votes.GetTallyAsync(key, cancellationToken) is not null
            || !await api.Conferences.RequestCloseAsync(blocId, campaign.Year, key, api.Clock.GetUtcNow(), cancellationToken))
        {
            return ApiProblems.Conflict("round-closed", new(
                $"Vòng bỏ phiếu thứ {number} ({VoteApi.VoteOf(votePurpose).Vietnamese}) đã kết thúc.",
                $"Round {number} of the {purpose} vote is closed already."), "round");
        }

        await Cycles.RaiseAsync(client, CycleIds.Vote(Key(campaign), votePurpose), CycleEvents.BallotCast, null, api.Logger, cancellationToken);
        return ApiJson.Json(new ChairAct(votePurpose, number), StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> CloseAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var (chair, refused) = await ChairAsync(blocId, request, api, cancellationToken);
        if (chair is not var (campaign, caller))
        {
            return refused!;
        }

        if (await OpenConferenceAsync(campaign, api, cancellationToken) is { } notOpen)
        {
            return notOpen;
        }

        var before = await ViewAsync(campaign, api, cancellationToken);
        if (before.OpenRound is { } open)
        {
            return ApiProblems.Conflict("round-open", RoundStillOpen(open.Round, open.Purpose));
        }

        var (record, closed) = await api.Conferences.CloseAsync(blocId, campaign.Year, caller.UnitId, byBound: false, api.Clock.GetUtcNow(), cancellationToken);
        if (!closed)
        {
            return ConferenceClosed(record);
        }

        // A vote waiting for the chair ends too: it reads that the conference closed. Later votes read it when they start.
        var key = Key(campaign);
        if (before.NextPurpose is { } waiting)
        {
            await WakeAsync(client, key, waiting, api, cancellationToken);
        }

        await Cycles.RaiseAsync(client, CycleIds.Conference(key), CycleEvents.ConferenceChanged, null, api.Logger, cancellationToken);
        return ApiJson.Json(await ViewAsync(campaign, api, cancellationToken));
    }

    public static async Task<IResult> ListNominationsAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        return ApiJson.Json(await NominationsAsync(campaign, api, cancellationToken));
    }

    public static async Task<IResult> NominateAsync(string blocId, string year, string purpose, string unitId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (chair, refused) = await ChairAsync(blocId, request, api, cancellationToken);
        if (chair is not var (campaign, _))
        {
            return refused!;
        }

        if (await NominationRefusedAsync(campaign, purpose, unitId, api, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (nomination, created) = await api.Conferences.NominateAsync(blocId, campaign.Year, VoteApi.Purpose(purpose)!.Value, unitId, api.Clock.GetUtcNow(), cancellationToken);
        return ApiJson.Json(View(campaign, nomination), created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> DeclineAsync(string blocId, string year, string purpose, string unitId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        if (await NominationRefusedAsync(campaign, purpose, unitId, api, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return await api.Conferences.DeclineAsync(blocId, y, VoteApi.Purpose(purpose)!.Value, unitId, api.Clock.GetUtcNow(), cancellationToken) is { } declined
            ? ApiJson.Json(View(campaign, declined))
            : ApiProblems.NotFound("unitId", new(
                $"Đơn vị '{unitId}' không có tên trong danh sách đề cử {VoteApi.VoteOf(VoteApi.Purpose(purpose)!.Value).Vietnamese}.",
                $"Unit '{unitId}' is not nominated for {purpose}."));
    }

    /// <summary>The conference as the room sees it, read from storage.</summary>
    internal static async Task<ConferenceView> ViewAsync(Campaign campaign, ApiServices api, CancellationToken cancellationToken)
    {
        var (blocId, year) = (campaign.BlocId, campaign.Year);
        var record = await api.Conferences.GetAsync(blocId, year, cancellationToken);
        var recorded = (await api.Conferences.ListAttendanceAsync(blocId, year, cancellationToken)).ToDictionary(a => a.UnitId, a => a.Attendance, StringComparer.Ordinal);
        var attendance = campaign.Members.OrderBy(m => m.UnitId, StringComparer.Ordinal)
            .Select(m => new AttendanceView(m.UnitId, m.Name, recorded.GetValueOrDefault(m.UnitId, Attendance.Absent)))
            .ToList();
        var present = attendance.Count(a => a.Attendance != Attendance.Absent);
        var quorumNeeded = VoteRules.QuorumBallots(campaign.Members.Count, campaign.Rules.Voting.Quorum);

        ConferenceRoundView? openRound = null;
        var closedRounds = new List<ConferenceRoundView>();
        VotePurpose? nextPurpose = null;
        int? nextRound = null;
        foreach (var purpose in Purposes(campaign))
        {
            var (rounds, finished) = await RoundsAsync(campaign, purpose, api, cancellationToken);
            closedRounds.AddRange(rounds.Where(r => r.Tally is not null));
            openRound ??= rounds.FirstOrDefault(r => r.Tally is null);
            if (!finished && nextPurpose is null)
            {
                nextPurpose = purpose;
                nextRound = rounds.Count + 1;
            }
        }

        return new ConferenceView(
            blocId,
            campaign.BlocName,
            year,
            campaign.Rules.YearEnd,
            campaign.LeaderUnitId,
            record?.OpenedAt is not null,
            record?.OpenedAt,
            record?.ClosedAt is not null,
            record?.ClosedAt,
            record?.ClosedByBound ?? false,
            attendance,
            campaign.Members.Count,
            present,
            quorumNeeded,
            present >= quorumNeeded,
            openRound is null ? nextPurpose : null,
            openRound is null ? nextRound : null,
            openRound,
            closedRounds,
            await NominationsAsync(campaign, api, cancellationToken));
    }

    /// <summary>The votes the conference holds, in order: the leading unit, then the leader and deputy when the bloc votes for them.</summary>
    /// <summary>Who chairs the year-end votes: the refusal of anyone else.</summary>
    internal static Phrase ChairOnly(string blocId, int? year) => new(
        $"Chỉ trưởng khối '{blocId}' năm {year} hoặc cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được điều hành các cuộc bỏ phiếu tại hội nghị tổng kết khối.",
        $"Only the leader of bloc '{blocId}' for {year} or council staff chair its year-end votes.");

    private static Phrase RoundStillOpen(int round, VotePurpose purpose) => new(
        $"Vòng bỏ phiếu thứ {round} ({VoteApi.VoteOf(purpose).Vietnamese}) vẫn đang mở; hãy kết thúc vòng này trước.",
        $"Round {round} of the {VoteApi.VoteOf(purpose).English} is still open; close it first.");

    private static List<VotePurpose> Purposes(Campaign campaign)
    {
        var purposes = new List<VotePurpose> { VotePurpose.LeadingUnit };
        if (campaign.Rules.LeaderElection == LeaderElectionMode.Vote)
        {
            purposes.Add(VotePurpose.Leader);
        }

        if (campaign.Rules.DeputyElection == LeaderElectionMode.Vote)
        {
            purposes.Add(VotePurpose.Deputy);
        }

        return purposes;
    }

    /// <summary>
    /// The opened rounds of a vote and whether the vote has ended: its last round decided it or left no runoff,
    /// or its acclamation was recorded without ballot, or it had nobody to vote on.
    /// </summary>
    private static async Task<(List<ConferenceRoundView> Rounds, bool Finished)> RoundsAsync(Campaign campaign, VotePurpose purpose, ApiServices api, CancellationToken cancellationToken)
    {
        var rounds = new List<ConferenceRoundView>();
        var names = campaign.Members.ToDictionary(m => m.UnitId, m => m.Name, StringComparer.Ordinal);
        Tally? last = null;
        for (var n = 1; n <= CycleProgress.MaxVoteRounds; n++)
        {
            var key = VoteRound.KeyOf(campaign.BlocId, campaign.Year, purpose, n);
            if (await api.Votes.GetRoundAsync(key, cancellationToken) is not { } opened)
            {
                break;
            }

            last = await api.Votes.GetTallyAsync(key, cancellationToken);
            var voters = last is null ? (await api.Votes.ListVotersAsync(key, cancellationToken)).Count : last.BallotsCast;
            rounds.Add(new ConferenceRoundView(
                purpose, n, opened.Round.Candidates.Select(c => new CandidateView(c, names.GetValueOrDefault(c, c))).ToList(),
                opened.ClosesAt, voters, opened.EligibleUnitIds.Count, last));
        }

        if (rounds.Count > 0)
        {
            return (rounds, last is { Next: not NextStep.Runoff });
        }

        var candidates = await CandidatesAsync(campaign, purpose, api, cancellationToken);
        var acclaimedWithoutBallot = candidates.Count == 1 && campaign.Rules.Voting.AcclamationBallot == AcclamationBallot.None
            && await api.Conferences.GetRequestAsync(campaign.BlocId, campaign.Year, VoteRound.KeyOf(campaign.BlocId, campaign.Year, purpose, 1), close: false, cancellationToken) is not null;
        return (rounds, candidates.Count == 0 || acclaimedWithoutBallot);
    }

    /// <summary>Who stands in a vote not opened yet (the workflow's plan decides; this is what the room is shown).</summary>
    private static async Task<IReadOnlyList<string>> CandidatesAsync(Campaign campaign, VotePurpose purpose, ApiServices api, CancellationToken cancellationToken)
    {
        if (purpose == VotePurpose.LeadingUnit)
        {
            var ranking = await api.Results.GetRankingAsync(campaign.BlocId, campaign.Year, cancellationToken);
            return ranking is null ? [] : VoteRules.LeadingUnitRound(campaign, ranking).Candidates;
        }

        var nominations = await api.Conferences.ListNominationsAsync(campaign.BlocId, campaign.Year, cancellationToken);
        return LeaderRules.Candidates(campaign, purpose, nominations, null);
    }

    private static async Task<IReadOnlyList<NominationView>> NominationsAsync(Campaign campaign, ApiServices api, CancellationToken cancellationToken) =>
        (await api.Conferences.ListNominationsAsync(campaign.BlocId, campaign.Year, cancellationToken))
            .Where(n => campaign.FindMember(n.UnitId) is not null)
            .Select(n => View(campaign, n))
            .ToList();

    private static NominationView View(Campaign campaign, Nomination nomination) =>
        new(nomination.Purpose, nomination.UnitId, campaign.FindMember(nomination.UnitId)?.Name ?? nomination.UnitId, nomination.NominatedAt, nomination.Declined);

    /// <summary>Why a nomination (or declining one) is refused now, or null: the purpose, the unit and the vote's state.</summary>
    private static async Task<IResult?> NominationRefusedAsync(Campaign campaign, string purpose, string unitId, ApiServices api, CancellationToken cancellationToken)
    {
        if (VoteApi.Purpose(purpose) is not { } votePurpose || votePurpose == VotePurpose.LeadingUnit)
        {
            return ApiProblems.BadRequest("purpose", ErrorCodes.Unknown, new(
                "Phải là leader hoặc deputy: đơn vị dẫn đầu được bình xét trong số các đơn vị xếp hạng cao nhất.",
                "Must be leader or deputy: the leading unit is chosen among the top of the ranking."));
        }

        var mode = votePurpose == VotePurpose.Leader ? campaign.Rules.LeaderElection : campaign.Rules.DeputyElection;
        if (mode != LeaderElectionMode.Vote)
        {
            return ApiProblems.Conflict("by-rotation", new(
                $"Khối này chọn {(votePurpose == VotePurpose.Leader ? "trưởng khối" : "phó trưởng khối")} theo luân phiên; đề cử chỉ dùng khi bỏ phiếu.",
                $"This bloc chooses its {purpose} by rotation; nominations are for a vote."), "purpose");
        }

        if (campaign.FindMember(unitId) is null)
        {
            return ApiProblems.NotFound("unitId", new($"'{unitId}' không phải là đơn vị thành viên của khối trong năm {campaign.Year}.", $"'{unitId}' is not a member unit of the bloc in {campaign.Year}."));
        }

        if (await api.Campaigns.GetStateAsync(campaign.BlocId, campaign.Year, cancellationToken) is { IsArchived: true })
        {
            return ApiProblems.Conflict("archived", new($"Năm thi đua {campaign.Year} của khối '{campaign.BlocId}' đã được lưu trữ.", $"Year {campaign.Year} of bloc '{campaign.BlocId}' is archived."));
        }

        var first = VoteRound.KeyOf(campaign.BlocId, campaign.Year, votePurpose, 1);
        if (await api.Votes.GetRoundAsync(first, cancellationToken) is not null
            || await api.Conferences.GetRequestAsync(campaign.BlocId, campaign.Year, first, close: false, cancellationToken) is not null)
        {
            return ApiProblems.Conflict("vote-opened", new(
                $"Việc {VoteApi.VoteOf(votePurpose).Vietnamese} đã bắt đầu: danh sách đề cử không thay đổi được nữa.",
                $"The {purpose} vote has opened: its candidates are fixed."), "purpose");
        }

        return null;
    }

    /// <summary>The campaign when the caller chairs it: the year's leader, or council staff.</summary>
    private static async Task<((Campaign Campaign, Caller Caller)? Chair, IResult? Refused)> ChairAsync(string blocId, HttpRequest request, ApiServices api, CancellationToken cancellationToken)
    {
        var (caller, y) = Admission.Of(request);
        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return (null, ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}.")));
        }

        if (!caller.IsAdmin && !caller.Is(blocId, campaign.LeaderUnitId))
        {
            return (null, ApiProblems.Forbidden(ChairOnly(blocId, y)));
        }

        return ((campaign, caller), null);
    }

    /// <summary>A problem when the campaign holds no conference or it is not open now, or null.</summary>
    private static async Task<IResult?> OpenConferenceAsync(Campaign campaign, ApiServices api, CancellationToken cancellationToken)
    {
        if (campaign.Rules.YearEnd != YearEndMode.Conference)
        {
            return ApiProblems.Conflict("not-conference", new("Các cuộc bỏ phiếu năm nay diễn ra theo thời hạn, không tại hội nghị tổng kết khối.", "This year's votes are held by deadline, not at a conference."));
        }

        var record = await api.Conferences.GetAsync(campaign.BlocId, campaign.Year, cancellationToken);
        return record switch
        {
            null or { OpenedAt: null, ClosedAt: null } => ApiProblems.Conflict("conference-not-open", new("Hội nghị tổng kết khối chưa khai mạc.", "The conference has not been opened.")),
            { ClosedAt: not null } => ConferenceClosed(record),
            _ => null,
        };
    }

    private static IResult ConferenceClosed(ConferenceRecord record) =>
        ApiProblems.Conflict("conference-closed", new(
            $"Hội nghị tổng kết khối đã bế mạc lúc {VietnamTime.Format(record.ClosedAt!.Value)}.",
            $"The conference closed at {VietnamTime.Format(record.ClosedAt!.Value, Localizer.English)}."));

    private static CampaignKey Key(Campaign campaign) => new(campaign.BlocId, campaign.Year);

    /// <summary>
    /// Wakes whoever waits for the chair's act on a vote: the vote itself once it runs, and for the leader and
    /// deputy the leadership election, which plans their vote when the chair opens its first round.
    /// </summary>
    private static async Task WakeAsync(DurableTaskClient client, CampaignKey key, VotePurpose purpose, ApiServices api, CancellationToken cancellationToken)
    {
        await Cycles.RaiseAsync(client, CycleIds.Vote(key, purpose), CycleEvents.BallotCast, null, api.Logger, cancellationToken);
        if (purpose != VotePurpose.LeadingUnit)
        {
            await Cycles.RaiseAsync(client, CycleIds.LeaderElection(key), CycleEvents.BallotCast, null, api.Logger, cancellationToken);
        }
    }
}
