using System.ComponentModel.DataAnnotations;

namespace Interchange.ServiceDefaults.Caching;

/// <summary>
/// Settings of the optional Redis (section <c>Redis</c>). Without <see cref="Configuration"/> there is no Redis:
/// every cache stays in process and every limit per process, as in the standalone host.
/// </summary>
public sealed class RedisOptions : IValidatableObject
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=…,ssl=true</c>); empty for no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Put before every key and channel name, so that deployments (or tests) can share one server.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "KeyPrefix may hold letters, digits and _ . : - (at most 64).")]
    public string KeyPrefix { get; set; } = "interchange:";

    /// <summary>How long connecting may take; the service starts without Redis after it.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one command may take before the caller goes on without Redis (store, in-process limit).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After a failed or slow command, Redis is left alone this long, so a sick Redis does not slow every request.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a gateway confirms that it still hears grant changes (and reads the current grant epoch).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after its last confirmation a gateway still trusts what it cached. A catalogue that cannot publish a
    /// grant change waits this long before it answers, so that by then no gateway trusts an answer cached before it.
    /// </summary>
    public TimeSpan CacheLease { get; set; } = TimeSpan.FromSeconds(3);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConnectTimeout < TimeSpan.FromMilliseconds(10) || ConnectTimeout > TimeSpan.FromSeconds(30))
        {
            yield return new ValidationResult("ConnectTimeout must be between 10 ms and 30 s.", [nameof(ConnectTimeout)]);
        }

        if (OperationTimeout < TimeSpan.FromMilliseconds(10) || OperationTimeout > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult("OperationTimeout must be between 10 ms and 10 s.", [nameof(OperationTimeout)]);
        }

        if (RetryAfterFailure < TimeSpan.Zero || RetryAfterFailure > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("RetryAfterFailure must be between 0 and 5 minutes.", [nameof(RetryAfterFailure)]);
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(50) || HeartbeatInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("HeartbeatInterval must be between 50 ms and 1 minute.", [nameof(HeartbeatInterval)]);
        }

        // A lease shorter than one heartbeat plus its timeout would lapse between two good heartbeats.
        if (CacheLease <= HeartbeatInterval + OperationTimeout || CacheLease > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("CacheLease must be longer than HeartbeatInterval + OperationTimeout and at most 5 minutes.", [nameof(CacheLease)]);
        }
    }
}
