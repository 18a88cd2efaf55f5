using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Interchange.Identity.Clients;

/// <summary>
/// A registered client's entries as last read from the identity store (its OpenIddict application, its agency), reused
/// for <see cref="IdentityServerOptions.ClientCacheLifetime"/>. Without it every token request opened the store twice,
/// which cost as much CPU as everything else the request does but signing; the entries change only when the agencies
/// file is applied.
/// </summary>
/// <remarks>
/// <para>Every write of a client through this instance clears the cache (<see cref="AgencyApplicationManager"/>), and so
/// does applying the agencies file (<see cref="IdentityDatabase"/>): a change made here is in force for the next request.
/// A change made by another instance sharing the store (PostgreSQL) is seen within the lifetime.</para>
/// <para>Only clients that exist are kept, so invented client ids cannot fill it; at most <see cref="MaxEntries"/>.
/// A load that began before a clear is not kept (<see cref="Generation"/>), so a clear is never undone by a slow read.</para>
/// </remarks>
public sealed class ClientCache<T>(IOptions<IdentityServerOptions> options, TimeProvider time) where T : class
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _writes = new();
    private long _generation;

    /// <summary>Read before loading from the store and passed to <see cref="Add"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string clientId, [MaybeNullWhen(false)] out T value)
    {
        if (_entries.TryGetValue(clientId, out var entry) && time.GetUtcNow() < entry.Expires)
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Keeps what the store returned, unless the cache was cleared since <paramref name="generation"/>.</summary>
    public void Add(string clientId, T value, long generation)
    {
        var lifetime = options.Value.ClientCacheLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        lock (_writes)
        {
            if (generation != _generation)
            {
                return;
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[clientId] = new Entry(value, time.GetUtcNow() + lifetime);
        }
    }

    public void Clear()
    {
        lock (_writes)
        {
            Interlocked.Increment(ref _generation);
            _entries.Clear();
        }
    }

    private sealed record Entry(T Value, DateTimeOffset Expires);
}
