using Interchange.Identity.Clients;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Interchange.Identity.Tests.Clients;

/// <summary>What a remembered secret verification may and may not stand in for.</summary>
public sealed class ClientSecretVerificationsTests
{
    private const string StoredHash = "AQAAAAEAACcQAAAAEHN0b3JlZC1oYXNoLW9uZQ==";
    private const string RotatedHash = "AQAAAAEAACcQAAAAEHN0b3JlZC1oYXNoLXR3bw==";
    private const string Secret = "the-agency-secret-of-32-characters";
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void WasVerified_RememberedSecret_HoldsUntilTheLifetimeEnds()
    {
        using var verifications = Create(TimeSpan.FromMinutes(5));

        verifications.Remember(StoredHash, Secret);
        var within = verifications.WasVerified(StoredHash, Secret);
        _time.Advance(TimeSpan.FromMinutes(5));
        var after = verifications.WasVerified(StoredHash, Secret);

        Assert.True(within);
        Assert.False(after);
    }

    [Fact]
    public void WasVerified_AnotherSecretForTheSameClient_IsFalse()
    {
        using var verifications = Create(TimeSpan.FromMinutes(5));

        verifications.Remember(StoredHash, Secret);

        Assert.False(verifications.WasVerified(StoredHash, Secret + "x"));
        Assert.False(verifications.WasVerified(StoredHash, Secret.ToUpperInvariant()));
        Assert.False(verifications.WasVerified(StoredHash, ""));
    }

    [Fact]
    public void WasVerified_SameSecretAfterTheStoredHashChanged_IsFalse()
    {
        using var verifications = Create(TimeSpan.FromMinutes(5));

        verifications.Remember(StoredHash, Secret);

        Assert.False(verifications.WasVerified(RotatedHash, Secret));
    }

    [Fact]
    public void WasVerified_SecretAndHashSplitDifferently_IsFalse()
    {
        using var verifications = Create(TimeSpan.FromMinutes(5));

        verifications.Remember("hash-a", "bsecret");

        Assert.False(verifications.WasVerified("hash-ab", "secret"));
    }

    [Fact]
    public void Remember_ZeroLifetime_KeepsNothing()
    {
        using var verifications = Create(TimeSpan.Zero);

        verifications.Remember(StoredHash, Secret);

        Assert.False(verifications.WasVerified(StoredHash, Secret));
        Assert.Equal(0, verifications.Count);
    }

    [Fact]
    public void Remember_MoreThanMaxEntries_StaysBounded()
    {
        using var verifications = Create(TimeSpan.FromMinutes(5));

        for (var i = 0; i <= ClientSecretVerifications.MaxEntries + 10; i++)
        {
            verifications.Remember(StoredHash, Secret + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.InRange(verifications.Count, 1, ClientSecretVerifications.MaxEntries);
    }

    [Fact]
    public void Remember_LongSecret_IsRecognisedAgain()
    {
        using var verifications = Create(TimeSpan.FromMinutes(5));
        var longSecret = new string('s', 4096);

        verifications.Remember(StoredHash, longSecret);

        Assert.True(verifications.WasVerified(StoredHash, longSecret));
        Assert.False(verifications.WasVerified(StoredHash, longSecret[..^1]));
    }

    private ClientSecretVerifications Create(TimeSpan lifetime) =>
        new(Options.Create(new IdentityServerOptions { ClientSecretCacheLifetime = lifetime }), _time);
}
