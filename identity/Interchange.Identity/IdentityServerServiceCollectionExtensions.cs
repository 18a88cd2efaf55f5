using Interchange.Audit;
using Interchange.Core.Agencies;
using Interchange.Identity.Keys;
using Interchange.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.EntityFrameworkCore.Models;
using Interchange.ServiceDefaults.Hosting;

namespace Interchange.Identity;

public static class IdentityServerServiceCollectionExtensions
{
    /// <summary>OpenIddict as the agencies' OAuth server: client credentials only, signed JWT access tokens.</summary>
    public static WebApplicationBuilder AddIdentityServer(this WebApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<IdentityServerOptions>(IdentityServerOptions.Section);

        var databaseDirectory = options.DatabasePath.Length > 0 ? Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath)) : null;
        if (databaseDirectory is not null)
        {
            Directory.CreateDirectory(databaseDirectory);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Tokens.ClientFailureThrottle>();
        builder.Services.AddSingleton<Clients.ClientSecretVerifications>();
        builder.Services.AddSingleton(typeof(Clients.ClientCache<>));
        builder.Services.AddSingleton<ServiceDefaults.Tokens.DisabledClients>();
        builder.Services.AddSingleton<Clients.DisabledClientsWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Clients.DisabledClientsWatcher>());
        builder.Services.AddHealthChecks().AddStoreCheck<IdentityDbContext>("identity-store");
        if (options.AuditDatabasePath is { Length: > 0 } || AuditOptions.UsesPostgres(builder.Configuration))
        {
            builder.Services.AddAuditLog(a => a.UseStorage(builder.Configuration, options.AuditDatabasePath));
        }

        builder.Services.AddIdentityStore(builder.Configuration, options.DatabasePath);

        var development = builder.Environment.IsDevelopment();
        var signing = KeyMaterial.LoadOrCreate(options.KeysDirectory, "signing", mayGenerate: development);
        var encryption = KeyMaterial.LoadOrCreate(options.KeysDirectory, "encryption", mayGenerate: development);
        builder.Services.AddSingleton(Tokens.UnknownClientIds.FromFile(
            options.ClientIdKeyPath.Length > 0 ? options.ClientIdKeyPath : Path.Combine(options.KeysDirectory, "client-id.key"), development));

        builder.Services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>();
                core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, Clients.AgencyApplicationManager>();
            })
            .AddServer(server =>
            {
                server.SetIssuer(options.Issuer!);
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. InterchangeScopes.All]);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                server.AddSigningKey(signing);
                server.AddEncryptionKey(encryption);
                // Resource servers validate locally with the public key: tokens are signed JWTs, not encrypted.
                server.DisableAccessTokenEncryption();
                // Issued tokens are self-contained JWTs checked by the gateway with the public key: no endpoint here
                // (no revocation, no introspection, no refresh) reads token entries, so writing one per token (an
                // INSERT and a synchronous commit to disk on every request) would only grow the store.
                server.DisableTokenStorage();
                server.AddEventHandler(Tokens.UniformInvalidClientHandler.Descriptor);
                server.AddEventHandler(Discovery.IssuerEndpointsHandler.Descriptor);

                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (development)
                {
                    // Plain HTTP on loopback is for development and tests only; production terminates TLS in front.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });
        return builder;
    }
}
