using System.Net;
using Interchange.Testing;
using Interchange.Testing.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Storage.Tests;

/// <summary>The whole interchange (identity, catalogue, gateway) on one PostgreSQL database, as deployed.</summary>
public sealed class PostgresInterchangeTests
{
    private const string Household = "household-registration";
    private const string Allowance = "subsistence-allowance-review";

    [PostgresFact]
    public async Task Interchange_OnPostgres_IssuesTokensServesTheCatalogueRecordsRequestsAndProxies()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var fixture = new OnPostgres(database.ConnectionString);
        try
        {
            await fixture.InitializeAsync();
            var client = fixture.Client;
            var civil = await client.TokenAsync("sz-civil-affairs");

            var datasets = await client.GraphQLAsync(civil, "{ datasets { totalCount nodes { id } } }");
            Assert.False(datasets.HasErrors, datasets.Body);
            Assert.Equal(4, datasets.Data.GetProperty("datasets").GetProperty("totalCount").GetInt32());

            // The workflow writes in its own transaction; the same application again is refused while the first waits.
            const string apply = "mutation($input: AccessRequestInput!) { requestAccess(input: $input) { id state } }";
            var input = new
            {
                input = new
                {
                    dataset = Household,
                    purpose = Allowance,
                    fields = new[] { "id_number", "name" },
                    justification = "Household composition for the 2026 review",
                    @case = "MZ-2026-0042",
                    until = DateTimeOffset.UtcNow.AddDays(30),
                },
            };
            var applied = await client.GraphQLAsync(civil, apply, input);
            Assert.False(applied.HasErrors, applied.Body);
            Assert.Equal("PENDING", applied.Data.GetProperty("requestAccess").GetProperty("state").GetString());
            var twin = await client.GraphQLAsync(civil, apply, input);
            Assert.Equal("BAD_USER_INPUT", twin.FirstErrorCode);

            // The gateway routes from, and decides by, the same store through its read-only sessions.
            var read = await client.ReadAsync(civil, "data/business-licenses/records?limit=1", Allowance);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);

            Assert.Equal(4, await MigrationTests.ScalarAsync(database.ConnectionString, "SELECT COUNT(*)::int FROM catalog.datasets"));
            Assert.Equal(1, await MigrationTests.ScalarAsync(database.ConnectionString, "SELECT COUNT(*)::int FROM catalog.access_requests"));
            Assert.Equal(5, await MigrationTests.ScalarAsync(database.ConnectionString, """SELECT COUNT(*)::int FROM identity."OpenIddictApplications" """));

            // A second start migrates nothing and keeps everything.
            await fixture.RestartAsync();
            var again = await fixture.Client.GraphQLAsync(await fixture.Client.TokenAsync("sz-civil-affairs"),
                "{ accessRequests(filter: {role: REQUESTER}) { totalCount } }");
            Assert.False(again.HasErrors, again.Body);
            Assert.Equal(1, again.Data.GetProperty("accessRequests").GetProperty("totalCount").GetInt32());
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private sealed class OnPostgres(string connectionString) : InterchangeFixture
    {
        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["ConnectionStrings:Interchange"] = connectionString,
            });
    }
}
