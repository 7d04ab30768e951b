namespace ThiDua.Api;

/// <summary>Route templates relative to <c>/api</c>, shared by the local host's endpoints and the Functions adapters.</summary>
public static class ApiRoutes
{
    public const string Blocs = "blocs";
    public const string Bloc = "blocs/{blocId}";
    public const string Units = "blocs/{blocId}/units";
    public const string Unit = "blocs/{blocId}/units/{unitId}";
    public const string UnitsImport = "blocs/{blocId}/units/import";
    public const string CriteriaTemplate = "templates/criteria.xlsx";
    public const string UnitsTemplate = "templates/units.xlsx";
    public const string Criteria = "blocs/{blocId}/campaigns/{year}/criteria";
    public const string CriteriaXlsx = "blocs/{blocId}/campaigns/{year}/criteria.xlsx";
    public const string CriteriaCopy = "blocs/{blocId}/campaigns/{year}/criteria/copy";
    public const string Cycle = "blocs/{blocId}/cycles/{year}";
    public const string Launch = "blocs/{blocId}/campaigns/{year}/launch";
    public const string Adjustments = "blocs/{blocId}/campaigns/{year}/adjustments";
    public const string ReviewClose = "blocs/{blocId}/campaigns/{year}/review/close";
    public const string Compact = "blocs/{blocId}/campaigns/{year}/compact";
    public const string CompactHtml = "blocs/{blocId}/campaigns/{year}/compact.html";
    public const string Signature = "blocs/{blocId}/campaigns/{year}/signatures/{unitId}";
    public const string Scores = "blocs/{blocId}/campaigns/{year}/scores/{unitId}";
    public const string Evidence = "blocs/{blocId}/campaigns/{year}/evidence/{unitId}";
    public const string EvidenceItem = "blocs/{blocId}/campaigns/{year}/evidence/{unitId}/{evidenceId}";
    public const string Identity = "identities/{objectId}";
    public const string Ballots = "blocs/{blocId}/campaigns/{year}/votes/{purpose}/ballots";
    public const string Round = "blocs/{blocId}/campaigns/{year}/votes/{purpose}/rounds/{round}";
    public const string Status = "blocs/{blocId}/campaigns/{year}/status";
    public const string Results = "blocs/{blocId}/campaigns/{year}/results";
    public const string Verification = "blocs/{blocId}/campaigns/{year}/verification";
    public const string Documents = "blocs/{blocId}/campaigns/{year}/documents";
    public const string DocumentFile = "blocs/{blocId}/campaigns/{year}/documents/{file}";
    public const string Proposals = "proposals/{year}";
    public const string ProposalDecision = "blocs/{blocId}/campaigns/{year}/proposals/{unitId}/decision";
    public const string Me = "me";
    public const string Years = "blocs/{blocId}/campaigns";
    public const string Progress = "blocs/{blocId}/campaigns/{year}/progress";
    public const string CurrentRound = "blocs/{blocId}/campaigns/{year}/votes/{purpose}/current";
    public const string Conference = "blocs/{blocId}/campaigns/{year}/conference";
    public const string ConferenceOpen = "blocs/{blocId}/campaigns/{year}/conference/open";
    public const string ConferenceAttendance = "blocs/{blocId}/campaigns/{year}/conference/attendance";
    public const string ConferenceRounds = "blocs/{blocId}/campaigns/{year}/conference/rounds";
    public const string ConferenceClose = "blocs/{blocId}/campaigns/{year}/conference/close";
    public const string RoundClose = "blocs/{blocId}/campaigns/{year}/votes/{purpose}/rounds/{round}/close";
    public const string Nominations = "blocs/{blocId}/campaigns/{year}/nominations";
    public const string Nomination = "blocs/{blocId}/campaigns/{year}/nominations/{purpose}/{unitId}";
    public const string NominationDecline = "blocs/{blocId}/campaigns/{year}/nominations/{purpose}/{unitId}/decline";
    public const string Rules = "rules";
    public const string ProvinceYear = "province/{year}";
    public const string ProvinceSummary = "province/{year}/summary.xlsx";
    public const string LaunchPreview = "blocs/{blocId}/campaigns/{year}/launch/preview";
    public const string Probes = "diagnostics/probes";
    public const string Probe = "diagnostics/probes/{instanceId}";
    public const string ProbeEvents = "diagnostics/probes/{instanceId}/events";
}
