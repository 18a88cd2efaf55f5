using GraphQL.Types;
using Interchange.Catalog.Access;
using Interchange.Core.Grants;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Catalog.Schema;

public sealed class GrantGraphType : ObjectGraphType<Grant>
{
    public GrantGraphType()
    {
        Name = "Grant";
        Description = "An approved, time-bound, purpose-bound permission the gateway enforces.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<DatasetGraphType>("dataset").ResolveAsync(async c => await Lookups.DatasetAsync(c, c.Source.DatasetId));
        Field<AgencyGraphType>("consumer").ResolveAsync(async c => await Lookups.AgencyAsync(c, c.Source.ConsumerId));
        Field<AgencyGraphType>("provider").ResolveAsync(async c => await Lookups.AgencyAsync(c, c.Source.ProviderId));
        Field<NonNullGraphType<StringGraphType>>("purpose").Resolve(c => c.Source.Purpose);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Resolve(c => c.Source.Fields);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("until").Resolve(c => c.Source.Until);
        Field<NonNullGraphType<BooleanGraphType>>("revoked").Resolve(c => c.Source.Revoked);
        Field<DateTimeOffsetGraphType>("revokedAt").Resolve(c => c.Source.RevokedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("grantedAt").Resolve(c => c.Source.GrantedAt);
        Field<NonNullGraphType<GrantStateGraphType>>("state").Resolve(c => c.Source.Revoked
            ? GrantState.Revoked
            : c.Source.IsInForce(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow()) ? GrantState.Active : GrantState.Expired);
        Field<IdGraphType>("requestId").Description("The access request whose approval created it.").Resolve(c => c.Source.RequestId);
    }
}
