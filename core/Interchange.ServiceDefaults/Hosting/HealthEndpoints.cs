using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interchange.ServiceDefaults.Hosting;

public static class HealthEndpoints
{
    /// <summary>The tag of checks that decide readiness (not liveness).</summary>
    public const string Ready = "ready";

    /// <summary>A readiness check that the store behind <typeparamref name="TContext"/> answers a query.</summary>
    public static IHealthChecksBuilder AddStoreCheck<TContext>(this IHealthChecksBuilder builder, string name)
        where TContext : DbContext =>
        builder.AddCheck<StoreHealthCheck<TContext>>(name, HealthStatus.Unhealthy, [Ready]);

    /// <summary>
    /// <c>/health/live</c>: the process serves requests. <c>/health/ready</c>: every readiness check
    /// holds (stores, audit log, keys); 503 otherwise, naming the failing checks without internals.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var entries = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description });
        return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString(), checks = entries });
    }

    private sealed class StoreHealthCheck<TContext>(IServiceScopeFactory scopes) : IHealthCheck
        where TContext : DbContext
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (scope.ServiceProvider.GetService<IDbContextFactory<TContext>>() is { } factory)
                {
                    await using var owned = await factory.CreateDbContextAsync(cancellationToken);
                    return await CheckAsync(owned, cancellationToken);
                }

                return await CheckAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
            {
                return HealthCheckResult.Unhealthy("The store does not answer.");
            }
        }

        private static async Task<HealthCheckResult> CheckAsync(TContext db, CancellationToken cancellationToken) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The store does not answer.");
    }
}
