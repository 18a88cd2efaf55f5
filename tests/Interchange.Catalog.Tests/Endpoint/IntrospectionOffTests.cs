using System.Net;
using Interchange.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Interchange.Catalog.Tests.Endpoint;

/// <summary>
/// Outside Development introspection is off unless configured, and then validation errors do not suggest names
/// either: "Did you mean 'datasets'?" would hand the schema out one guess at a time.
/// </summary>
public sealed class IntrospectionOffTests(IntrospectionOffTests.Fixture fixture) : IClassFixture<IntrospectionOffTests.Fixture>
{
    public sealed class Fixture : InterchangeFixture
    {
        protected override void Configure(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Catalog:AllowIntrospection"] = "false" });
    }

    [Theory]
    [InlineData("{ __schema { queryType { name } } }")]
    [InlineData("{ __type(name: \"Dataset\") { fields { name } } }")]
    public async Task Introspection_WhenOff_IsRefusedWithoutTheSchema(string query)
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");

        var response = await fixture.Client.GraphQLAsync(token, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True(response.HasErrors);
        Assert.False(response.Json.TryGetProperty("data", out _));
        Assert.DoesNotContain("myAccess", response.Body, StringComparison.Ordinal);
        GraphQLAssert.NoInternals(response);
    }

    [Theory]
    [InlineData("{ datasetz { totalCount } }", "datasetz", "'datasets'")]
    [InlineData("{ datasets(filtr: {}) { totalCount } }", "filtr", "'filter'")]
    [InlineData("{ datasets(filter: { sharingType: UNCONDITIONALL }) { totalCount } }", "UNCONDITIONALL", "UNCONDITIONAL?")]
    public async Task ValidationError_WhenIntrospectionIsOff_NamesTheMistakeButSuggestsNothing(string query, string mistake, string suggestion)
    {
        var token = await fixture.Client.TokenAsync("sz-civil-affairs");

        var response = await fixture.Client.GraphQLAsync(token, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var message = response.Json.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains(mistake, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(suggestion, response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    public void AllowIntrospection_Unset_MeansOnlyInDevelopment(bool? configured, bool development, bool allowed) =>
        Assert.Equal(allowed, new CatalogOptions { AllowIntrospection = configured }.IntrospectionAllowed(development));
}
