using System.Collections.Concurrent;
using Interchange.Gateway.Caching;
using Interchange.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// Per-consumer, per-dataset records per day from the list entry's <c>records_per_day</c>: the records actually
/// released (as the masker counted them) since midnight in <see cref="GatewayOptions.TimeZoneOffset"/>.
/// </summary>
/// <remarks>
/// <para>
/// A request is allowed while the day's count is below the quota when it is decided; what it releases is counted after,
/// so the answer that reaches the quota may pass it by up to one page (at most <c>max_page_size</c> records, also
/// enforced), and the next request is refused until the next day. The gateway cannot know beforehand how many records
/// an answer holds (a <c>limit</c> is only an upper bound, a record lookup may find nothing), and cutting a page at the
/// quota would silently break the consumer's paging; what was released is always counted exactly.
/// </para>
/// <para>
/// Without Redis the count is in process. With Redis it is one counter per day in Redis that every gateway adds to
/// (one script per decision and one per release). When Redis cannot answer in time the rule of the per-minute
/// <see cref="RateLimiter"/> holds: Redis down or slow never allows more than this instance's share of the quota
/// (quota / <see cref="GatewayCacheOptions.Instances"/>, at least 1) released while it could not count in Redis, and
/// never once the last count Redis gave this instance, plus what it released since, reaches the quota. What it releases
/// meanwhile is added to Redis with its next answered command, so the shared count catches up.
/// </para>
/// </remarks>
internal sealed class RecordQuota(TimeProvider time, IOptions<GatewayOptions> options, RedisConnection? redis = null, IOptions<GatewayCacheOptions>? cacheOptions = null)
{
    // Adds what this instance has not yet counted in Redis (maybe nothing) and returns the day's count.
    private const string CountScript = """
        local add = tonumber(ARGV[1])
        if add > 0 then
          local count = redis.call('INCRBY', KEYS[1], add)
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return count
        end
        return tonumber(redis.call('GET', KEYS[1]) or '0')
        """;

    private readonly ConcurrentDictionary<(string Agency, string Dataset), Tally> _tallies = new();
    private readonly TimeSpan _offset = options.Value.TimeZoneOffset;
    private readonly int _instances = cacheOptions?.Value.Instances ?? 1;

    /// <summary>
    /// Whether a request may still release records today, and if not, when to try again. <paramref name="Used"/> is the
    /// day's count: exact when <paramref name="Exact"/> (in process without Redis, or as Redis answered), else what this
    /// instance knows while Redis does not answer.
    /// </summary>
    public readonly record struct Check(bool Allowed, long Used, TimeSpan RetryAfter, bool Exact);

    /// <summary>Decides whether <paramref name="agency"/> may read more of <paramref name="dataset"/> today.</summary>
    public async ValueTask<Check> CheckAsync(string agency, string dataset, int perDay)
    {
        var (day, untilNextDay) = Today();
        var tally = Find(agency, dataset);
        if (redis is null)
        {
            long used;
            lock (tally)
            {
                tally.Start(day);
                used = tally.Pending;
            }

            return new Check(used < perDay, used, untilNextDay, Exact: true);
        }

        var (counted, total) = await CountSharedAsync(tally, agency, dataset, day, untilNextDay);
        if (counted)
        {
            return new Check(total < perDay, total, untilNextDay, Exact: true);
        }

        var share = Math.Max(1, perDay / _instances);
        lock (tally)
        {
            tally.Start(day);
            var known = tally.Known + tally.Pending;
            if (known >= perDay)
            {
                return new Check(false, known, untilNextDay, Exact: false);
            }

            // The share is used up while Redis cannot count: try again once it can (the connection retries every second).
            return tally.Pending < share ? new Check(true, known, untilNextDay, Exact: false) : new Check(false, known, RetryWhileUnshared, Exact: false);
        }
    }

    /// <summary>Counts <paramref name="records"/> released to <paramref name="agency"/> from <paramref name="dataset"/>.</summary>
    public async ValueTask CountAsync(string agency, string dataset, int records)
    {
        if (records <= 0)
        {
            return;
        }

        var (day, untilNextDay) = Today();
        var tally = Find(agency, dataset);
        lock (tally)
        {
            tally.Start(day);
            tally.Pending += records;
        }

        if (redis is not null)
        {
            await CountSharedAsync(tally, agency, dataset, day, untilNextDay);
        }
    }

    /// <summary>How long a refusal for want of Redis lasts: about one reconnection attempt.</summary>
    private static TimeSpan RetryWhileUnshared => TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds this instance's records not yet counted in Redis to the shared count and reads the day's total; false when
    /// Redis did not answer (the records are then still this instance's to add).
    /// </summary>
    private async ValueTask<(bool Counted, long Total)> CountSharedAsync(Tally tally, string agency, string dataset, DateOnly day, TimeSpan untilNextDay)
    {
        long add;
        lock (tally)
        {
            tally.Start(day);
            add = tally.Pending;
            tally.Pending = 0;
        }

        var key = redis!.Key($"records:{day:yyyyMMdd}:{agency}:{dataset}");
        var expiry = (long)(untilNextDay + TimeSpan.FromHours(1)).TotalMilliseconds;
        var (counted, result) = await redis.TryAsync(db => db.ScriptEvaluateAsync(CountScript, [key], [add, expiry]));
        lock (tally)
        {
            if (tally.Day != day)
            {
                return (counted, counted ? (long)result : 0);
            }

            if (!counted)
            {
                tally.Pending += add;
                return (false, 0);
            }

            // Answers to concurrent scripts may arrive out of order; within a day the count only grows.
            tally.Known = Math.Max(tally.Known, (long)result);
            return (true, (long)result);
        }
    }

    /// <summary>Today in the deployment's time zone, and how long until it ends.</summary>
    private (DateOnly Day, TimeSpan UntilNextDay) Today()
    {
        var now = time.GetUtcNow();
        var local = now.ToOffset(_offset);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), _offset);
        return (DateOnly.FromDateTime(local.DateTime), midnight - now);
    }

    private Tally Find(string agency, string dataset) => _tallies.GetOrAdd((agency, dataset), static _ => new Tally());

    /// <summary>
    /// One consumer's day on one dataset, as this instance knows it. Without Redis <see cref="Pending"/> is the whole
    /// count; with Redis it is what Redis has not counted yet, and <see cref="Known"/> the total Redis last answered.
    /// </summary>
    private sealed class Tally
    {
        public DateOnly Day;
        public long Known;
        public long Pending;

        public void Start(DateOnly day)
        {
            if (Day != day)
            {
                // Yesterday's uncounted records no longer matter to anyone's quota.
                Day = day;
                Known = 0;
                Pending = 0;
            }
        }
    }
}
