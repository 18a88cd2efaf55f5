using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// Refusals per agency, or per client address for requests without a valid token, in a fixed window
/// (<see cref="GatewayOptions.RefusalsPerAddress"/> per <see cref="GatewayOptions.RefusalWindow"/>), so that no client,
/// authenticated or not, can grow the append-only audit log at will. An agency is counted by its id, not its address:
/// the catalogue relays every agency's GraphQL reads from one address, and one agency must not throttle the others. Only refusals are counted: an address over the limit still gets its allowed reads (a whole agency may sit
/// behind one address), but its refusals are answered 429 without being put on record one by one.
/// </summary>
/// <remarks>
/// The address is the connection's, as the forwarded-headers middleware resolved it (X-Forwarded-For is believed only
/// from <see cref="GatewayOptions.ForwardedNetworks"/>). IPv6 addresses count by /64, the block one host or customer
/// usually gets, so that rotating through a block does not multiply the limit. Memory is bounded: at most
/// <see cref="GatewayOptions.RefusalAddressesTracked"/> addresses are counted; when the table is full, counts of past
/// windows are dropped (at most once a window), and addresses that still find no room share one overflow count, so a
/// flood from very many addresses throttles them together instead of pushing out the counts of the ones already known.
/// Hand-made rather than <c>System.Threading.RateLimiting</c>'s partitioned limiter: that one neither caps its partitions
/// nor runs on a <see cref="TimeProvider"/> (tests drive this one with a fake clock).
/// </remarks>
internal sealed class RefusalLimiter(TimeProvider time, IOptions<GatewayOptions> options)
{
    private static readonly Counted Overflow = new(null, null, IsOverflow: true);

    private readonly ConcurrentDictionary<Counted, Window> _windows = new();
    private readonly int _limit = options.Value.RefusalsPerAddress;
    private readonly long _windowSeconds = (long)options.Value.RefusalWindow.TotalSeconds;
    private readonly int _capacity = options.Value.RefusalAddressesTracked;

    // The table's size, kept here: ConcurrentDictionary.Count takes every lock of the table.
    private int _tracked;
    private long _sweptWindow = -1;

    /// <summary>What happens to one refusal.</summary>
    public enum Verdict
    {
        /// <summary>Within the limit: recorded and answered as itself.</summary>
        Record,

        /// <summary>The first over the limit in this window: answered 429, and one record says the address is throttled.</summary>
        Throttle,

        /// <summary>Over the limit and already on record as throttled: answered 429, not recorded.</summary>
        Throttled,
    }

    /// <summary>
    /// Counts one refusal of <paramref name="agency"/> (null: no valid token) from <paramref name="address"/>.
    /// <paramref name="retryAfter"/> is the rest of the window; <paramref name="counted"/> is what was counted: the
    /// agency, the address, its /64, or the overflow.
    /// </summary>
    public Verdict Count(IPAddress? address, string? agency, out TimeSpan retryAfter, out Counted counted)
    {
        var seconds = time.GetUtcNow().ToUnixTimeSeconds();
        var window = seconds / _windowSeconds;
        retryAfter = TimeSpan.FromSeconds(_windowSeconds - (seconds % _windowSeconds));
        var counts = Find(agency is null ? Partition(address) : new Counted(null, agency, IsOverflow: false), window);
        counted = counts.Key;
        lock (counts)
        {
            counts.Start(window);
            if (counts.Count < _limit)
            {
                counts.Count++;
                return Verdict.Record;
            }

            if (!counts.Throttled)
            {
                counts.Throttled = true;
                return Verdict.Throttle;
            }

            return Verdict.Throttled;
        }
    }

    /// <summary>Counts kept now (for tests of the bound).</summary>
    internal int Tracked => Volatile.Read(ref _tracked);

    /// <summary>The counting key of an address: IPv4 as itself (also when mapped into IPv6), IPv6 by its /64.</summary>
    internal static Counted Partition(IPAddress? address)
    {
        if (address is null || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return new Counted(address, null, IsOverflow: false);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return new Counted(address.MapToIPv4(), null, IsOverflow: false);
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new Counted(new IPAddress(bytes), null, IsOverflow: false);
    }

    private Window Find(Counted partition, long window)
    {
        if (_windows.TryGetValue(partition, out var counts))
        {
            return counts;
        }

        if (Tracked >= _capacity)
        {
            Sweep(window);
            if (Tracked >= _capacity)
            {
                partition = Overflow;
            }
        }

        while (true)
        {
            if (_windows.TryGetValue(partition, out counts))
            {
                return counts;
            }

            var created = new Window(partition);
            if (_windows.TryAdd(partition, created))
            {
                Interlocked.Increment(ref _tracked);
                return created;
            }
        }
    }

    /// <summary>Drops the counts of past windows, at most once per window (a full table of current ones stays full).</summary>
    private void Sweep(long window)
    {
        var swept = Volatile.Read(ref _sweptWindow);
        if (swept >= window || Interlocked.CompareExchange(ref _sweptWindow, window, swept) != swept)
        {
            return;
        }

        foreach (var (key, counts) in _windows)
        {
            if (Volatile.Read(ref counts.Number) < window && _windows.TryRemove(KeyValuePair.Create(key, counts)))
            {
                Interlocked.Decrement(ref _tracked);
            }
        }
    }

    /// <summary>One count: an agency, an address (null when the connection has none), an IPv6 /64, or the overflow.</summary>
    internal readonly record struct Counted(IPAddress? Address, string? Agency, bool IsOverflow)
    {
        public override string ToString() =>
            IsOverflow ? "addresses beyond the ones counted"
            : Agency is not null ? Agency
            : Address is null ? "an unknown address"
            : Address.AddressFamily == AddressFamily.InterNetworkV6 ? Address + "/64"
            : Address.ToString();
    }

    private sealed class Window(Counted key)
    {
        public readonly Counted Key = key;
        public long Number = -1;
        public int Count;
        public bool Throttled;

        public void Start(long number)
        {
            if (Number != number)
            {
                Volatile.Write(ref Number, number);
                Count = 0;
                Throttled = false;
            }
        }
    }
}
