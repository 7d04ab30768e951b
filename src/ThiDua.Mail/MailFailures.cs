using System.Net.Sockets;

namespace ThiDua.Mail;

/// <summary>Failures of handing a message to the mail server, as opposed to bugs or storage errors.</summary>
public static class MailFailures
{
    /// <summary>True for a server that cannot be reached, times out, refuses the login or the message.</summary>
    public static bool IsDeliveryFailure(Exception exception) => exception is
        SocketException or IOException or TimeoutException
        or MailKit.ProtocolException or MailKit.CommandException
        or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException;
}
