using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ThiDua.LocalHost;

/// <summary>
/// Checks <see cref="LocalHostOptions"/> before anything starts; each failure names its setting.
/// <see cref="LocalHostApp.CreateAsync"/> runs it on the settings it read and the caller adjusted.
/// </summary>
public sealed partial class LocalHostOptionsValidator : IValidateOptions<LocalHostOptions>
{
    /// <summary>Throws an <see cref="OptionsValidationException"/> listing every failure of <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(LocalHostOptions options)
    {
        if (new LocalHostOptionsValidator().Validate(Options.DefaultName, options) is { Failed: true } result)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LocalHostOptions), result.Failures);
        }
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!TaskHubNamePattern().IsMatch(options.TaskHubName))
        {
            failures.Add($"TaskHubName '{options.TaskHubName}' is invalid: use 3 to 45 letters and digits, starting with a letter.");
        }

        if (options.PartitionTableTimeout <= TimeSpan.Zero)
        {
            failures.Add("ThiDua:PartitionTableTimeout must be positive.");
        }

        if (options.PartitionCount is < 1 or > 16)
        {
            failures.Add("ThiDua:PartitionCount must be between 1 and 16.");
        }

        if (options.PartitionLeaseInterval is { } lease && lease < TimeSpan.FromSeconds(3))
        {
            failures.Add("ThiDua:PartitionLeaseInterval must be at least 3 seconds, or empty for the provider's 30 seconds.");
        }

        if (options.MaxQueuePollingInterval <= TimeSpan.Zero)
        {
            failures.Add("ThiDua:MaxQueuePollingInterval must be positive.");
        }

        if (options.WorkItemVisibilityTimeout <= TimeSpan.Zero)
        {
            failures.Add("ThiDua:WorkItemVisibilityTimeout must be positive.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add("ThiDua:ShutdownTimeout must be positive.");
        }

        if (options.LaunchCheckInterval < TimeSpan.Zero)
        {
            failures.Add("ThiDua:LaunchCheckInterval must be zero (off) or positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubNamePattern();
}
