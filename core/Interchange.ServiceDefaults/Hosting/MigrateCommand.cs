using System.Data.Common;
using Interchange.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interchange.ServiceDefaults.Hosting;

/// <summary>
/// <c>migrate</c> as a service's first argument (<c>dotnet run --project catalog/Interchange.Catalog -- migrate</c>):
/// brings the service's store up to date with its migrations and exits — 0 when done, 1 with the reason — without
/// starting the service. Configuration is read as at a normal start (appsettings, environment, the other arguments).
/// Every start migrates as well; the command is for deployments that migrate before rolling out.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <param name="addStore">Registers <typeparamref name="TContext"/> from configuration exactly as the service does.</param>
    public static async Task<int> RunAsync<TContext>(string[] args, string service, StoreDefinition store, Action<WebApplicationBuilder> addStore)
        where TContext : DbContext
    {
        var builder = InterchangeWebApplication.CreateBuilder(args.Length > 0 && args[0] == Name ? args[1..] : args);
        builder.AddInterchangeLogging(service);
        try
        {
            addStore(builder);
            await using var app = builder.Build();
            await using var scope = app.Services.CreateAsyncScope();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreMigrator));
            await StoreMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<TContext>(), store, logger);
            await Console.Out.WriteLineAsync($"{service}: the {store.Name} store is up to date.");
            return 0;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or DbException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"{service}: migrating the {store.Name} store failed: {e.Message}");
            return 1;
        }
    }
}
