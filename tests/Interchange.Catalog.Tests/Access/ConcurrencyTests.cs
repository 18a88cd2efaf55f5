using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary>The workflow's one-of-a-kind rules hold when the same action arrives several times at once.</summary>
public sealed class ConcurrencyTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private const int Parallel = 8;

    private readonly WorkflowApi _api = new(fixture);

    [Fact]
    public async Task RequestAccess_SameApplicationSentManyTimesAtOnce_CreatesOnePendingRequest()
    {
        var consumer = fixture.NewConsumer();
        var token = await _api.TokenAsync(consumer);
        var query = $"mutation($input: AccessRequestInput!) {{ requestAccess(input: $input) {{ id }} }}";

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => _api.Client.GraphQLAsync(token, query, new { input = Input() })));

        Assert.Single(responses, r => !r.HasErrors);
        Assert.All(responses.Where(r => r.HasErrors), r => Assert.Equal("BAD_USER_INPUT", r.FirstErrorCode));
        Assert.Single(await _api.AllRequestsAsync(consumer));
        Assert.Single(Kinds(await _api.AuditOfAsync(consumer)), "access-requested");
    }

    [Fact]
    public async Task Decide_SameRequestApprovedManyTimesAtOnce_CreatesOneGrant()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);
        var token = await _api.TokenAsync(PublicSecurity);
        var query = "mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { id state } }";

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => _api.Client.GraphQLAsync(token, query, new { id = Id(request) })));

        Assert.Single(responses, r => !r.HasErrors);
        Assert.Single(await _api.AllGrantsAsync(consumer));
        Assert.Single(Kinds(await _api.AuditAboutAsync(PublicSecurity, Id(request))), "access-approved");
    }

    [Fact]
    public async Task Revoke_SameGrantManyTimesAtOnce_IsRecordedOnce()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));
        var token = await _api.TokenAsync(PublicSecurity);
        var query = "mutation($id: ID!) { revokeGrant(id: $id) { id } }";

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => _api.Client.GraphQLAsync(token, query, new { id = grantId })));

        Assert.Single(responses, r => !r.HasErrors);
        Assert.Single(Kinds(await _api.AuditAboutAsync(PublicSecurity, grantId)), "grant-revoked");
    }
}
