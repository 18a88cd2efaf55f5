using Interchange.Identity.Clients;
using Interchange.Identity.Tokens;
using Interchange.ServiceDefaults.Hosting;

namespace Interchange.Identity;

/// <summary>The identity service as a <see cref="WebApplication"/>, so the standalone host can compose it.</summary>
public static class IdentityApplication
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddInterchangeLogging("identity").AddInterchangeKestrel(maxRequestBodySize: 64 * 1024);
        builder.AddIdentityServer();

        var app = builder.Build();
        await app.InitializeIdentityAsync();
        app.MapGet("/health/live", () => Results.Ok()).ExcludeFromDescription();
        app.MapTokenEndpoint();
        return app;
    }
}
