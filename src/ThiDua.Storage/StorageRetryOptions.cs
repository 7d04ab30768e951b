using Azure.Core;

namespace ThiDua.Storage;

/// <summary>
/// Azure SDK retries of the storage clients ThiDua builds (<see cref="ThiDuaStorageOptions.Retry"/>,
/// section <c>ThiDua:Storage:Retry</c>). The defaults fail fast: with storage refusing connections a
/// call gives up after about two seconds, so an API request answers 503 instead of holding its caller,
/// while a brief hiccup is still retried. Workflow activities are retried durably on top of this.
/// </summary>
public sealed class StorageRetryOptions
{
    /// <summary>Retries after the first attempt. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First delay between attempts, doubled each time (with jitter). Default 0.5 s.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between attempts. Default 4 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long one attempt may wait for the service. Default 30 s (the SDK's own is 100 s).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><paramref name="options"/> with these retries applied.</summary>
    public T ApplyTo<T>(T options)
        where T : ClientOptions
    {
        if (MaxRetries < 0 || Delay < TimeSpan.Zero || MaxDelay < Delay || NetworkTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ThiDua:Storage:Retry needs MaxRetries >= 0, 0 <= Delay <= MaxDelay and a positive NetworkTimeout.");
        }

        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = Delay;
        options.Retry.MaxDelay = MaxDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}
