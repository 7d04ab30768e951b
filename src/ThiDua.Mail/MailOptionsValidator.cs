using Microsoft.Extensions.Options;
using MimeKit;

namespace ThiDua.Mail;

/// <summary>
/// Checks the SMTP relay's settings (<see cref="MailOptions"/>) when the host starts, so a missing or wrong
/// setting is named then rather than at the first reminder.
/// </summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"Set {MailOptions.Section}:Host (app setting ThiDua__Mail__Host).");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{MailOptions.Section}:Port must be between 1 and 65535 (is {options.Port}).");
        }

        if (!MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"{MailOptions.Section}:From '{options.From}' is not an email address.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{MailOptions.Section}:Timeout must be positive (is {options.Timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
