using System.Globalization;
using ThiDua.Domain;

namespace ThiDua.Workflows;

/// <summary>Settings of the workflows (configuration section <c>ThiDua</c>; app settings <c>ThiDua__*</c>).</summary>
public sealed class ThiDuaOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ThiDua";

    /// <summary>Base URL of the portal that emails link to (<c>ThiDua:PortalBaseUrl</c>).</summary>
    public string PortalBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Language of outgoing mail: "vi" (default) or "en" (<c>ThiDua:MailCulture</c>).</summary>
    public string MailCulture { get; set; } = "vi";

    /// <summary>The localizer of outgoing mail.</summary>
    public Localizer MailLocalizer => Localizer.For(MailCulture);

    /// <summary>The portal's scores page of a unit (the form, evidence, versions): <c>{base}/#/blocs/{blocId}/{year}/units/{unitId}/scores</c>.</summary>
    public Uri ScoresPage(string blocId, int year, string unitId) =>
        Link(string.Create(CultureInfo.InvariantCulture, $"#/blocs/{blocId}/{year}/units/{unitId}/scores"));

    /// <summary>The portal's page of a campaign (progress, review): <c>{base}/#/blocs/{blocId}/{year}</c>.</summary>
    public Uri CampaignPage(string blocId, int year) =>
        Link(string.Create(CultureInfo.InvariantCulture, $"#/blocs/{blocId}/{year}"));

    /// <summary>
    /// The portal's ballot page of a unit: <c>{base}/#/blocs/{blocId}/{year}/units/{unitId}/vote</c> for the
    /// leading unit, followed by <c>/leader</c> or <c>/deputy</c> for the election of the bloc's leadership.
    /// </summary>
    public Uri BallotPage(string blocId, int year, string unitId, VotePurpose purpose) =>
        Link(string.Create(CultureInfo.InvariantCulture, $"#/blocs/{blocId}/{year}/units/{unitId}/vote") + purpose switch
        {
            VotePurpose.Leader => "/leader",
            VotePurpose.Deputy => "/deputy",
            _ => "",
        });

    private Uri Link(string path) =>
        Uri.TryCreate(PortalBaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var root)
            ? new Uri(root, path)
            : throw new InvalidOperationException($"{Section}:PortalBaseUrl '{PortalBaseUrl}' is not an absolute URL.");
}
