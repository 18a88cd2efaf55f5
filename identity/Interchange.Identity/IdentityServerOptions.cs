using System.ComponentModel.DataAnnotations;

namespace Interchange.Identity;

/// <summary>Settings of the identity server (section <c>Identity</c>).</summary>
public sealed class IdentityServerOptions
{
    public const string Section = "Identity";

    /// <summary>The issuer: the public front-door URL agencies reach the interchange at.</summary>
    [Required]
    public Uri? Issuer { get; set; }

    /// <summary>SQLite file holding clients and agencies; unused when <c>Storage:Provider</c> is Postgres.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>Folder with <c>signing.pem</c> and <c>encryption.pem</c> (RSA, PKCS#8 PEM).</summary>
    [Required]
    public string KeysDirectory { get; set; } = "";

    /// <summary>
    /// File of the 32-byte key under which claimed client ids that name no client are hashed before they are audited
    /// (<see cref="Tokens.UnknownClientIds"/>); <c>client-id.key</c> in <see cref="KeysDirectory"/> when empty. Generated
    /// only in Development.
    /// </summary>
    public string ClientIdKeyPath { get; set; } = "";

    /// <summary>Scenario seed whose agencies become clients with the demo secrets <c>&lt;id&gt;-secret</c>. Development only.</summary>
    public string? DemoSeedFile { get; set; }

    /// <summary>
    /// The registrar's agencies (the demo seed's shape, <c>{"agencies":[…]}</c>), registered as clients in any environment;
    /// each one's secret is the file named by its id in <see cref="ClientSecretsDirectory"/>.
    /// </summary>
    public string? AgenciesFile { get; set; }

    /// <summary>Folder of client secret files, one per agency, named by the agency id (e.g. <c>/run/secrets</c>).</summary>
    public string? ClientSecretsDirectory { get; set; }

    /// <summary>
    /// SQLite file of the audit log; failed client authentications are recorded there when set (on PostgreSQL, always,
    /// in the shared log).
    /// </summary>
    public string? AuditDatabasePath { get; set; }

    /// <summary>Failed client authentications per claimed id and address before further attempts are refused.</summary>
    [Range(1, 1000)]
    public int MaxClientFailures { get; set; } = 10;

    /// <summary>
    /// Failed client authentications per claimed id from all addresses together before further attempts are refused:
    /// the bound for a guesser who changes address. A guesser can keep a real agency from getting tokens for one window
    /// this way, so it is set well above <see cref="MaxClientFailures"/>.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxClientFailuresPerClient { get; set; } = 100;

    /// <summary>The window failures are counted in, and how long a throttled caller waits at most.</summary>
    public TimeSpan ClientFailureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Networks (CIDR) of the gateways in front of identity, whose <c>X-Forwarded-For</c> names the agency's address;
    /// loopback is always trusted. Empty in the standalone host, where the gateway is on loopback: the gateway sets
    /// (never appends to) <c>X-Forwarded-For</c> from the address it believes, and it believes none a client sends.
    /// </summary>
    public string[] ForwardedNetworks { get; set; } = [];

    /// <summary>
    /// How long a client secret that matched its stored hash is taken as verified without deriving the hash again
    /// (see <see cref="Clients.ClientSecretVerifications"/>); zero derives it on every request. A rotated secret ends it
    /// whatever is left of it: at once on the instance that applied the agencies file, within
    /// <see cref="ClientCacheLifetime"/> on other instances sharing the store.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:15:00")]
    public TimeSpan ClientSecretCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a client's application entry and agency, read from the store, are reused (see
    /// <see cref="Clients.ClientCache{T}"/>). Changes applied by this instance take effect at once; a change applied by
    /// another instance sharing the store (PostgreSQL) is seen here within this time. Zero reads the store on every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClientCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the disabled clients are read from the store (<see cref="Clients.DisabledClientsWatcher"/>): the longest a
    /// client disabled elsewhere (the command, another instance) can still get a token here.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan DisabledClientsRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:01:00", "00:15:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
