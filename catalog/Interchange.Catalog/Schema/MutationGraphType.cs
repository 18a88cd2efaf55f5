using GraphQL;
using GraphQL.Types;
using Interchange.Catalog.Access;
using Interchange.Catalog.Datasets;
using Interchange.Core.Agencies;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Catalog.Schema;

public sealed class MutationGraphType : ObjectGraphType
{
    public MutationGraphType()
    {
        Name = "Mutation";

        Field<NonNullGraphType<DatasetGraphType>>("registerDataset")
            .Description("Register one of the caller's datasets and its source; the gateway routes to it within seconds. Role provider, scope registry.")
            .Argument<NonNullGraphType<RegisterDatasetInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(AgencyRoles.Provider, InterchangeScopes.Registry);
                var input = c.GetArgument<Dictionary<string, object?>>("input")!;
                if (!Uri.TryCreate((string)input["sourceUrl"]!, UriKind.Absolute, out var source))
                {
                    throw new ExecutionError("'sourceUrl' is not an absolute URL.") { Code = ErrorCodes.BadUserInput };
                }

                var registration = new RegisterDatasetInput(
                    (string)input["id"]!,
                    (string)input["title"]!,
                    input.GetValueOrDefault("description") as string,
                    (string)input["region"]!,
                    source,
                    input.GetValueOrDefault("updateFrequency") as string);
                return await c.RequestServices!.GetRequiredService<DatasetRegistration>().RegisterAsync(caller, registration, c.Request().RequestId, c.CancellationToken);
            });

        Field<NonNullGraphType<AccessRequestGraphType>>("requestAccess")
            .Description("Apply for conditional access to a dataset, for one purpose and some fields. Role consumer.")
            .Argument<NonNullGraphType<AccessRequestInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(AgencyRoles.Consumer, InterchangeScopes.Catalog);
                var input = c.GetArgument<Dictionary<string, object?>>("input")!;
                var request = new AccessRequestInput(
                    (string)input["dataset"]!,
                    (string)input["purpose"]!,
                    ((IEnumerable<object?>)input["fields"]!).Select(f => (string)f!).ToList(),
                    (string)input["justification"]!,
                    input.GetValueOrDefault("case") as string,
                    (DateTimeOffset)input["until"]!);
                return await Workflow(c).RequestAsync(caller, request, c.Request().RequestId, c.CancellationToken);
            });

        Field<NonNullGraphType<AccessRequestGraphType>>("decideAccessRequest")
            .Description("The providing agency's answer: approve (possibly with fewer fields or an earlier end) or refuse with reasons. Role provider.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<BooleanGraphType>>("approve")
            .Argument<StringGraphType>("reason", a => a.Description = "Mandatory for a refusal.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("fields", a => a.Description = "Approve fewer fields than requested.")
            .Argument<DateTimeOffsetGraphType>("until", a => a.Description = "Approve an earlier end than requested.")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(AgencyRoles.Provider, InterchangeScopes.Catalog);
                return await Workflow(c).DecideAsync(
                    caller,
                    c.GetArgument<string>("id"),
                    c.GetArgument<bool>("approve"),
                    c.GetArgument<string?>("reason"),
                    c.GetArgument<List<string>?>("fields"),
                    c.GetArgument<DateTimeOffset?>("until"),
                    c.Request().RequestId,
                    c.CancellationToken);
            });

        Field<NonNullGraphType<GrantGraphType>>("revokeGrant")
            .Description("End a grant at once; the gateway refuses the next read. Role provider.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.Require(AgencyRoles.Provider, InterchangeScopes.Catalog);
                return await Workflow(c).RevokeAsync(caller, c.GetArgument<string>("id"), c.Request().RequestId, c.CancellationToken);
            });
    }

    private static AccessWorkflow Workflow(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<AccessWorkflow>();
}
