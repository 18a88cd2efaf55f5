using System.Reflection;
using Interchange.Testing.Servers;
using Xunit.Sdk;

namespace Interchange.Audit.Tests.Stores;

/// <summary>A <c>[Theory]</c> row that runs the test on a SQLite file (<see cref="TestStore"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[AuditStoreKind.Sqlite]];
}

/// <summary>
/// A <c>[Theory]</c> row that runs the test on a PostgreSQL database of its own; skipped, saying why, like
/// <see cref="PostgresFactAttribute"/> when <c>INTERCHANGE_TEST_POSTGRES</c> is not set.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresStoreAttribute : DataAttribute
{
    public PostgresStoreAttribute() => Skip = TestServers.SkipReason(TestServers.PostgresVariable, "PostgreSQL");

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[AuditStoreKind.Postgres]];
}
