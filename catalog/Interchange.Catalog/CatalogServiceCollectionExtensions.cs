using Interchange.Catalog.Auditing;
using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Interchange.Audit;
using Interchange.Catalog.Access;
using Interchange.Catalog.Datasets;
using Interchange.Catalog.Records;
using Interchange.Catalog.Endpoint;
using Interchange.Catalog.Schema;
using Interchange.Core.Storage;
using Interchange.Policies;
using Interchange.ServiceDefaults.Caching;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>The catalogue store, the responsibility lists, the audit reader and the GraphQL schema.</summary>
    public static WebApplicationBuilder AddCatalog(this WebApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<CatalogOptions>(CatalogOptions.Section);
        builder.AddDevelopmentSwitch("Catalog:AllowLoopbackSources", options.AllowLoopbackSources,
            "registrars may register sources on loopback addresses");
        if (options.DatabasePath.Length > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath))!);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddCatalogStore(builder.Configuration, options.DatabasePath);
        builder.Services.AddSingleton(sp => new PolicyStore(options.ListsDirectory, sp.GetRequiredService<ILogger<PolicyStore>>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddAuditReader(a => a.UseStorage(builder.Configuration, options.AuditDatabasePath));
        // Workflow actions go into the same log as the gateways' data-plane records.
        builder.Services.AddAuditLog(a => a.UseStorage(builder.Configuration, options.AuditDatabasePath));
        builder.Services.AddSubjectHasher(options.SubjectKeyPath, builder.Environment.IsDevelopment());
        builder.Services.AddScoped<SubjectAccessReport>();
        builder.Services.AddHealthChecks()
            .AddStoreCheck<CatalogDbContext>("catalog-store")
            .AddCheck<AuditLogHealthCheck>("audit-log", tags: [HealthEndpoints.Ready])
            .AddCheck<SigningKeyHealthCheck>("signing-keys", tags: [HealthEndpoints.Ready]);
        builder.Services.AddScoped<AccessWorkflow>();
        // With Redis: grant changes reach every gateway at once, and list reloads reach the other instances.
        if (builder.Services.AddInterchangeRedis(builder.Configuration))
        {
            builder.Services.AddChangeRelay<PolicyStore>("lists", (store, reloaded) => store.Changed += _ => reloaded(), store => store.Reload());
        }

        builder.Services.AddScoped<AgencyDirectory>();
        builder.Services.AddScoped<DatasetRegistration>();
        builder.Services.AddHostedService<GrantExpiryMonitor>();
        builder.Services.AddHttpClient<GatewayDataClient>(http =>
        {
            http.BaseAddress = options.GatewayUrl;
            http.Timeout = TimeSpan.FromSeconds(60);
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = Interchange.ServiceDefaults.Hosting.KestrelLimitsOptions.PeerIdleTimeout,
        });
        builder.Services.AddAgencyTokenAuthentication(builder.Configuration);
        builder.Services.AddAuthorization();

        var introspection = options.IntrospectionAllowed(builder.Environment.IsDevelopment());
        builder.Services.AddGraphQL(graphql =>
        {
            graphql
                .AddSchema<CatalogSchema>()
                .AddGraphTypes(typeof(CatalogSchema).Assembly)
                .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
                .AddErrorInfoProvider(new CatalogErrorInfoProvider(suggestNames: introspection))
                // Resolvers share one DbContext per request, so sibling fields run one after another.
                .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
                .AddComplexityAnalyzer(c =>
                {
                    c.MaxDepth = options.MaxDepth;
                    c.MaxComplexity = options.MaxComplexity;
                });
            if (!introspection)
            {
                graphql.AddValidationRule<NoIntrospectionValidationRule>();
            }
        });
        return builder;
    }
}
