using Interchange.Catalog.Endpoint;
using Interchange.Catalog.Storage;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Problems;
using Interchange.ServiceDefaults.Telemetry;

namespace Interchange.Catalog;

/// <summary>The catalogue service as a <see cref="WebApplication"/>, so the standalone host can compose it.</summary>
public static class CatalogApplication
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = InterchangeWebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddInterchangeLogging("catalog").AddInterchangeKestrel(maxRequestBodySize: 256 * 1024);
        builder.AddInterchangeTelemetry("catalog");
        builder.AddCatalog();

        var app = builder.Build();
        app.UseInterchangeProblems();
        await app.InitializeCatalogAsync();
        app.UseAuthentication();
        app.MapHealthEndpoints();
        app.MapGraphQLEndpoint();
        return app;
    }
}
