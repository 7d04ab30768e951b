using Microsoft.Extensions.Options;

namespace ThiDua.Api;

/// <summary>Checks <see cref="ThiDuaApiOptions"/> when the host starts; each failure names its setting.</summary>
public sealed class ThiDuaApiOptionsValidator : IValidateOptions<ThiDuaApiOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ThiDuaApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void NotNegative(TimeSpan value, string setting)
        {
            if (value < TimeSpan.Zero)
            {
                failures.Add($"{ThiDuaApiOptions.Section}:{setting} must not be negative (is {value}).");
            }
        }

        if (!Enum.IsDefined(options.Authentication))
        {
            failures.Add($"{ThiDuaApiOptions.Section}:Authentication must be BearerTokens or AppService.");
        }

        NotNegative(options.CampaignCacheDuration, nameof(options.CampaignCacheDuration));
        NotNegative(options.ConfirmationSpacing, nameof(options.ConfirmationSpacing));
        NotNegative(options.TokenCacheDuration, nameof(options.TokenCacheDuration));
        NotNegative(options.DefaultLaunchWait, nameof(options.DefaultLaunchWait));
        NotNegative(options.UnavailableRetryAfter, nameof(options.UnavailableRetryAfter));
        if (options.WritesPerMinute < 0)
        {
            failures.Add($"{ThiDuaApiOptions.Section}:WritesPerMinute must be 0 (no limit) or positive (is {options.WritesPerMinute}).");
        }

        if (options.MaxEvidenceBytes < 1)
        {
            failures.Add($"{ThiDuaApiOptions.Section}:MaxEvidenceBytes must be positive (is {options.MaxEvidenceBytes}).");
        }

        if (options.MaxEvidencePerUnit < 0)
        {
            failures.Add($"{ThiDuaApiOptions.Section}:MaxEvidencePerUnit must not be negative (is {options.MaxEvidencePerUnit}).");
        }

        if (options.Authentication == ApiAuthentication.AppService && string.IsNullOrWhiteSpace(options.AdminRole))
        {
            failures.Add($"{ThiDuaApiOptions.Section}:AdminRole must name the app role of council staff.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
