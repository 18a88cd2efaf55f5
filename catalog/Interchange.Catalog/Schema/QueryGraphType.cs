using GraphQL;
using GraphQL.Types;
using Interchange.Audit;
using Interchange.Catalog.Datasets;
using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
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
    }
}
