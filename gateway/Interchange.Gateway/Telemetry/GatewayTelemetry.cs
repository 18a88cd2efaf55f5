using Interchange.Audit;
using Interchange.ServiceDefaults.Telemetry;

namespace Interchange.Gateway.Telemetry;

public static class GatewayTelemetry
{
    /// <summary>
    /// The shared telemetry (traces, metrics, <c>/metrics</c>, request log context) plus the gateway's own: the
    /// <see cref="GatewayMetrics"/> meter, its request id/agency/dataset on log events, and metered audit appends.
    /// Call after <c>AddGateway()</c>, whose audit log it wraps.
    /// </summary>
    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddInterchangeTelemetry("gateway").AddInterchangeMeter(GatewayMetrics.MeterName);
        var services = builder.Services;
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<DataPlaneMetrics>();
        services.AddSingleton<IRequestLogEnricher, GatewayRequestLog>();
        DecorateAuditLog(services);
        return builder;
    }

    /// <summary>Request counter and latency of the data plane; goes before the gateway's own pipeline (<c>MapGateway</c>).</summary>
    public static WebApplication UseDataPlaneMetrics(this WebApplication app)
    {
        app.Use(app.Services.GetRequiredService<DataPlaneMetrics>().InvokeAsync);
        return app;
    }

    /// <summary>Wraps the registered <see cref="IAuditLog"/> however it was registered, so audit/ needs no change.</summary>
    private static void DecorateAuditLog(IServiceCollection services)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IAuditLog) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return;
        }

        var inner = services[index];
        services[index] = ServiceDescriptor.Describe(
            typeof(IAuditLog),
            sp => new MeteredAuditLog(Resolve(sp, inner), sp.GetRequiredService<GatewayMetrics>(), sp.GetRequiredService<TimeProvider>()),
            inner.Lifetime);
    }

    private static IAuditLog Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IAuditLog)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
