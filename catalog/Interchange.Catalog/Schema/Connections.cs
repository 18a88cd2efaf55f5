using Interchange.Audit;
using Interchange.Catalog.Datasets;

namespace Interchange.Catalog.Schema;

public sealed class DatasetConnectionGraphType() : ConnectionGraphType<DatasetView, DatasetGraphType, DatasetEdgeGraphType>("Dataset");

public sealed class DatasetEdgeGraphType() : EdgeGraphType<DatasetView, DatasetGraphType>("Dataset");

public sealed class AuditEventConnectionGraphType() : ConnectionGraphType<AuditRecord, AuditEventGraphType, AuditEventEdgeGraphType>("AuditEvent");

public sealed class AuditEventEdgeGraphType() : EdgeGraphType<AuditRecord, AuditEventGraphType>("AuditEvent");
