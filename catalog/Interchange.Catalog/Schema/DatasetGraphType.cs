using GraphQL;
using GraphQL.Types;
using Interchange.Catalog.Datasets;
using Interchange.Core.Datasets;
using Interchange.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Catalog.Schema;

public sealed class DatasetGraphType : ObjectGraphType<DatasetView>
{
    public DatasetGraphType()
    {
        Name = "Dataset";
        Description = "A data resource in the catalogue, with the responsibility-list entry that governs it.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Dataset.Id);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Dataset.Title);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Dataset.Description);
        Field<AgencyGraphType>("provider").Resolve(c => c.Source.Provider);
        Field<NonNullGraphType<StringGraphType>>("region").Resolve(c => c.Source.Dataset.Region);
        Field<NonNullGraphType<SharingTypeGraphType>>("sharingType").Resolve(c => c.Source.Entry?.Sharing ?? SharingType.NotShared);
        Field<NonNullGraphType<ClassificationGraphType>>("classification").Resolve(c => c.Source.Entry?.Classification ?? c.Source.Dataset.Classification);
        Field<StringGraphType>("updateFrequency").Resolve(c => c.Source.Entry?.UpdateFrequency ?? c.Source.Dataset.UpdateFrequency);
        Field<StringGraphType>("legalBasis").Description("Why a not-shared dataset is not shared.").Resolve(c => c.Source.Entry?.LegalBasis);
        Field<StringGraphType>("listVersion").Description("Version of the responsibility list in force.").Resolve(c => c.Source.Entry?.Version);
        Field<IntGraphType>("replyDeadlineDays").Description("Working days the provider has to answer an access request.")
            .Resolve(c => c.Source.Entry is { Sharing: SharingType.Conditional } e ? e.ReplyDeadlineDays : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DatasetFieldGraphType>>>>("fields").Resolve(c => c.Source.Entry?.Fields ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("purposes")
            .Description("Purpose codes (statutory duties) the list permits.")
            .Resolve(c => c.Source.Entry?.Purposes.Keys.ToList() ?? []);
        Field<NonNullGraphType<DecisionGraphType>>("myAccess")
            .Description("What the gateway would decide for the calling agency (for one purpose, or the first allowed one).")
            .Argument<StringGraphType>("purpose")
            .ResolveAsync(async c =>
            {
                var caller = c.Agency();
                return await AccessExplainer.ExplainAsync(
                    c.RequestServices!.GetRequiredService<PolicyStore>().Current,
                    c.Source,
                    caller.AgencyId,
                    caller.Region,
                    c.GetArgument<string?>("purpose"),
                    c.RequestServices!.GetRequiredService<Access.AccessWorkflow>(),
                    c.RequestServices!.GetRequiredService<TimeProvider>(),
                    c.CancellationToken);
            });
    }
}
