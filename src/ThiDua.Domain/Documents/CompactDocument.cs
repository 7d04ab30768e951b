using System.Text;

namespace ThiDua.Domain;

/// <summary>
/// The emulation compact (giao ước thi đua) of a campaign: canonical bytes that units sign, their
/// SHA-256, and a Vietnamese (or English) HTML rendering bound to them by embedding that hash.
/// </summary>
public static class CompactDocument
{
    /// <summary>Format tag written into the canonical bytes; bumped if their layout ever changes.</summary>
    public const string Format = "thidua-compact/1";

    /// <summary>
    /// The canonical UTF-8 bytes: canonical JSON (keys sorted, no whitespace, NFC strings) of the
    /// format tag, bloc id and name, year, leader, deputy, members sorted by unit id (their order
    /// carries no meaning), commitments and criteria in their given order (it is meaningful), the
    /// scale and the schedule as UTC instants. Equal campaigns give equal bytes.
    /// </summary>
    public static byte[] CanonicalBytes(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var s = campaign.Schedule;
        var document = new Dictionary<string, object?>
        {
            ["format"] = Format,
            ["blocId"] = campaign.BlocId,
            ["blocName"] = campaign.BlocName,
            ["year"] = campaign.Year,
            ["leaderUnitId"] = campaign.LeaderUnitId,
            ["deputyUnitId"] = campaign.DeputyUnitId,
            ["members"] = campaign.Members
                .OrderBy(m => m.UnitId, StringComparer.Ordinal)
                .Select(m => Map(("unitId", m.UnitId), ("name", m.Name)))
                .ToList(),
            ["commitments"] = campaign.Commitments.ToList(),
            ["criteria"] = Map(
                ("scale", campaign.Criteria.Scale),
                ("items", campaign.Criteria.Criteria
                    .Select(c => Map(("id", c.Id), ("group", c.Group), ("title", c.Title), ("kind", c.Kind.ToString()), ("maxPoints", c.MaxPoints)))
                    .ToList())),
            ["schedule"] = Map(
                ("launchAt", s.LaunchAt),
                ("signingDeadline", s.SigningDeadline),
                ("scoringDeadline", s.ScoringDeadline),
                ("reviewDeadline", s.ReviewDeadline),
                ("votingDeadline", s.VotingDeadline),
                ("voteRoundDurationTicks", s.VoteRoundDuration.Ticks),
                ("leaderElectionDeadline", s.LeaderElectionDeadline),
                ("archiveAt", s.ArchiveAt)),
        };
        return CanonicalJson.Serialize(document);
    }

    /// <summary>SHA-256 (lowercase hex) of the campaign's <see cref="CanonicalBytes"/>.</summary>
    public static string Sha256(Campaign campaign) => Hashing.Sha256Hex(CanonicalBytes(campaign));

    /// <summary>
    /// A self-contained HTML page for people ("GIAO ƯỚC THI ĐUA NĂM {Y}"): bloc, leader, members,
    /// commitments, criteria table and deadlines in Vietnam time, with the hash of the canonical
    /// bytes shown and in a <c>meta</c> element, so the rendering names exactly what was signed.
    /// </summary>
    public static string RenderHtml(Campaign campaign, Localizer? localizer = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var l = localizer ?? Localizer.Vietnamese;
        var hash = Sha256(campaign);
        var title = l.Format(TextKeys.CompactTitle, campaign.Year);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(l.Culture).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"thidua-compact-sha256\" content=\"").Append(hash).Append("\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n</head>\n<body>\n")
            .Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n")
            .Append("<h2>").Append(Html.Encode(l.Format(TextKeys.CompactBloc, campaign.BlocName))).Append("</h2>\n");

        html.Append("<p>").Append(Html.Encode(l[TextKeys.CompactLeader])).Append(": ")
            .Append(Html.Encode(NameOf(campaign, campaign.LeaderUnitId))).Append("</p>\n");
        if (campaign.DeputyUnitId is not null)
        {
            html.Append("<p>").Append(Html.Encode(l[TextKeys.CompactDeputy])).Append(": ")
                .Append(Html.Encode(NameOf(campaign, campaign.DeputyUnitId))).Append("</p>\n");
        }

        html.Append("<h3>").Append(Html.Encode(l[TextKeys.CompactMembers])).Append("</h3>\n<table>\n");
        Row(html, "th", l[TextKeys.ColumnNumber], l[TextKeys.ColumnUnit]);
        var members = campaign.Members.OrderBy(m => m.UnitId, StringComparer.Ordinal).ToList();
        for (var i = 0; i < members.Count; i++)
        {
            Row(html, "td", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), members[i].Name);
        }

        html.Append("</table>\n<h3>").Append(Html.Encode(l[TextKeys.CompactCommitments])).Append("</h3>\n<ol>\n");
        foreach (var commitment in campaign.Commitments)
        {
            html.Append("<li>").Append(Html.Encode(commitment)).Append("</li>\n");
        }

        html.Append("</ol>\n<h3>").Append(Html.Encode(l[TextKeys.CompactCriteria])).Append("</h3>\n<p>")
            .Append(Html.Encode(l.Format(TextKeys.CompactScale, Points.Format(campaign.Criteria.Scale)))).Append("</p>\n<table>\n");
        Row(html, "th", l[TextKeys.ColumnNumber], l[TextKeys.ColumnGroup], l[TextKeys.ColumnCriterion], l[TextKeys.ColumnKind], l[TextKeys.ColumnMaxPoints]);
        foreach (var c in campaign.Criteria.Criteria)
        {
            Row(html, "td", c.Id, c.Group, c.Title, l[KindKey(c.Kind)], Points.Format(c.MaxPoints));
        }

        var s = campaign.Schedule;
        html.Append("</table>\n<h3>").Append(Html.Encode(l[TextKeys.CompactSchedule])).Append("</h3>\n<table>\n");
        Row(html, "td", l[TextKeys.DeadlineLaunch], VietnamTime.Format(s.LaunchAt, l));
        Row(html, "td", l[TextKeys.DeadlineSigning], VietnamTime.Format(s.SigningDeadline, l));
        Row(html, "td", l[TextKeys.DeadlineScoring], VietnamTime.Format(s.ScoringDeadline, l));
        Row(html, "td", l[TextKeys.DeadlineReview], VietnamTime.Format(s.ReviewDeadline, l));
        Row(html, "td", l[TextKeys.DeadlineVoting], VietnamTime.Format(s.VotingDeadline, l));
        Row(html, "td", l[TextKeys.DeadlineLeaderElection], VietnamTime.Format(s.LeaderElectionDeadline, l));
        Row(html, "td", l[TextKeys.DeadlineArchive], VietnamTime.Format(s.ArchiveAt, l));
        html.Append("</table>\n<p>").Append(Html.Encode(l[TextKeys.CompactHash])).Append(": <code>").Append(hash).Append("</code></p>\n")
            .Append("<p>").Append(Html.Encode(l[TextKeys.CompactHashNote])).Append("</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    internal static string KindKey(CriterionKind kind) => kind switch
    {
        CriterionKind.Bonus => TextKeys.KindBonus,
        CriterionKind.Penalty => TextKeys.KindPenalty,
        _ => TextKeys.KindRegular,
    };

    private static string NameOf(Campaign campaign, string unitId) => campaign.FindMember(unitId)?.Name ?? unitId;

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static void Row(StringBuilder html, string cell, params string[] values)
    {
        html.Append("<tr>");
        foreach (var value in values)
        {
            html.Append('<').Append(cell).Append('>').Append(Html.Encode(value)).Append("</").Append(cell).Append('>');
        }

        html.Append("</tr>\n");
    }
}

/// <summary>HTML escaping of the five special characters only: pages are UTF-8, so Vietnamese letters stay readable in the source.</summary>
internal static class Html
{
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }
}
