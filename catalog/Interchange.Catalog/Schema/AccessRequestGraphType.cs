using GraphQL.Types;
using Interchange.Core.Grants;
using Interchange.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Catalog.Schema;

public sealed class AccessRequestGraphType : ObjectGraphType<AccessRequest>
{
    public AccessRequestGraphType()
    {
        Name = "AccessRequest";
        Description = "An application for conditional access (有条件共享), and the provider's answer.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<DatasetGraphType>("dataset").ResolveAsync(async c => await Lookups.DatasetAsync(c, c.Source.DatasetId));
        Field<AgencyGraphType>("requester").ResolveAsync(async c => await Lookups.AgencyAsync(c, c.Source.RequesterId));
        Field<AgencyGraphType>("provider").Description("The agency that decides.").ResolveAsync(async c => await Lookups.AgencyAsync(c, c.Source.ProviderId));
        Field<NonNullGraphType<StringGraphType>>("purpose").Resolve(c => c.Source.Purpose);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Resolve(c => c.Source.Fields);
        Field<NonNullGraphType<StringGraphType>>("justification").Resolve(c => c.Source.Justification);
        Field<StringGraphType>("case").Resolve(c => c.Source.Case);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("until").Description("The end date asked for.").Resolve(c => c.Source.RequestedUntil);
        Field<NonNullGraphType<AccessRequestStateGraphType>>("state").Resolve(c => c.Source.State);
        Field<StringGraphType>("reason").Description("The provider's reasons (always given for a refusal).").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("deadline").Description("The provider must answer by then (working days).").Resolve(c => c.Source.Deadline);
        Field<NonNullGraphType<BooleanGraphType>>("overdue").Description("Still pending after the deadline.")
            .Resolve(c => c.Source.IsOverdue(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow()));
        Field<IdGraphType>("decidedBy").Resolve(c => c.Source.DecidedBy);
        Field<DateTimeOffsetGraphType>("decidedAt").Resolve(c => c.Source.DecidedAt);
        Field<GrantGraphType>("grant").ResolveAsync(async c => c.Source.GrantId is null
            ? null
            : await c.RequestServices!.GetRequiredService<CatalogDbContext>().Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == c.Source.GrantId, c.CancellationToken));
    }
}
