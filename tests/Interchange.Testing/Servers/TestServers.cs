namespace Interchange.Testing.Servers;

/// <summary>
/// The PostgreSQL and Redis servers the suite may use. <c>./run-tests.sh</c> installs and starts both on
/// loopback and sets these variables; a plain <c>dotnet test</c> without them skips the tests that need them.
/// </summary>
public static class TestServers
{
    /// <summary>Npgsql connection string of a role that may create databases, e.g. <c>Host=127.0.0.1;Port=54329;Username=interchange;Password=…</c>.</summary>
    public const string PostgresVariable = "INTERCHANGE_TEST_POSTGRES";

    /// <summary>StackExchange.Redis configuration, e.g. <c>127.0.0.1:63799</c>.</summary>
    public const string RedisVariable = "INTERCHANGE_TEST_REDIS";

    /// <summary>Set to 1 by <c>./run-tests.sh</c>: a missing server is then a failure, never a skip.</summary>
    public const string RequireVariable = "INTERCHANGE_TEST_REQUIRE_SERVERS";

    public static string? Postgres => Value(PostgresVariable);

    public static string? Redis => Value(RedisVariable);

    public static bool Required => Value(RequireVariable) == "1";

    internal static string? SkipReason(string variable, string server) =>
        Value(variable) is not null || Required
            ? null
            : $"{server} is not available: {variable} is not set (./run-tests.sh installs and starts one on loopback).";

    private static string? Value(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
