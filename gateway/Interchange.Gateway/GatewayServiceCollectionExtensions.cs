using Interchange.Audit;
using Interchange.Gateway.AuditProofs;
using Interchange.Gateway.Caching;
using Interchange.Core.Http;
using Interchange.Core.Storage;
using Interchange.Gateway.DataPlane;
using Interchange.Gateway.Routing;
using Interchange.Core.Secrets;
using Interchange.Policies;
using Interchange.Policies.Fields;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Problems;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Interchange.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>YARP with routes generated from the catalogue, and the data plane's decision, masking and audit.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<GatewayOptions>(GatewayOptions.Section);
        builder.AddDevelopmentSwitch("Gateway:AllowLoopbackSources", options.AllowLoopbackSources,
            "the gateway connects to sources on loopback addresses");
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        services.AddCatalogStoreReader(builder.Configuration, options.CatalogDatabasePath);
        services.AddSingleton<GrantLookup>();
        services.AddSingleton(sp => new PolicyStore(options.ListsDirectory, sp.GetRequiredService<ILogger<PolicyStore>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddAuditLog(a => a.UseStorage(builder.Configuration, options.AuditDatabasePath));
        services.AddAuditProofs(a => a.UseStorage(builder.Configuration, options.AuditDatabasePath), checkpoints =>
        {
            checkpoints.KeyPath = options.CheckpointKeyPath;
            checkpoints.Origin = options.CheckpointOrigin;
            checkpoints.MayGenerate = builder.Environment.IsDevelopment();
        });
        services.AddAgencyTokenValidation(builder.Configuration);
        var key = SecretFiles.LoadOrCreate(options.PseudonymKeyPath, 32, builder.Environment.IsDevelopment(), "pseudonymisation key");
        services.AddSingleton(new Pseudonymiser(key));
        services.AddSubjectHasher(options.SubjectKeyPath, builder.Environment.IsDevelopment());
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<RecordQuota>();
        services.AddSingleton<RefusalLimiter>();
        builder.AddGatewayCaching(options);
        services.AddHealthChecks()
            .AddStoreCheck<CatalogDbContext>("catalog-store")
            .AddCheck<AuditLogHealthCheck>("audit-log", tags: [HealthEndpoints.Ready])
            .AddCheck<SigningKeyHealthCheck>("signing-keys", tags: [HealthEndpoints.Ready]);
        services.AddSingleton<DataPlaneHandler>();

        services.AddSingleton<CatalogProxyConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<CatalogProxyConfigProvider>());
        services.AddHostedService(sp => sp.GetRequiredService<CatalogProxyConfigProvider>());
        services.AddReverseProxy().AddTransforms(AddTransforms);
        services.AddSingleton<IForwarderHttpClientFactory, SourceHttpClientFactory>();
        services.Configure<Yarp.ReverseProxy.Health.TransportFailureRateHealthPolicyOptions>(o =>
        {
            // Half of at least 10 requests failing within the window takes a source out.
            o.DetectionWindowSize = options.SourceFailureWindow;
            o.MinimalTotalCountThreshold = 10;
            o.DefaultFailureRateLimit = 0.5;
        });
        return builder;
    }

    /// <summary>The front door: request ids, the generated proxy routes with the data plane in their pipeline, and unknown datasets.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseRequestIds();
        var dataPlane = app.Services.GetRequiredService<DataPlaneHandler>();
        app.Use(dataPlane.GuardAsync);
        app.MapHealthEndpoints();
        app.MapAuditProofs();
        app.Map("/data/{dataset}/{**path}", dataPlane.UnknownDatasetAsync).WithOrder(int.MaxValue);
        app.Map("/data/{dataset?}", dataPlane.UnknownDatasetAsync).WithOrder(int.MaxValue);
        // Paths that match nothing are refused in the same problem+json shape as everything else.
        app.MapFallback("{**path}", (HttpContext context) =>
            ProblemWriter.WriteAsync(context, ProblemTypes.NotFound, "There is nothing at this path.", RequestIds.Get(context)));
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(dataPlane.HandleAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    /// <summary>Identity and catalogue record their actions under the gateway's request id, never one a client chose.</summary>
    private static void AddGatewayRequestId(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove(InterchangeHeaders.RequestId);
        context.AddRequestTransform(transform =>
        {
            OutgoingHeader.Add(transform.ProxyRequest.Headers, InterchangeHeaders.RequestId, RequestIds.Get(transform.HttpContext));
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// Identity and catalogue refuse a body over their limit before reading it; without waiting for their go-ahead the
    /// gateway would still be sending when they close, and the agency would get a 502 instead of their 413.
    /// </summary>
    private static void AddExpectContinue(TransformBuilderContext context) => context.AddRequestTransform(transform =>
    {
        if (transform.ProxyRequest.Content is not null)
        {
            transform.ProxyRequest.Headers.ExpectContinue = true;
        }

        return ValueTask.CompletedTask;
    });

    private static void AddTransforms(TransformBuilderContext context)
    {
        // Nothing of a backend's identity or cookies reaches agencies.
        context.AddResponseHeaderRemove("Server", ResponseCondition.Always);
        context.AddResponseHeaderRemove("X-Powered-By", ResponseCondition.Always);
        context.AddRequestHeaderRemove("X-HTTP-Method-Override");
        context.AddRequestHeaderRemove("X-HTTP-Method");
        context.AddRequestHeaderRemove("X-Method-Override");

        var metadata = context.Route.Metadata;
        if (metadata is not null && metadata.TryGetValue(RouteMetadata.Service, out var service) && service == "identity")
        {
            // The identity server builds its discovery document from the host agencies called.
            context.AddOriginalHost(true);
            AddGatewayRequestId(context);
            AddExpectContinue(context);
            return;
        }

        if (metadata is not null && metadata.TryGetValue(RouteMetadata.Service, out service) && service == "catalog")
        {
            AddGatewayRequestId(context);
            AddExpectContinue(context);
            return;
        }

        if (metadata is null || !metadata.ContainsKey(RouteMetadata.Dataset))
        {
            return;
        }

        var handler = context.Services.GetRequiredService<DataPlaneHandler>();
        context.AddPathRouteValues("/{**path}");
        // An allowlist, not a denylist: the agency's token, cookies, forwarding and identity headers never reach a
        // source because nothing is copied but what a source needs; the gateway asserts who is asking instead.
        context.CopyRequestHeaders = false;
        context.AddXForwarded(ForwardedTransformActions.Off);
        context.AddRequestTransform(SourceRequestHeaders.ApplyAsync);
        context.AddResponseHeaderRemove("Set-Cookie", ResponseCondition.Always);
        context.AddResponseHeaderRemove("Location", ResponseCondition.Always);
        context.AddResponseTransform(handler.OnSourceResponseAsync);
    }
}
