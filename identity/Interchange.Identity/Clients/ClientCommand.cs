using Interchange.Identity.Storage;
using Interchange.ServiceDefaults.Caching;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Interchange.Identity.Clients;

/// <summary>
/// <c>disable-client &lt;id&gt;</c> and <c>enable-client &lt;id&gt;</c> as the identity service's first arguments
/// (<c>dotnet run --project identity/Interchange.Identity -- disable-client sz-civil-affairs</c>): marks the client in
/// the identity store and exits — 0 when done, 1 with the reason — with configuration read as at a normal start. A
/// disabled client gets no token; gateways and the catalogue refuse the tokens it already has within
/// <c>Interchange:Tokens:DisabledClientsRefreshInterval</c>, at once when Redis is configured (the command announces it).
/// The client's entry is kept, so <c>enable-client</c> (or the agencies file listing it again) gives it back its access.
/// </summary>
public static class ClientCommand
{
    public const string Disable = "disable-client";
    public const string Enable = "enable-client";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] is Disable or Enable;

    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync($"identity: usage: {args.FirstOrDefault() ?? Disable} <client id> [configuration…]");
            return 1;
        }

        var disable = args[0] == Disable;
        var clientId = args[1];
        var builder = InterchangeWebApplication.CreateBuilder(args[2..]);
        configure?.Invoke(builder);
        builder.AddInterchangeLogging("identity");
        try
        {
            builder.Services.AddIdentityStore(builder.Configuration,
                builder.Configuration[$"{IdentityServerOptions.Section}:{nameof(IdentityServerOptions.DatabasePath)}"]);
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddInterchangeRedis(builder.Configuration);
            await using var app = builder.Build();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
                var application = await db.Set<OpenIddictEntityFrameworkCoreApplication>().FirstOrDefaultAsync(a => a.ClientId == clientId);
                if (application is null)
                {
                    await Console.Error.WriteLineAsync($"identity: there is no client '{clientId}'.");
                    return 1;
                }

                if (!ClientStatus.Set(application, disable ? app.Services.GetRequiredService<TimeProvider>().GetUtcNow() : null))
                {
                    await Console.Out.WriteLineAsync($"identity: client '{clientId}' is already {(disable ? "disabled" : "enabled")}.");
                    return 0;
                }

                await db.SaveChangesAsync();
            }

            var announced = app.Services.GetService<RedisConnection>() is { } redis
                && (await redis.TryAsync(db => db.PublishAsync(redis.Channel(ClientRevocations.Channel), clientId), evenWhenResting: true)).Done;
            await Console.Out.WriteLineAsync($"identity: client '{clientId}' is {(disable ? "disabled" : "enabled")}" +
                (announced ? "; the gateways and the catalogue were told." : "; the gateways and the catalogue read it at their next refresh."));
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException or System.Data.Common.DbException or TimeoutException
            or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"identity: {(disable ? "disabling" : "enabling")} client '{clientId}' failed: {e.Message}");
            return 1;
        }
    }
}
