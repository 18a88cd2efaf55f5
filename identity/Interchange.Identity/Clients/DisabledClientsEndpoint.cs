using System.Text.Json;
using Interchange.Identity.Storage;

namespace Interchange.Identity.Clients;

/// <summary>
/// <c>GET /clients/disabled</c>: the clients whose tokens the resource servers must refuse, read from the store on every
/// request (a handful of rows), so that every identity instance answers alike. Gateways and the catalogue poll it
/// (<c>Interchange:Tokens:DisabledClientsUrl</c>). It is on identity's own address only: the gateway routes
/// <c>/connect/*</c> and <c>/.well-known/*</c> to identity, not this, so agencies cannot read it.
/// </summary>
public static class DisabledClientsEndpoint
{
    public const string Path = "/clients/disabled";

    public static IEndpointRouteBuilder MapDisabledClientsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext context, IdentityDbContext db) =>
        {
            var disabled = await ClientStatus.ReadDisabledAsync(db, context.RequestAborted);
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            ClientStatus.Write(writer, disabled);
        }).ExcludeFromDescription();
        return app;
    }
}
