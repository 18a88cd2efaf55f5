using Interchange.Gateway.Telemetry;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Problems;

namespace Interchange.Gateway;

/// <summary>The gateway as a <see cref="WebApplication"/>, so the standalone host can compose it.</summary>
public static class GatewayApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = InterchangeWebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddInterchangeLogging("gateway").AddInterchangeKestrel(maxRequestBodySize: 1024 * 1024);
        builder.AddGateway();
        builder.AddGatewayTelemetry();

        var app = builder.Build();
        app.UseInterchangeProblems();
        app.UseTrustedForwardedHeaders(
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.ForwardedNetworks,
            "Gateway:ForwardedNetworks",
            trustLoopback: false);
        app.UseDataPlaneMetrics();
        app.MapGateway();
        return app;
    }
}
