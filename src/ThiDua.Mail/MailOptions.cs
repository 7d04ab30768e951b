namespace ThiDua.Mail;

/// <summary>
/// The SMTP relay (configuration section <c>ThiDua:Mail</c>; app settings <c>ThiDua__Mail__*</c>):
/// Azure Communication Services' SMTP endpoint, Office 365, a provincial server, or a server on loopback.
/// </summary>
public sealed class MailOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ThiDua:Mail";

    /// <summary>SMTP host name or address.</summary>
    public string Host { get; set; } = "";

    /// <summary>SMTP port. Default 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>
    /// True: TLS is required (implicit TLS on port 465, STARTTLS on any other port); false: plain SMTP,
    /// for a server on loopback only.
    /// </summary>
    public bool UseTls { get; set; } = true;

    /// <summary>User name; empty for a relay that needs no authentication.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Password (in Azure a Key Vault reference).</summary>
    public string Password { get; set; } = "";

    /// <summary>Sender address, optionally with a display name ("ThiDua &lt;thidua@example.vn&gt;").</summary>
    public string From { get; set; } = "";

    /// <summary>Timeout of each SMTP operation. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
