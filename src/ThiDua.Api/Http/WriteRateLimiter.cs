using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ThiDua.Api.Identity;

namespace ThiDua.Api.Http;

/// <summary>
/// Per-caller token buckets for state-changing calls. In memory, per process: with several Functions
/// instances each enforces its own bucket, which still bounds a runaway client per instance.
/// </summary>
public sealed class WriteRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    /// <summary>Buckets of <see cref="ThiDuaApiOptions.WritesPerMinute"/> permits, refilled every minute.</summary>
    public WriteRateLimiter(IOptions<ThiDuaApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perMinute = options.Value.WritesPerMinute;
        if (perMinute > 0)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        }
    }

    /// <summary>Takes a permit for <paramref name="caller"/>; null when granted, otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(caller.ToString());
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : TimeSpan.FromMinutes(1);
    }

    /// <inheritdoc/>
    public void Dispose() => _limiter?.Dispose();
}
