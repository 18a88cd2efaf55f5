using Xunit;

namespace Interchange.Testing.Servers;

/// <summary>A test that needs PostgreSQL (<see cref="TestServers.Postgres"/>); skipped, saying why, when there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestServers.SkipReason(TestServers.PostgresVariable, "PostgreSQL");
}

/// <summary>A test that needs Redis (<see cref="TestServers.Redis"/>); skipped, saying why, when there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute() => Skip = TestServers.SkipReason(TestServers.RedisVariable, "Redis");
}

/// <summary>A test that needs both PostgreSQL and Redis; skipped, saying why, when either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresAndRedisFactAttribute : FactAttribute
{
    public PostgresAndRedisFactAttribute() =>
        Skip = TestServers.SkipReason(TestServers.PostgresVariable, "PostgreSQL") ?? TestServers.SkipReason(TestServers.RedisVariable, "Redis");
}
