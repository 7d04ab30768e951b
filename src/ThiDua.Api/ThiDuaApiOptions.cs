namespace ThiDua.Api;

/// <summary>How callers authenticate.</summary>
public enum ApiAuthentication
{
    /// <summary>Local bearer tokens from the <see cref="Identity.ITokenStore"/> (local host, CLI, demo).</summary>
    BearerTokens,

    /// <summary>App Service Authentication (Microsoft Entra ID): the principal headers the platform sets.</summary>
    AppService,
}

/// <summary>Settings of the API (section <c>ThiDua:Api</c> in the hosts; app settings <c>ThiDua__Api__*</c>).</summary>
public sealed class ThiDuaApiOptions
{
    /// <summary>The configuration section the hosts bind.</summary>
    public const string Section = "ThiDua:Api";

    /// <summary>How callers authenticate; bearer tokens by default.</summary>
    public ApiAuthentication Authentication { get; set; } = ApiAuthentication.BearerTokens;

    /// <summary>
    /// How long a campaign read is cached. Campaigns are written once, so a cached copy is never
    /// wrong; the cache only spares storage a read per score submission.
    /// </summary>
    public TimeSpan CampaignCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// At most one confirmation request per campaign is queued this often: a burst of submissions is
    /// confirmed together (each version still gets its own email), at the cost of up to this much delay.
    /// Default 1 s.
    /// </summary>
    public TimeSpan ConfirmationSpacing { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a host reuses the stored row of a bearer token that validated, sparing storage a read per
    /// request (the secret and the expiry are still checked on every request). A token revoked through this
    /// host's API is refused at once; one revoked elsewhere (another host, <c>thidua token revoke</c>) is
    /// refused by running hosts within this duration. Default 30 s; <see cref="TimeSpan.Zero"/> turns the cache off.
    /// </summary>
    public TimeSpan TokenCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a cycle started without a launch deadline waits for the leader's launch before
    /// carrying the previous year over, counted from the bloc's scheduled launch date.
    /// </summary>
    public TimeSpan DefaultLaunchWait { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// State-changing calls each caller may make per minute (a token bucket refilled every minute,
    /// per process); beyond it the API answers 429 with Retry-After. 0 switches the limit off.
    /// </summary>
    public int WritesPerMinute { get; set; } = 120;

    /// <summary>
    /// The Retry-After of a 503 answered while storage cannot be reached. Default 5 s: a storage hiccup
    /// usually passes within seconds, and a client retrying sooner would only add load.
    /// </summary>
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest evidence file accepted, in bytes. Default 10 MiB.</summary>
    public int MaxEvidenceBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Evidence files a unit may upload per campaign. Default 50.</summary>
    public int MaxEvidencePerUnit { get; set; } = 50;

    /// <summary>App role (Entra ID) of council staff, with <see cref="ApiAuthentication.AppService"/>.</summary>
    public string AdminRole { get; set; } = "ThiDua.Admin";
}
