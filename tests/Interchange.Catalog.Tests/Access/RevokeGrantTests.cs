using System.Net;
using Interchange.Testing;
using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary><c>revokeGrant</c>: only the granting agency, once, effective at the gateway at once.</summary>
public sealed class RevokeGrantTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private const string UnknownGrantId = "gr_00000000000000000000000000000000";

    private readonly WorkflowApi _api = new(fixture);

    [Fact]
    public async Task Revoke_ByTheProvider_EndsTheGrantAndTheGatewayRefusesTheNextRead()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));
        var token = await _api.TokenAsync(consumer);
        using var before = await ReadAsync(token);

        var revoked = GraphQLAssert.Ok(await _api.RevokeAsync(PublicSecurity, grantId)).GetProperty("revokeGrant");
        using var after = await ReadAsync(token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(revoked.GetProperty("revoked").GetBoolean());
        Assert.Equal("REVOKED", Str(revoked, "state"));
        Assert.Equal(WorkflowFixture.Start, Time(revoked, "revokedAt"));
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal("urn:interchange:problem:grant-required", (await InterchangeClient.JsonAsync(after)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Revoke_ByTheProvider_IsListedAsRevokedAndNoLongerActive()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));

        GraphQLAssert.Ok(await _api.RevokeAsync(PublicSecurity, grantId));

        Assert.Equal([grantId], GraphQLAssert.Ids(await _api.GrantsAsync(consumer, new { state = "REVOKED" })));
        Assert.Empty(GraphQLAssert.Ids(await _api.GrantsAsync(consumer, new { state = "ACTIVE" })));
        Assert.Empty(GraphQLAssert.Ids(await _api.GrantsAsync(consumer, new { state = "EXPIRED" })));
        var explained = GraphQLAssert.Ok(await _api.ExplainAsync(consumer, Household, consumer, Allowance)).GetProperty("explainAccess");
        Assert.False(explained.GetProperty("allowed").GetBoolean());
        Assert.Equal("urn:interchange:problem:grant-required", Str(explained, "problem"));
    }

    [Fact]
    public async Task Revoke_Twice_IsRefusedAndStaysRevoked()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));
        GraphQLAssert.Ok(await _api.RevokeAsync(PublicSecurity, grantId));

        var again = await _api.RevokeAsync(PublicSecurity, grantId);

        GraphQLAssert.Refused(again, "BAD_USER_INPUT");
        var grant = Assert.Single((await _api.GrantsAsync(consumer)).GetProperty("nodes").EnumerateArray());
        Assert.Equal("REVOKED", Str(grant, "state"));
        Assert.Single(await _api.AuditAboutAsync(PublicSecurity, grantId), e => Str(e, "kind") == "grant-revoked");
    }

    [Fact]
    public async Task Revoke_ByAnotherProvider_IsNotFoundLikeAnUnknownIdAndTheGrantStaysInForce()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));

        var foreign = await _api.RevokeAsync(HumanResources, grantId);
        var unknown = await _api.RevokeAsync(HumanResources, UnknownGrantId);

        var foreignError = GraphQLAssert.Refused(foreign, "NOT_FOUND");
        var unknownError = GraphQLAssert.Refused(unknown, "NOT_FOUND");
        Assert.Equal(
            unknownError.GetProperty("message").GetString()!.Replace(UnknownGrantId, "<id>", StringComparison.Ordinal),
            foreignError.GetProperty("message").GetString()!.Replace(grantId, "<id>", StringComparison.Ordinal));
        await AssertStillInForceAsync(consumer, grantId);
    }

    [Fact]
    public async Task Revoke_ByTheConsumerHoldingIt_IsForbiddenAndTheGrantStaysInForce()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));

        var response = await _api.RevokeAsync(consumer, grantId);

        GraphQLAssert.Refused(response, "FORBIDDEN");
        await AssertStillInForceAsync(consumer, grantId);
    }

    [Fact]
    public async Task Revoke_ByAConsumerOnlyAgency_IsForbiddenAndTheGrantStaysInForce()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));

        var response = await _api.RevokeAsync("sz-civil-affairs", grantId);

        GraphQLAssert.Refused(response, "FORBIDDEN");
        await AssertStillInForceAsync(consumer, grantId);
    }

    [Fact]
    public async Task Revoke_ThenApplyAgain_ANewApprovalOpensTheGatewayAgain()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));
        GraphQLAssert.Ok(await _api.RevokeAsync(PublicSecurity, grantId));

        var second = await _api.ApprovedAsync(consumer);
        using var read = await ReadAsync(await _api.TokenAsync(consumer));

        Assert.NotEqual(grantId, Id(second.GetProperty("grant")));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    private Task<HttpResponseMessage> ReadAsync(string token) =>
        _api.Client.ReadAsync(token, $"data/{Household}/records?limit=1", Allowance, "case-2026-0042");

    private async Task AssertStillInForceAsync(string consumer, string grantId)
    {
        var grant = Assert.Single((await _api.GrantsAsync(consumer)).GetProperty("nodes").EnumerateArray());
        Assert.Equal(grantId, Id(grant));
        Assert.Equal("ACTIVE", Str(grant, "state"));
        Assert.False(grant.GetProperty("revoked").GetBoolean());
        using var read = await ReadAsync(await _api.TokenAsync(consumer));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain(Kinds(await _api.AuditAboutAsync(PublicSecurity, grantId)), k => k == "grant-revoked");
        Assert.DoesNotContain(Kinds(await _api.AuditAboutAsync(HumanResources, grantId)), k => k == "grant-revoked");
    }
}
