using GraphQL;
using GraphQL.Types;
using Interchange.Audit;
using Interchange.Catalog.Access;
using Interchange.Catalog.Auditing;
using Interchange.Catalog.Datasets;
using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
using Interchange.Core.Grants;
using Interchange.Core.Http;
using Interchange.Core.Storage;
using Interchange.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interchange.Catalog.Schema;

public sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType(IOptions<CatalogOptions> options)
    {
        Name = "Query";
        var maxPage = options.Value.MaxPageSize;

        Field<NonNullGraphType<DatasetConnectionGraphType>>("datasets")
            .Description("Datasets of every region, filtered and paged.")
            .Argument<DatasetFilterInputType>("filter")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                c.Agency();
                var filter = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                var datasetFilter = new DatasetFilter(
                    filter.GetValueOrDefault("text") as string,
                    Caller.ValidRegion(filter.GetValueOrDefault("region") as string),
                    filter.GetValueOrDefault("provider") as string,
                    filter.GetValueOrDefault("sharingType") as SharingType?,
                    filter.GetValueOrDefault("classification") as Classification?);
                return await DatasetQueries.SearchAsync(
                    c.RequestServices!.GetRequiredService<CatalogDbContext>(),
                    c.RequestServices!.GetRequiredService<PolicyStore>().Current,
                    datasetFilter,
                    c.First(maxPage),
                    c.GetArgument<string?>("after"),
                    c.CancellationToken);
            });

        Field<DatasetGraphType>("dataset")
            .Description("One dataset by id; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                c.Agency();
                return await DatasetQueries.FindAsync(
                    c.RequestServices!.GetRequiredService<CatalogDbContext>(),
                    c.RequestServices!.GetRequiredService<PolicyStore>().Current,
                    c.GetArgument<string>("id"),
                    c.CancellationToken);
            });

        Field<NonNullGraphType<AuditEventConnectionGraphType>>("auditEvents")
            .Description("The audit log, oldest first. Role auditor, scope audit.")
            .Argument<AuditFilterInputType>("filter")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                c.Require(AgencyRoles.Auditor, InterchangeScopes.Audit);
                var filter = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                var after = c.GetArgument<string?>("after");
                var query = new AuditQuery(
                    filter.GetValueOrDefault("agency") as string,
                    filter.GetValueOrDefault("dataset") as string,
                    filter.GetValueOrDefault("purpose") as string,
                    filter.GetValueOrDefault("case") as string,
                    filter.GetValueOrDefault("decision") as AuditDecision?,
                    filter.GetValueOrDefault("from") as DateTimeOffset?,
                    filter.GetValueOrDefault("to") as DateTimeOffset?,
                    after is null ? null : Cursor.DecodeIndex(Cursor.AuditEvents, after),
                    c.First(maxPage));
                var page = await c.RequestServices!.GetRequiredService<AuditReader>().QueryAsync(query, c.CancellationToken);
                return new Page<AuditRecord>(
                    page.Records,
                    r => Cursor.EncodeIndex(Cursor.AuditEvents, r.LeafIndex),
                    page.HasNextPage,
                    page.TotalCount);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEventGraphType>>>>("subjectAccessReport")
            .Description("Every recorded access to data about one citizen or company (its id number or credit code), oldest first: " +
                "which agency, when, for which purpose, under which rule, with the leaf index for an inclusion proof. The identifier is " +
                "matched by its keyed hash and never stored; the report itself is recorded. Role auditor, scope audit.")
            .Argument<NonNullGraphType<StringGraphType>>("subject")
            .ResolveAsync(async c =>
            {
                var auditor = c.Require(AgencyRoles.Auditor, InterchangeScopes.Audit);
                return await c.RequestServices!.GetRequiredService<SubjectAccessReport>()
                    .ReportAsync(auditor, c.GetArgument<string>("subject"), c.Request().RequestId, c.CancellationToken);
            });

        Field<NonNullGraphType<AccessRequestConnectionGraphType>>("accessRequests")
            .Description("The caller's own applications (role REQUESTER, the default) or those waiting for its decision (PROVIDER); auditors without a role see all.")
            .Argument<AccessRequestFilterGraphType>("filter")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var caller = c.Agency();
                var filter = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                return await c.RequestServices!.GetRequiredService<AccessWorkflow>().ListRequestsAsync(
                    caller,
                    filter.GetValueOrDefault("role") as AccessRole?,
                    filter.GetValueOrDefault("state") as AccessRequestState?,
                    filter.GetValueOrDefault("overdue") as bool? ?? false,
                    c.First(maxPage),
                    c.GetArgument<string?>("after"),
                    c.CancellationToken);
            });

        Field<NonNullGraphType<GrantConnectionGraphType>>("grants")
            .Description("Grants the caller holds (role REQUESTER, the default) or gave (PROVIDER); auditors without a role see all.")
            .Argument<GrantFilterGraphType>("filter")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var caller = c.Agency();
                var filter = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                return await c.RequestServices!.GetRequiredService<AccessWorkflow>().ListGrantsAsync(
                    caller,
                    filter.GetValueOrDefault("role") as AccessRole?,
                    filter.GetValueOrDefault("state") as GrantState?,
                    c.First(maxPage),
                    c.GetArgument<string?>("after"),
                    c.CancellationToken);
            });

        Field<NonNullGraphType<DecisionGraphType>>("explainAccess")
            .Description("What the gateway would decide for a consumer, dataset and purpose, and why; reads no data. The consumer itself, the dataset's provider or an auditor may ask.")
            .Argument<NonNullGraphType<IdGraphType>>("dataset")
            .Argument<NonNullGraphType<IdGraphType>>("consumer")
            .Argument<NonNullGraphType<StringGraphType>>("purpose")
            .ResolveAsync(async c =>
            {
                var caller = c.Agency();
                var services = c.RequestServices!;
                var policies = services.GetRequiredService<PolicyStore>().Current;
                var dataset = await DatasetQueries.FindAsync(services.GetRequiredService<CatalogDbContext>(), policies, c.GetArgument<string>("dataset"), c.CancellationToken)
                    ?? throw new ExecutionError($"There is no dataset '{c.GetArgument<string>("dataset")}' in the catalogue.") { Code = ErrorCodes.NotFound };
                var consumerId = c.GetArgument<string>("consumer");
                var mayAsk = consumerId == caller.AgencyId
                    || dataset.Dataset.ProviderId == caller.AgencyId
                    || (caller.HasRole(AgencyRoles.Auditor) && caller.HasScope(InterchangeScopes.Audit));
                if (!mayAsk)
                {
                    throw new ExecutionError("Only the consumer itself, the dataset's provider or an auditor may ask.") { Code = ErrorCodes.Forbidden };
                }

                var consumer = await services.GetRequiredService<AgencyDirectory>().FindAsync(consumerId, c.CancellationToken)
                    ?? throw new ExecutionError($"There is no agency '{consumerId}'.") { Code = ErrorCodes.NotFound };
                return await AccessExplainer.ExplainAsync(policies, dataset, consumer.Id, consumer.Region, c.GetArgument<string>("purpose"),
                    services.GetRequiredService<AccessWorkflow>(), services.GetRequiredService<TimeProvider>(), c.CancellationToken);
            });

        Field<Records.JsonGraphType>("records")
            .Description("Shared data, read through the gateway with the caller's own token: decided, masked, rate-limited and audited exactly as a REST read.")
            .Argument<NonNullGraphType<IdGraphType>>("dataset")
            .Argument<NonNullGraphType<StringGraphType>>("path", a => a.Description = "Below the dataset's source, e.g. \"records?limit=10\" or \"records/<key>\".")
            .Argument<NonNullGraphType<StringGraphType>>("purpose")
            .Argument<StringGraphType>("case")
            // A read through the gateway, not a lookup: priced so that a document cannot fan out into many of them.
            .WithComplexityImpact(options.Value.RecordsComplexity)
            .ResolveAsync(async c =>
            {
                c.Agency();
                var request = c.Request();
                var path = c.GetArgument<string>("path");
                var purpose = c.GetArgument<string>("purpose");
                var @case = c.GetArgument<string?>("case");
                CheckRecordsArguments(path, purpose, @case);
                return await c.RequestServices!.GetRequiredService<Records.GatewayDataClient>().ReadAsync(
                    request.BearerToken!, c.GetArgument<string>("dataset"), path, purpose, @case, c.CancellationToken);
            });
    }

    /// <summary>
    /// The arguments of <c>records</c> become the request line and headers of a call to the gateway, so they meet the
    /// gateway's own rules before anything is sent: the same bounds, no control characters (a CR or LF would end
    /// the header and start a request of the caller's making on the catalogue's connection).
    /// </summary>
    private static void CheckRecordsArguments(string path, string purpose, string? @case)
    {
        if (!Records.GatewayDataClient.IsValidPath(path))
        {
            throw new ExecutionError($"'path' must be a relative path below the dataset of at most {Records.GatewayDataClient.MaxPathLength} characters, without '..', '%', '#', backslashes or control characters, e.g. 'records?limit=10' or 'records/<key>'.")
            {
                Code = ErrorCodes.BadUserInput,
            };
        }

        if (!InterchangeHeaders.IsValidValue(purpose))
        {
            throw new ExecutionError($"'purpose' must be a purpose code of at most {InterchangeHeaders.MaxValueLength} printable ASCII characters, without line breaks or other control characters.")
            {
                Code = ErrorCodes.BadUserInput,
            };
        }

        if (@case is not null && !InterchangeHeaders.IsValidValue(@case))
        {
            throw new ExecutionError($"'case' must be a case reference of at most {InterchangeHeaders.MaxValueLength} printable ASCII characters, without line breaks or other control characters.")
            {
                Code = ErrorCodes.BadUserInput,
            };
        }
    }

}
