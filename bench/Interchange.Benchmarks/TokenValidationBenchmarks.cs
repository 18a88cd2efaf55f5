using BenchmarkDotNet.Attributes;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interchange.Benchmarks;

/// <summary>
/// The gateway's token check (<see cref="AgencyTokenValidator"/>) on real tokens of the identity server, with its JWKS
/// fetched once in setup. <c>Cold</c>: every operation validates a token the validator has not seen or has already
/// forgotten (a pool twice the size of its cache, taken in strict rotation), so each one pays parsing and the RS256
/// signature check. <c>Cached</c>: the same token every time, answered by its SHA-256 from the validated-token cache.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private const int CacheSize = 256;
    private string[] _tokens = [];
    private AgencyTokenValidator _validator = null!;
    private SigningKeyCache _keys = null!;
    private HttpClient _jwks = null!;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        await using (var identity = await IdentityServerFixture.StartAsync())
        {
            using var client = new HttpClient();
            _tokens = new string[CacheSize * 2];
            for (var i = 0; i < _tokens.Length; i++)
            {
                _tokens[i] = await identity.IssueAsync(client);
            }

            _jwks = new HttpClient();
            var options = Options.Create(new AgencyTokenOptions
            {
                Issuer = new Uri(IdentityServerFixture.Issuer),
                JwksUrl = identity.JwksUrl,
                ValidatedTokenCacheSize = CacheSize,
            });
            _keys = new SigningKeyCache(_jwks, options, TimeProvider.System, NullLogger<SigningKeyCache>.Instance);
            await _keys.RefreshAsync(CancellationToken.None);
            _validator = new AgencyTokenValidator(_keys, new DisabledClients(), options, TimeProvider.System);
        }

        // The keys are in memory now; the identity server is gone, so nothing else runs during the measurement.
        foreach (var token in _tokens)
        {
            if (!(await _validator.ValidateAsync(token, CancellationToken.None)).Succeeded)
            {
                throw new InvalidOperationException("A token of the identity server did not validate.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keys.Dispose();
        _jwks.Dispose();
    }

    [Benchmark]
    public async Task<bool> Cold()
    {
        _next = (_next + 1) % _tokens.Length;
        return (await _validator.ValidateAsync(_tokens[_next], CancellationToken.None)).Succeeded;
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> Cached() => (await _validator.ValidateAsync(_tokens[0], CancellationToken.None)).Succeeded;
}
