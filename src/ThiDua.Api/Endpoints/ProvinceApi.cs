using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Spreadsheets;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>A unit as people read it: its id and name.</summary>
public sealed record UnitName(string UnitId, string Name);

/// <summary>The outcome of an archived year's last verification, kept with its time (never run on this read).</summary>
public sealed record VerificationSummary(bool Passed, int Checks, int Failures, DateTimeOffset CheckedAt);

/// <summary>
/// One bloc's year on the province's overview. <see cref="Phase"/> is the cycle's phase code (as the status gives it),
/// <c>not-started</c> when the bloc has no cycle that year; texts are in the request's language. Late units let a
/// passed deadline go by: not signed after the signing deadline, no self-assessment after the scoring deadline.
/// </summary>
public sealed record ProvinceBloc(
    string BlocId,
    string Name,
    bool Active,
    string Phase,
    string PhaseText,
    DateTimeOffset? NextDeadline,
    string? NextDeadlineLabel,
    string? NextDeadlineVietnam,
    int Members,
    IReadOnlyList<UnitName> PendingUnits,
    IReadOnlyList<UnitName> LateUnits,
    UnitName? LeadingUnit,
    UnitName? NextLeader,
    UnitName? NextDeputy,
    bool Archived,
    string? WorkflowVersion,
    VerificationSummary? Verification);

/// <summary>Every bloc of the province in one year, by bloc id.</summary>
public sealed record ProvinceYear(int Year, IReadOnlyList<ProvinceBloc> Blocs);

/// <summary>
/// The province's overview of a year for council staff: every bloc's phase, next deadline, pending and late units,
/// results and kept verification, read from what is stored and from the cycles' status. Cheap enough for every page
/// load of twenty blocs: a bounded number of reads per bloc (its campaign, state, the one or two lists the phase
/// needs, its result), one query for every bloc's kept verification, and no archive verification.
/// </summary>
public sealed class ProvinceOverview(
    IBlocStore blocs,
    ICampaignStore campaigns,
    ISignatureStore signatures,
    IScoreSheets sheets,
    IResultStore results,
    VerificationStore verifications,
    CampaignStatusReader statusReader,
    TimeProvider clock)
{
    /// <summary>Blocs read at once: enough to hide storage latency, few enough for a small host.</summary>
    private const int Parallelism = 8;

    public const string NotStarted = "not-started";

    /// <summary>The overview of <paramref name="year"/>, texts in <paramref name="language"/>.</summary>
    public async Task<ProvinceYear> ReadAsync(DurableTaskClient client, int year, Localizer language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(language);
        var all = await blocs.ListBlocsAsync(activeOnly: false, cancellationToken);
        var kept = (await verifications.ListYearAsync(year, cancellationToken)).ToDictionary(v => v.BlocId, StringComparer.Ordinal);
        var rows = new ProvinceBloc[all.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, all.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => rows[i] = await BlocAsync(client, all[i].Value, year, kept.GetValueOrDefault(all[i].Value.BlocId), language, ct));
        return new ProvinceYear(year, rows.OrderBy(b => b.BlocId, StringComparer.Ordinal).ToList());
    }

    private async Task<ProvinceBloc> BlocAsync(DurableTaskClient client, Bloc bloc, int year, KeptVerification? kept, Localizer language, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(bloc.BlocId, year, cancellationToken);
        var status = await statusReader.GetStatusAsync(client, new CampaignKey(bloc.BlocId, year), campaign, cancellationToken);
        if (status is null)
        {
            return new ProvinceBloc(
                bloc.BlocId, bloc.Name, bloc.Active, NotStarted, PhaseText(null).In(language), null, null, null, bloc.MemberUnitIds.Count, [], [], null, null, null, false, null, null);
        }

        var name = (campaign?.Members ?? []).ToDictionary(m => m.UnitId, m => m.Name, StringComparer.Ordinal);
        UnitName? Named(string? unitId) => unitId is null ? null : new UnitName(unitId, name.GetValueOrDefault(unitId, unitId));
        var archived = status.CampaignPhase >= CampaignPhase.Archived;
        var result = campaign is null ? null : await results.GetYearResultAsync(bloc.BlocId, year, cancellationToken);
        var late = campaign is null || archived ? [] : await LateAsync(campaign, cancellationToken);
        var label = status.Deadline is null ? null : DeadlineLabel(status.Phase);
        return new ProvinceBloc(
            bloc.BlocId,
            bloc.Name,
            bloc.Active,
            status.Phase is { } phase ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(phase.ToString()) : NotStarted,
            PhaseText(status.Phase).In(language),
            label is null ? null : status.Deadline,
            label?.In(language),
            label is null || status.Deadline is not { } at ? null : VietnamTime.Format(at, language),
            campaign?.Members.Count ?? bloc.MemberUnitIds.Count,
            status.Pending.Select(u => Named(u)!).ToList(),
            late.Select(u => Named(u)!).ToList(),
            Named(result?.LeadingUnitId),
            Named(result?.NextLeadership?.LeaderUnitId),
            Named(result?.NextLeadership?.DeputyUnitId),
            archived,
            status.WorkflowVersion,
            kept is null ? null : new VerificationSummary(kept.Passed, kept.Checks, kept.Failures, kept.CheckedAt));
    }

    /// <summary>Members that let a passed deadline go by: unsigned after the signing deadline, without a self-assessment after the scoring deadline.</summary>
    private async Task<IReadOnlyList<string>> LateAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var late = new HashSet<string>(StringComparer.Ordinal);
        if (now > campaign.Schedule.SigningDeadline)
        {
            late.UnionWith(await CycleProgress.NotSignedAsync(campaign, signatures, cancellationToken));
        }

        if (now > campaign.Schedule.ScoringDeadline)
        {
            late.UnionWith(await CycleProgress.NotSubmittedAsync(campaign, sheets, cancellationToken));
        }

        return campaign.Members.Select(m => m.UnitId).Where(late.Contains).ToList();
    }

    private static Phrase PhaseText(CyclePhase? phase) => phase switch
    {
        null => new("Chưa bắt đầu năm thi đua", "Not started"),
        CyclePhase.AwaitingLaunch => new("Chờ phát động thi đua", "Awaiting the launch"),
        CyclePhase.Signing => new("Ký giao ước thi đua", "Signing the compact"),
        CyclePhase.Scoring => new("Nộp bảng tự chấm điểm", "Self-assessment"),
        CyclePhase.Review => new("Thẩm định điểm", "Review"),
        CyclePhase.AwaitingConference => new("Chờ hội nghị tổng kết khối", "Awaiting the year-end conference"),
        CyclePhase.VotingLeadingUnit => new("Bình xét, suy tôn đơn vị dẫn đầu", "Leading-unit vote"),
        CyclePhase.ElectingLeader => new("Bầu trưởng khối năm sau", "Electing next year's bloc leader"),
        CyclePhase.ElectingDeputy => new("Bầu phó trưởng khối năm sau", "Electing next year's deputy bloc leader"),
        CyclePhase.ClosingConference => new("Kết thúc hội nghị tổng kết khối", "Closing the year-end conference"),
        CyclePhase.Archiving => new("Lập hồ sơ lưu trữ", "Archiving"),
        CyclePhase.Completed => new("Đã hoàn thành", "Completed"),
        CyclePhase.NotLaunched => new("Không phát động", "Not launched"),
        _ => new(phase.Value.ToString(), phase.Value.ToString()),
    };

    private static Phrase? DeadlineLabel(CyclePhase? phase) => phase switch
    {
        CyclePhase.AwaitingLaunch => new("Hạn phát động thi đua", "Launch deadline"),
        CyclePhase.Signing => Key(TextKeys.DeadlineSigning),
        CyclePhase.Scoring => Key(TextKeys.DeadlineScoring),
        CyclePhase.Review => Key(TextKeys.DeadlineReview),
        CyclePhase.VotingLeadingUnit => Key(TextKeys.DeadlineVoting),
        CyclePhase.ElectingLeader => Key(TextKeys.DeadlineLeaderElection),
        CyclePhase.ElectingDeputy => new("Hạn bầu phó trưởng khối năm sau", "Next deputy election deadline"),
        CyclePhase.AwaitingConference or CyclePhase.ClosingConference => new("Hạn hội nghị tổng kết khối", "Year-end conference deadline"),
        CyclePhase.Archiving => Key(TextKeys.DeadlineArchive),
        _ => null,
    };

    private static Phrase Key(string key) => new(Localizer.Vietnamese[key], Localizer.English[key]);
}

/// <summary>The province's overview for council staff.</summary>
public static class ProvinceApi
{
    /// <summary>GET <see cref="ApiRoutes.ProvinceYear"/>: every bloc's year (<see cref="ProvinceOverview"/>).</summary>
    public static async Task<IResult> GetYearAsync(
        string year, HttpRequest request, [FromServices] ProvinceOverview overview, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(overview);
        return ApiJson.Json(await overview.ReadAsync(client, Admission.Of(request).Year, ApiLanguage.Of(request), cancellationToken));
    }

    /// <summary>GET <see cref="ApiRoutes.ProvinceSummary"/>: the same overview as a workbook (<see cref="ProvinceSummary"/>).</summary>
    public static async Task<IResult> GetSummaryAsync(
        string year, HttpRequest request, [FromServices] ProvinceOverview overview, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(overview);
        var (y, language) = (Admission.Of(request).Year, ApiLanguage.Of(request));
        var province = await overview.ReadAsync(client, y, language, cancellationToken);
        var fileName = new Phrase($"tong-hop-khoi-thi-dua-{y}.xlsx", $"province-summary-{y}.xlsx").In(language);
        return Results.File(Workbook.Write([ProvinceSummary.Table(province, language)]), XlsxFile.MediaType, fileName);
    }
}
