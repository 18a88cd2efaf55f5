using Interchange.Identity.Clients;
using Interchange.Identity.Tokens;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Problems;
using Interchange.ServiceDefaults.Telemetry;

namespace Interchange.Identity;

/// <summary>The identity service as a <see cref="WebApplication"/>, so the standalone host can compose it.</summary>
public static class IdentityApplication
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = InterchangeWebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddInterchangeLogging("identity").AddInterchangeKestrel(maxRequestBodySize: 64 * 1024);
        builder.AddInterchangeTelemetry("identity");
        builder.AddIdentityServer();
        // A token request has a handful of fields: a form with more (or with long names) is refused as it is read,
        // long before the framework's default of 1,024 fields, and before any secret is checked.
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form =>
        {
            form.ValueCountLimit = 32;
            form.KeyLengthLimit = 256;
        });

        var app = builder.Build();
        app.UseInterchangeProblems();
        await app.InitializeIdentityAsync();
        // Agencies come through the gateway: their own address is in X-Forwarded-For, trusted from loopback
        // proxies and from the gateways' networks (Identity:ForwardedNetworks) only.
        app.UseTrustedForwardedHeaders(
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityServerOptions>>().Value.ForwardedNetworks,
            "Identity:ForwardedNetworks");
        // The throttle needs the agency's own address (forwarded headers) and must refuse before OpenIddict checks any
        // secret, which it does inside the authentication middleware: a throttled guesser costs no key derivation.
        app.UseTokenEndpointThrottling();
        // OpenIddict answers the token endpoint from the authentication middleware: it must come after the forwarded
        // headers, or a request that reached a TLS-terminating proxy over HTTPS looks like plain HTTP and is refused.
        app.UseAuthentication();
        app.MapHealthEndpoints();
        app.MapTokenEndpoint();
        app.MapDisabledClientsEndpoint();
        return app;
    }
}
