using ThiDua.Api.Http;
using ThiDua.Domain;

namespace ThiDua.Api;

/// <summary>
/// Who may call each operation, by its name: the local host's endpoint name and the Functions app's function
/// name. Both hosts admit an operation with this (<see cref="ApiPipeline"/>), before its handler runs.
/// </summary>
public static class ApiAccess
{
    private static readonly Access LeaderOnly = Access.BlocUnit((blocId, year) => new(
        $"Chỉ trưởng khối '{blocId}' năm {year} được thực hiện thao tác này.", $"Only the leader of bloc '{blocId}' for {year} may do this."));

    private static readonly Access CriteriaEditor = Access.BlocReader(Endpoints.CriteriaApi.EditorOnly);

    private static readonly Access Chair = Access.BlocReader(Endpoints.ConferenceApi.ChairOnly);

    private static readonly Access BlocDocuments = Access.BlocReader((_, _) => new(
        "Chỉ các đơn vị thành viên của khối và cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được tải văn bản của khối.",
        "Only the bloc's member units and council staff may download its documents."));

    private static readonly Dictionary<string, Access> Operations = new(StringComparer.Ordinal)
    {
        ["PutBloc"] = Access.Admin,
        ["ListBlocs"] = Access.Admin,
        ["GetBloc"] = Access.BlocReader(),
        ["PutUnit"] = Access.Admin,
        ["ListUnits"] = Access.BlocReader(),
        ["StartCycle"] = Access.Admin,
        ["ImportUnits"] = Access.Admin,
        ["GetCriteriaTemplate"] = Access.Authenticated,
        ["GetUnitsTemplate"] = Access.Authenticated,

        // The year's leader (planned, in storage: the handlers check it) or council staff prepare the criteria;
        // the bloc's units may read them.
        ["PutCriteria"] = CriteriaEditor,
        ["CopyCriteria"] = CriteriaEditor,
        ["GetCriteria"] = Access.BlocReader(new Phrase("bảng tiêu chí chấm điểm", "the scoring criteria")),
        ["GetCriteriaXlsx"] = Access.BlocReader(new Phrase("bảng tiêu chí chấm điểm", "the scoring criteria")),
        ["MapIdentity"] = Access.Admin,
        ["ListProposals"] = Access.Admin,
        ["DecideProposal"] = Access.Admin,
        ["UnmapIdentity"] = Access.Admin,
        ["GetProvinceYear"] = Access.Admin,
        ["GetProvinceSummary"] = Access.Admin,
        ["VerifyArchiveAgain"] = Access.Admin,

        // The catalog of the rules a bloc can set: the council edits them, units read what their bloc's mean.
        ["GetRuleCatalog"] = Access.Authenticated,

        // Whether a unit is the year's leader is in storage: the handlers check it.
        ["LaunchCampaign"] = Access.BlocReader((blocId, year) => new(
            $"Chỉ trưởng khối '{blocId}' năm {year} hoặc cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được phát động thi đua năm.",
            $"Only the leader of bloc '{blocId}' for {year} or council staff may launch its campaign.")),
        ["PreviewLaunch"] = Access.BlocReader((blocId, year) => new(
            $"Chỉ trưởng khối '{blocId}' năm {year} hoặc cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được phát động thi đua năm.",
            $"Only the leader of bloc '{blocId}' for {year} or council staff may launch its campaign.")),
        ["AdjustScore"] = Access.BlocReader((blocId, year) => new(
            $"Chỉ trưởng khối '{blocId}' năm {year}, hoặc người thẩm định điểm của chính đơn vị trưởng khối (phó trưởng khối hoặc cán bộ Hội đồng Thi đua – Khen thưởng tỉnh), được điều chỉnh điểm.",
            $"Only the leader of bloc '{blocId}' for {year}, or the reviewer of the leader's own points (the deputy or council staff), may adjust points.")),
        ["CloseReview"] = LeaderOnly,

        // The chair of the year-end votes is the year's leader (in storage: the handlers check it) or council staff.
        ["OpenConference"] = Chair,
        ["RecordAttendance"] = Chair,
        ["OpenConferenceRound"] = Chair,
        ["CloseConferenceRound"] = Chair,
        ["EndConference"] = Chair,
        ["Nominate"] = Chair,
        ["DeclineNomination"] = Access.Self,
        ["GetConference"] = Access.BlocReader(),
        ["ListNominations"] = Access.BlocReader(),

        ["GetCompact"] = Access.BlocReader(),
        ["GetCompactHtml"] = Access.BlocReader(),
        ["SignCompact"] = Access.Self,
        ["SubmitScores"] = Access.Self,
        ["UploadEvidence"] = Access.Self,

        // The unit itself and its reviewer (the year's leader, or for the leader's own unit the deputy; in storage,
        // the handlers check it) among the bloc's units.
        ["ListScores"] = Access.BlocReader(new Phrase("điểm", "scores")),
        ["GetEvidence"] = Access.BlocReader(new Phrase("tài liệu minh chứng", "evidence")),
        ["CastBallot"] = Access.Voter,

        ["GetVoteRound"] = Access.BlocReader(),
        ["GetCampaignStatus"] = Access.BlocReader(),
        ["GetCampaignResults"] = Access.BlocReader(),
        ["GetArchiveVerification"] = Access.BlocReader(),
        ["ListDocuments"] = BlocDocuments,
        ["GetDocument"] = BlocDocuments,

        ["Portal"] = Access.Anyone,
        ["GetMe"] = Access.Authenticated,
        ["ListCampaignYears"] = Access.BlocReader(),
        ["GetCampaignProgress"] = Access.BlocReader(),
        ["GetCurrentVoteRound"] = Access.BlocReader(),

        ["StartProbe"] = Access.Admin,
        ["GetProbe"] = Access.Admin,
        ["RaiseProbeEvent"] = Access.Admin,
    };

    /// <summary>The access of the operation named <paramref name="operation"/>.</summary>
    public static Access Of(string operation) =>
        Operations.TryGetValue(operation, out var access) ? access
        : throw new InvalidOperationException($"Operation '{operation}' declares no access in {nameof(ApiAccess)}.");
}
