using System.Security.Cryptography;
using Interchange.Core.Secrets;
using Interchange.Policies;
using Interchange.ServiceDefaults.Caching;

namespace Interchange.Gateway.Caching;

public static class GatewayCachingServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set: rate limits shared by every gateway instance, grant answers cached in
    /// process and in Redis under the grant epoch, and list reloads announced to the other instances. Without it
    /// nothing is registered and the gateway keeps everything in process, reading grants from the store every time.
    /// </summary>
    public static WebApplicationBuilder AddGatewayCaching(this WebApplicationBuilder builder, GatewayOptions gateway)
    {
        var services = builder.Services;
        if (!services.AddInterchangeRedis(builder.Configuration))
        {
            return builder;
        }

        services.AddOptions<GatewayCacheOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // The gateways' own deployment secret signs what they put in Redis (a key derived for that alone).
        var secret = SecretFiles.LoadOrCreate(gateway.PseudonymKeyPath, 32, builder.Environment.IsDevelopment(), "pseudonymisation key");
        services.AddSingleton(new CachedGrant(secret));
        CryptographicOperations.ZeroMemory(secret);
        services.AddSingleton<GrantEpoch>();
        services.AddHostedService(sp => sp.GetRequiredService<GrantEpoch>());
        services.AddSingleton<GrantCache>();
        services.AddChangeRelay<PolicyStore>("lists", (store, reloaded) => store.Changed += _ => reloaded(), store => store.Reload());
        return builder;
    }
}
