using System.Net;
using Interchange.Audit;
using Interchange.Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>A gateway that puts at most <see cref="Limit"/> refusals per agency or address on record in a ten-minute window.</summary>
public sealed class RefusalThrottleFixture : GatewayFixture
{
    public const int Limit = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    protected override void Configure(WebApplicationBuilder builder)
    {
        base.Configure(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:RefusalsPerAddress"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:RefusalWindow"] = Window.ToString(),
            // The tests stand in for a load balancer on loopback, so that each can claim client addresses of its own.
            ["Gateway:ForwardedNetworks:0"] = "127.0.0.0/8",
        });
    }
}

/// <summary>
/// Refusals are limited per agency, or per client address without a valid token, so that no one can grow the
/// append-only log at will. The tests come from loopback, configured as a trusted load balancer whose X-Forwarded-For
/// the gateway believes: each test claims addresses of its own, from the documentation ranges.
/// </summary>
public sealed class RefusalThrottleTests(RefusalThrottleFixture fixture) : IClassFixture<RefusalThrottleFixture>
{
    private const int Limit = RefusalThrottleFixture.Limit;

    private static readonly string LongValue = new('V', 10 * 1024);

    [Fact]
    public async Task Refusals_BeyondTheLimitFromOneAddress_Are429WithRetryAfter_AndTheLogGrowsByAtMostTheLimitPlusOne()
    {
        await InsideOneWindowAsync();
        var before = (await Expect.AllAuditRecordsAsync(fixture)).Count;

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < (3 * Limit) + 2; i++)
        {
            answers.Add(await AnonymousAsync("203.0.113.10"));
        }

        Assert.All(answers.Take(Limit), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        foreach (var throttled in answers.Skip(Limit))
        {
            await Expect.ProblemAsync(throttled, HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.InRange(throttled.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), RefusalThrottleFixture.Window);
            Assert.False(throttled.Headers.Contains("WWW-Authenticate"));
        }

        var records = await Expect.AllAuditRecordsAsync(fixture);
        Assert.True(records.Count - before <= Limit + 1, $"the log grew by {records.Count - before} records for {answers.Count} refusals");
        var ids = answers.Select(Expect.RequestId).ToHashSet();
        var recorded = records.Where(r => ids.Contains(r.RequestId)).ToList();
        Assert.Equal(Limit + 1, recorded.Count);
        Assert.All(recorded, r => Assert.True(r.Purpose!.Length <= 128 && r.Case!.Length <= 128));
        var throttle = Assert.Single(recorded, r => r.Status == 429);
        Assert.Equal(Expect.RequestId(answers[Limit]), throttle.RequestId);
        Assert.Equal(AuditDecision.Denied, throttle.Decision);
        Assert.Equal(Expect.ProblemPrefix + "rate-limited", throttle.Problem);
        Assert.Contains("203.0.113.10", throttle.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThrottledAddress_StillGetsItsAllowedReads_AndOtherAddressesTheirOwnRefusals()
    {
        await InsideOneWindowAsync();
        for (var i = 0; i <= Limit; i++)
        {
            await AnonymousAsync("203.0.113.20");
        }

        await Expect.ProblemAsync(await AnonymousAsync("203.0.113.20"), HttpStatusCode.TooManyRequests, "rate-limited");

        var allowed = await Expect.ReadAsync(fixture, $"data/{TestProvider.Echo}/records", customise: From("203.0.113.20"));
        var elsewhere = await AnonymousAsync("203.0.113.21");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(AuditDecision.Allowed, (await Expect.AuditedOnceAsync(fixture, allowed)).Decision);
        await Expect.ProblemAsync(elsewhere, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task AuthenticatedRefusals_CountPerAgencyWhateverTheAddress_AndDoNotThrottleTheAddress()
    {
        await InsideOneWindowAsync();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i <= Limit; i++)
        {
            // One agency from many addresses (as the catalogue relays every agency's GraphQL reads from one address).
            answers.Add(await Expect.ReadAsync(fixture, "data/criminal-records/records", "subsistence-allowance-review", "CASE-T", From($"203.0.113.{30 + i}")));
        }

        var anonymousFromTheSameAddress = await AnonymousAsync("203.0.113.30");

        Assert.All(answers.Take(Limit), a => Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode));
        await Expect.ProblemAsync(answers[^1], HttpStatusCode.TooManyRequests, "rate-limited");
        var throttle = await Expect.AuditedOnceAsync(fixture, answers[^1]);
        Assert.Equal(GatewayFixture.Consumer, throttle.Agency);
        Assert.Contains(GatewayFixture.Consumer, throttle.Detail, StringComparison.Ordinal);
        await Expect.ProblemAsync(anonymousFromTheSameAddress, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Ipv6Addresses_OfOneSlash64_ShareOneCount()
    {
        await InsideOneWindowAsync();
        var answers = new List<HttpResponseMessage>();
        for (var i = 1; i <= Limit + 1; i++)
        {
            answers.Add(await AnonymousAsync($"2001:db8:7:7::{i:x}"));
        }

        var outside = await AnonymousAsync("2001:db8:7:8::1");

        Assert.All(answers.Take(Limit), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        await Expect.ProblemAsync(answers[^1], HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Contains("2001:db8:7:7::/64", (await Expect.AuditedOnceAsync(fixture, answers[^1])).Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, outside.StatusCode);
    }

    private Task<HttpResponseMessage> AnonymousAsync(string address) =>
        fixture.Client.ReadAsync(null, $"data/{TestProvider.Echo}/records", LongValue, LongValue, From(address));

    private static Action<HttpRequestMessage> From(string address) => r => r.Headers.Add("X-Forwarded-For", address);

    /// <summary>The window is the clock's: start well inside one, so a burst does not straddle two.</summary>
    private static async Task InsideOneWindowAsync()
    {
        var seconds = (long)RefusalThrottleFixture.Window.TotalSeconds;
        var into = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % seconds;
        if (into >= seconds - 30)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds - into + 1));
        }
    }
}
