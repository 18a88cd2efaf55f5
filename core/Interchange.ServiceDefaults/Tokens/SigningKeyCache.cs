using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>
/// The identity server's public signing keys, fetched from its JWKS document and kept in memory.
/// An unknown key id triggers a refresh at most once per <see cref="AgencyTokenOptions.KeyRefreshInterval"/>;
/// when the identity server is down, the keys already fetched keep validating issued tokens.
/// </summary>
public sealed partial class SigningKeyCache(HttpClient http, IOptions<AgencyTokenOptions> options, TimeProvider time, ILogger<SigningKeyCache> logger) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile IReadOnlyList<SecurityKey> _keys = [];
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public IReadOnlyList<SecurityKey> Keys => _keys;

    public bool Contains(string? keyId)
    {
        foreach (var key in _keys)
        {
            if (keyId is null || string.Equals(key.KeyId, keyId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fetches the key set again unless a fetch happened within the refresh interval.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (now - _lastAttempt < options.Value.KeyRefreshInterval && _keys.Count > 0)
            {
                return;
            }

            _lastAttempt = now;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var json = await http.GetStringAsync(options.Value.JwksUrl, timeout.Token);
            var keys = new JsonWebKeySet(json).GetSigningKeys();
            if (keys.Count > 0)
            {
                _keys = [.. keys];
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException)
        {
            LogRefreshFailed(logger, options.Value.JwksUrl, e.Message);
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh signing keys from {JwksUrl}: {Reason}; keeping the keys already known")]
    private static partial void LogRefreshFailed(ILogger logger, Uri? jwksUrl, string reason);
}
