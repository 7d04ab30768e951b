using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>Body of a ballot: a candidate's unit id, or null to abstain (the field is required either way).</summary>
public sealed record BallotRequest
{
    public required string? Choice { get; init; }
}

/// <summary>
/// What a voter keeps: the ballot's random id and its receipt, with which it finds its ballot in the
/// list published after the close. Nothing in storage links the receipt to the voter.
/// </summary>
public sealed record BallotReceipt(string RoundKey, int Round, string BallotId, string? Choice, string Receipt);

/// <summary>A ballot as published after the close.</summary>
public sealed record PublishedBallot(string BallotId, string? Choice, string Receipt);

/// <summary>A closed round: its count and every ballot, without voters.</summary>
public sealed record RoundResult(string RoundKey, int Round, IReadOnlyList<string> Candidates, int EligibleVoters, DateTimeOffset ClosesAt, Tally Tally, IReadOnlyList<PublishedBallot> Ballots);

/// <summary>Secret ballots: a unit casts its own; after the close everyone of the bloc checks the count.</summary>
public static class VoteApi
{
    public static async Task<IResult> CastAsync(string blocId, string year, string purpose, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var admitted = Admission.Of(request);
        var (caller, y) = admitted;
        var votePurpose = admitted.Purpose;
        var (body, problem) = await ApiJson.ReadAsync<BallotRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (await api.GetCampaignAsync(blocId, y, cancellationToken) is not { } campaign)
        {
            return ApiProblems.NotFound("year", new($"Khối '{blocId}' chưa có năm thi đua {y}.", $"Bloc '{blocId}' has no campaign for {y}."));
        }

        if (await CycleProgress.CurrentRoundAsync(api.Votes, campaign, votePurpose, cancellationToken) is not { } round)
        {
            return ApiProblems.Conflict("no-open-round", new(
                $"Khối '{blocId}' không có vòng bỏ phiếu nào đang mở để {VoteOf(votePurpose).Vietnamese} năm {y}.",
                $"No {purpose} vote is open for bloc '{blocId}' in {y}."));
        }

        if (!round.EligibleUnitIds.Contains(caller.UnitId!, StringComparer.Ordinal))
        {
            return ApiProblems.Forbidden(new(
                $"Đơn vị '{caller.UnitId}' không có quyền bỏ phiếu ở vòng {round.Round.RoundNumber}.",
                $"Unit '{caller.UnitId}' is not entitled to vote in round {round.Round.RoundNumber}."));
        }

        if (api.Clock.GetUtcNow() >= round.ClosesAt
            || (round.Round.Present is not null
                && await api.Conferences.GetRequestAsync(blocId, y, round.Round.RoundKey, close: true, cancellationToken) is not null))
        {
            // The workflow closes the round when its durable timer fires, which can be late on a busy or
            // restarted host; the round's closing time is what entitles a ballot, not that timer.
            return RoundClosed(round);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var ballot = new Ballot(round.Round.RoundKey, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), body.Choice);
            if (VoteRules.Validate(ballot, round.Round, campaign.Rules.Voting, caller.UnitId!) is { Count: > 0 } errors)
            {
                return ApiProblems.Validation(errors);
            }

            var receipt = VoteRules.Receipt(ballot);
            switch (await api.Votes.CastAsync(caller.UnitId!, ballot, receipt, cancellationToken))
            {
                case CastOutcome.Cast:
                    // No payload: the event says that someone voted, never who.
                    await Cycles.RaiseAsync(client, CycleIds.Vote(new CampaignKey(blocId, y), votePurpose), CycleEvents.BallotCast, null, api.Logger, cancellationToken);
                    return ApiJson.Json(new BallotReceipt(ballot.RoundKey, round.Round.RoundNumber, ballot.BallotId, ballot.Choice, receipt), StatusCodes.Status201Created);
                case CastOutcome.AlreadyVoted:
                    return ApiProblems.Conflict("already-voted", new(
                        $"Đơn vị '{caller.UnitId}' đã bỏ phiếu ở vòng {round.Round.RoundNumber}; phiếu bầu đã bỏ không được thay đổi.",
                        $"Unit '{caller.UnitId}' has voted in round {round.Round.RoundNumber} already; a ballot is never changed."));
                case CastOutcome.RoundClosed:
                    return RoundClosed(round);
                default:
                    continue;
            }
        }

        throw new InvalidOperationException("Three random ballot ids, one after another, were taken.");
    }

    public static async Task<IResult> GetRoundAsync(string blocId, string year, string purpose, string round, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var y = Admission.Of(request).Year;
        if (Purpose(purpose) is not { } votePurpose)
        {
            return BadPurpose();
        }

        if (RoundNumber(round) is not { } number)
        {
            return BadRoundNumber();
        }

        var key = VoteRound.KeyOf(blocId, y, votePurpose, number);
        if (await api.Votes.GetRoundAsync(key, cancellationToken) is not { } opened)
        {
            return ApiProblems.NotFound("round", new(
                $"Khối '{blocId}' không có vòng bỏ phiếu thứ {number} ({VoteOf(votePurpose).Vietnamese}) năm {y}.",
                $"No round {number} of the {purpose} vote of bloc '{blocId}' in {y}."));
        }

        if (await api.Votes.GetTallyAsync(key, cancellationToken) is not { } tally)
        {
            return ApiProblems.Conflict("round-open", new(
                $"Vòng bỏ phiếu thứ {number} được kiểm phiếu sau khi kết thúc ({VietnamTime.Format(opened.ClosesAt)}).",
                $"Round {number} is counted after it closes ({VietnamTime.Format(opened.ClosesAt, Localizer.English)})."));
        }

        var ballots = await api.Votes.ListBallotsAsync(key, cancellationToken);
        return ApiJson.Json(new RoundResult(
            key, number, opened.Round.Candidates, opened.Round.EligibleVoters, opened.ClosesAt, tally,
            ballots.Select(b => new PublishedBallot(b.BallotId, b.Choice, b.Receipt)).ToList()));
    }

    /// <summary>The vote purposes a route accepts, as <see cref="Purpose"/> reads them.</summary>
    internal static IReadOnlyList<string> PurposeNames { get; } = ["leading-unit", "leader", "deputy"];

    /// <summary>The route's vote purpose: <c>leading-unit</c>, <c>leader</c> or <c>deputy</c>.</summary>
    internal static VotePurpose? Purpose(string? value) => value switch
    {
        "leading-unit" => VotePurpose.LeadingUnit,
        "leader" => VotePurpose.Leader,
        "deputy" => VotePurpose.Deputy,
        _ => null,
    };

    private static IResult RoundClosed(OpenedVoteRound round) =>
        ApiProblems.Conflict("round-closed", new(
            $"Vòng bỏ phiếu thứ {round.Round.RoundNumber} đã kết thúc lúc {VietnamTime.Format(round.ClosesAt)}.",
            $"Round {round.Round.RoundNumber} closed at {VietnamTime.Format(round.ClosesAt, Localizer.English)}."));

    internal static IResult BadPurpose() =>
        ApiProblems.BadRequest("purpose", ErrorCodes.Unknown, new("Phải là leading-unit, leader hoặc deputy.", "Must be leading-unit, leader or deputy."));

    /// <summary>A round number of a route, or null when it is not one from 1 to <see cref="CycleProgress.MaxVoteRounds"/>.</summary>
    internal static int? RoundNumber(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= CycleProgress.MaxVoteRounds
            ? number
            : null;

    internal static IResult BadRoundNumber() =>
        ApiProblems.BadRequest("round", ErrorCodes.OutOfRange, new($"Phải là số thứ tự vòng bỏ phiếu từ 1 đến {CycleProgress.MaxVoteRounds}.", $"Must be a round number from 1 to {CycleProgress.MaxVoteRounds}."));

    /// <summary>The route name of a vote purpose.</summary>
    internal static string PurposeName(VotePurpose purpose) => PurposeNames[(int)purpose];

    /// <summary>The vote of <paramref name="purpose"/> as refusals name it: "bầu trưởng khối", "leader vote".</summary>
    internal static Phrase VoteOf(VotePurpose purpose) => purpose switch
    {
        VotePurpose.LeadingUnit => new("bình xét, suy tôn đơn vị dẫn đầu", "leading-unit vote"),
        VotePurpose.Leader => new("bầu trưởng khối", "leader vote"),
        _ => new("bầu phó trưởng khối", "deputy vote"),
    };
}
