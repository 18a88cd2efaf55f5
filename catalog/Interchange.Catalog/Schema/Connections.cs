using Interchange.Audit;
using Interchange.Catalog.Datasets;

namespace Interchange.Catalog.Schema;

public sealed class DatasetConnectionGraphType() : ConnectionGraphType<DatasetView, DatasetGraphType, DatasetEdgeGraphType>("Dataset");

public sealed class DatasetEdgeGraphType() : EdgeGraphType<DatasetView, DatasetGraphType>("Dataset");

public sealed class AuditEventConnectionGraphType() : ConnectionGraphType<AuditRecord, AuditEventGraphType, AuditEventEdgeGraphType>("AuditEvent");

public sealed class AuditEventEdgeGraphType() : EdgeGraphType<AuditRecord, AuditEventGraphType>("AuditEvent");

public sealed class AccessRequestConnectionGraphType() : ConnectionGraphType<Interchange.Core.Grants.AccessRequest, AccessRequestGraphType, AccessRequestEdgeGraphType>("AccessRequest");

public sealed class AccessRequestEdgeGraphType() : EdgeGraphType<Interchange.Core.Grants.AccessRequest, AccessRequestGraphType>("AccessRequest");

public sealed class GrantConnectionGraphType() : ConnectionGraphType<Interchange.Core.Grants.Grant, GrantGraphType, GrantEdgeGraphType>("Grant");

public sealed class GrantEdgeGraphType() : EdgeGraphType<Interchange.Core.Grants.Grant, GrantGraphType>("Grant");
