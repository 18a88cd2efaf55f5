using BenchmarkDotNet.Attributes;

namespace Interchange.Benchmarks;

/// <summary>
/// The token endpoint (target: ≥ 4,000 tokens/s): client-credentials requests over loopback HTTP to the real identity
/// server in process, <see cref="Concurrency"/> at a time. One operation is one token; tokens/s = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
public class TokenIssuanceBenchmarks
{
    private const int TokensPerInvoke = 64;
    private IdentityServerFixture _identity = null!;
    private HttpClient _client = null!;

    [Params(1, 8)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _identity = await IdentityServerFixture.StartAsync();
        _client = new HttpClient();
        await _identity.IssueAsync(_client);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        await _identity.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = TokensPerInvoke)]
    public async Task IssueToken()
    {
        var perWorker = TokensPerInvoke / Concurrency;
        var workers = new Task[Concurrency];
        for (var w = 0; w < Concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < perWorker; i++)
                {
                    await _identity.IssueAsync(_client);
                }
            });
        }

        await Task.WhenAll(workers);
    }
}
