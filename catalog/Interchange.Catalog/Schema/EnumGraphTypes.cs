using GraphQL.Types;
using Interchange.Audit;
using Interchange.Core.Datasets;

namespace Interchange.Catalog.Schema;

public sealed class SharingTypeGraphType : EnumerationGraphType<SharingType>
{
    public SharingTypeGraphType() => Name = "SharingType";
}

public sealed class ClassificationGraphType : EnumerationGraphType<Classification>
{
    public ClassificationGraphType() => Name = "Classification";
}

public sealed class AuditDecisionGraphType : EnumerationGraphType<AuditDecision>
{
    public AuditDecisionGraphType() => Name = "AuditDecision";
}
