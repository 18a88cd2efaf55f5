using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interchange.ServiceDefaults.Tokens;

public static class AgencyTokenServiceCollectionExtensions
{
    /// <summary>Local validation of agency access tokens, configured from <c>Interchange:Tokens</c>.</summary>
    public static IServiceCollection AddAgencyTokenValidation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgencyTokenOptions>()
            .Bind(configuration.GetSection(AgencyTokenOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(SigningKeyCache), c => c.Timeout = TimeSpan.FromSeconds(10));
        // The key cache must outlive requests, so it is a singleton holding one client of its own.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SigningKeyCache>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SigningKeyCache))));
        services.AddSingleton<DisabledClients>();
        services.AddHttpClient(nameof(DisabledClientsRefresher), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DisabledClientsRefresher>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DisabledClientsRefresher))));
        services.AddHostedService(sp => sp.GetRequiredService<DisabledClientsRefresher>());
        services.AddSingleton<AgencyTokenValidator>();
        return services;
    }

    /// <summary>The <see cref="AgencyTokenAuthenticationHandler"/> as the default authentication scheme.</summary>
    public static AuthenticationBuilder AddAgencyTokenAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAgencyTokenValidation(configuration);
        return services.AddAuthentication(AgencyTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AgencyTokenAuthenticationHandler>(AgencyTokenAuthenticationHandler.SchemeName, null);
    }
}
