using System.ComponentModel.DataAnnotations;

namespace Interchange.Gateway.Caching;

/// <summary>Settings of the gateway's caches and shared limits (section <c>Gateway</c>); they matter only with Redis.</summary>
public sealed class GatewayCacheOptions : IValidatableObject
{
    /// <summary>
    /// How many gateway instances share the rate limits. While Redis cannot be reached each instance allows only its
    /// share (limit / instances, at least 1) on its own, so a limit never becomes N times looser.
    /// </summary>
    [Range(1, 1000)]
    public int Instances { get; set; } = 1;

    /// <summary>How long a grant answer is kept in process (never past the grant's end); changes drop it at once.</summary>
    public TimeSpan GrantCacheLocalTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a grant answer is kept in Redis for the other instances (never past the grant's end).</summary>
    public TimeSpan GrantCacheSharedTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many grant answers in process; past it the cache starts afresh.</summary>
    [Range(100, 10_000_000)]
    public int GrantCacheSize { get; set; } = 100_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GrantCacheLocalTtl < TimeSpan.Zero || GrantCacheLocalTtl > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("GrantCacheLocalTtl must be between 0 and 10 minutes.", [nameof(GrantCacheLocalTtl)]);
        }

        if (GrantCacheSharedTtl < TimeSpan.Zero || GrantCacheSharedTtl > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("GrantCacheSharedTtl must be between 0 and 1 hour.", [nameof(GrantCacheSharedTtl)]);
        }
    }
}
