using System.Text.Json;
using Interchange.Testing;
using static Interchange.Catalog.Tests.Access.WorkflowApi;

namespace Interchange.Catalog.Tests.Access;

/// <summary><c>accessRequests</c> and <c>grants</c>: each side sees its own, filters, paging, and nobody sees another's objects.</summary>
public sealed class ListingTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private readonly WorkflowApi _api = new(fixture);

    [Fact]
    public async Task AccessRequests_RequesterSide_ListsOnlyTheCallersOwnApplications()
    {
        var consumer = fixture.NewConsumer();
        var household = await _api.RequestedAsync(consumer);
        var insurance = await _api.RequestedAsync(consumer, Input(dataset: SocialInsurance, fields: ["status"], @case: null));

        var byDefault = await _api.AllRequestsAsync(consumer);
        var asRequester = await _api.AllRequestsAsync(consumer, new { role = "REQUESTER" });
        var asProvider = await _api.AllRequestsAsync(consumer, new { role = "PROVIDER" });

        Assert.Equal(new[] { Id(household), Id(insurance) }.Order(), byDefault.Select(Id).Order());
        Assert.Equal(byDefault.Select(Id).Order(), asRequester.Select(Id).Order());
        Assert.Empty(asProvider);
    }

    [Fact]
    public async Task AccessRequests_ProviderSide_ListsTheApplicationsWaitingForThatProviderOnly()
    {
        var consumer = fixture.NewConsumer();
        var household = await _api.RequestedAsync(consumer);
        var insurance = await _api.RequestedAsync(consumer, Input(dataset: SocialInsurance, fields: ["status"], @case: null));

        var publicSecurity = (await _api.AllRequestsAsync(PublicSecurity, new { role = "PROVIDER" })).Select(Id).ToList();
        var humanResources = (await _api.AllRequestsAsync(HumanResources, new { role = "PROVIDER" })).Select(Id).ToList();
        var publicSecurityOwn = (await _api.AllRequestsAsync(PublicSecurity)).Select(Id).ToList();

        Assert.Contains(Id(household), publicSecurity);
        Assert.DoesNotContain(Id(insurance), publicSecurity);
        Assert.Contains(Id(insurance), humanResources);
        Assert.DoesNotContain(Id(household), humanResources);
        Assert.DoesNotContain(Id(household), publicSecurityOwn);
        Assert.All(await _api.AllRequestsAsync(PublicSecurity, new { role = "PROVIDER" }), r => Assert.Equal(PublicSecurity, Str(r.GetProperty("provider"), "id")));
    }

    [Fact]
    public async Task AccessRequests_ByState_ListOnlyRequestsInThatState()
    {
        var consumer = fixture.NewConsumer();
        var pending = await _api.RequestedAsync(consumer);
        var approved = await _api.ApprovedAsync(consumer, Input(purpose: Eligibility, fields: ["name"]));
        var refused = await _api.RequestedAsync(consumer, Input(dataset: SocialInsurance, fields: ["status"], @case: null));
        GraphQLAssert.Ok(await _api.DecideAsync(HumanResources, Id(refused), approve: false, reason: "No statutory duty stated."));

        Assert.Equal([Id(pending)], GraphQLAssert.Ids(await _api.RequestsAsync(consumer, new { state = "PENDING" })));
        Assert.Equal([Id(approved)], GraphQLAssert.Ids(await _api.RequestsAsync(consumer, new { state = "APPROVED" })));
        Assert.Equal([Id(refused)], GraphQLAssert.Ids(await _api.RequestsAsync(consumer, new { state = "REFUSED" })));
        Assert.Equal(1, (await _api.RequestsAsync(consumer, new { state = "REFUSED" })).GetProperty("totalCount").GetInt64());
        Assert.Equal(3, (await _api.RequestsAsync(consumer)).GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task AccessRequests_ProviderSideByState_ListsOnlyItsPendingDecisions()
    {
        var consumer = fixture.NewConsumer();
        var pending = await _api.RequestedAsync(consumer);
        var approved = await _api.ApprovedAsync(consumer, Input(purpose: Eligibility, fields: ["name"]));

        var waiting = await _api.AllRequestsAsync(PublicSecurity, new { role = "PROVIDER", state = "PENDING" });

        Assert.Contains(Id(pending), waiting.Select(Id));
        Assert.DoesNotContain(Id(approved), waiting.Select(Id));
        Assert.All(waiting, r => Assert.Equal("PENDING", Str(r, "state")));
    }

    [Fact]
    public async Task AccessRequests_NothingOverdueYet_OverdueFilterListsNone()
    {
        var consumer = fixture.NewConsumer();
        var request = await _api.RequestedAsync(consumer);

        var overdue = await _api.RequestsAsync(consumer, new { overdue = true });

        Assert.False(request.GetProperty("overdue").GetBoolean());
        Assert.Equal(0, overdue.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task AccessRequests_Paged_WalkEveryRequestOnceWithCursors()
    {
        var consumer = fixture.NewConsumer();
        var ids = new List<string>
        {
            Id(await _api.RequestedAsync(consumer)),
            Id(await _api.RequestedAsync(consumer, Input(purpose: Eligibility, fields: ["name"]))),
            Id(await _api.RequestedAsync(consumer, Input(dataset: SocialInsurance, fields: ["status"], @case: null))),
            Id(await _api.RequestedAsync(consumer, Input(dataset: SocialInsurance, purpose: "employment-subsidy-review", fields: ["status"], @case: null))),
        };

        var first = await _api.RequestsAsync(consumer, first: 3);
        var second = await _api.RequestsAsync(consumer, first: 3, after: first.GetProperty("pageInfo").GetProperty("endCursor").GetString());

        Assert.Equal(4, first.GetProperty("totalCount").GetInt64());
        Assert.Equal(4, second.GetProperty("totalCount").GetInt64());
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(3, GraphQLAssert.Ids(first).Length);
        Assert.Single(GraphQLAssert.Ids(second));
        Assert.Equal(ids.Order(), GraphQLAssert.Ids(first).Concat(GraphQLAssert.Ids(second)).Order());
        var edges = first.GetProperty("edges").EnumerateArray().ToList();
        Assert.Equal(GraphQLAssert.Ids(first), edges.Select(e => Id(e.GetProperty("node"))));
        Assert.Equal(edges[^1].GetProperty("cursor").GetString(), first.GetProperty("pageInfo").GetProperty("endCursor").GetString());
        var fromSecondEdge = await _api.RequestsAsync(consumer, first: 3, after: edges[1].GetProperty("cursor").GetString());
        Assert.Equal(GraphQLAssert.Ids(first).Skip(2).Concat(GraphQLAssert.Ids(second)), GraphQLAssert.Ids(fromSecondEdge));
    }

    [Fact]
    public async Task Grants_Paged_WalkEveryGrantOnceWithCursors()
    {
        var consumer = fixture.NewConsumer();
        var grants = new[]
        {
            Id((await _api.ApprovedAsync(consumer)).GetProperty("grant")),
            Id((await _api.ApprovedAsync(consumer, Input(purpose: Eligibility, fields: ["name"]))).GetProperty("grant")),
            Id((await _api.ApprovedAsync(consumer, Input(dataset: SocialInsurance, fields: ["status"], @case: null), HumanResources)).GetProperty("grant")),
        };

        var first = await _api.GrantsAsync(consumer, first: 2);
        var second = await _api.GrantsAsync(consumer, first: 2, after: first.GetProperty("pageInfo").GetProperty("endCursor").GetString());

        Assert.Equal(3, first.GetProperty("totalCount").GetInt64());
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(grants.Order(), GraphQLAssert.Ids(first).Concat(GraphQLAssert.Ids(second)).Order());
    }

    [Fact]
    public async Task AccessRequests_CursorOfAnotherListing_IsRefused()
    {
        var consumer = fixture.NewConsumer();
        await _api.ApprovedAsync(consumer);
        var grantCursor = (await _api.GrantsAsync(consumer)).GetProperty("pageInfo").GetProperty("endCursor").GetString();

        var response = await _api.GraphQLAsync(consumer, "query($after: String) { accessRequests(after: $after) { totalCount } }", new { after = grantCursor });

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task AccessRequests_FirstOutOfRange_IsRefused(int first)
    {
        var response = await _api.GraphQLAsync(fixture.NewConsumer(), "query($first: Int) { accessRequests(first: $first) { totalCount } }", new { first });

        GraphQLAssert.Refused(response, "BAD_USER_INPUT");
    }

    [Fact]
    public async Task Listings_OfAnotherAgency_NeverShowItsRequestsOrGrants()
    {
        var a = fixture.NewConsumer();
        var b = fixture.NewConsumer();
        var bPending = await _api.RequestedAsync(b, Input(purpose: Eligibility, fields: ["name"]));
        var bApproved = await _api.ApprovedAsync(b);
        var bGrant = Id(bApproved.GetProperty("grant"));
        await _api.RequestedAsync(a);
        var bObjects = new[] { Id(bPending), Id(bApproved), bGrant };

        var seenByA = new List<string>();
        foreach (var filter in new object?[] { null, new { role = "REQUESTER" }, new { role = "PROVIDER" }, new { state = "PENDING" }, new { state = "APPROVED" } })
        {
            seenByA.AddRange((await _api.AllRequestsAsync(a, filter)).Select(Id));
        }

        foreach (var filter in new object?[] { null, new { role = "REQUESTER" }, new { role = "PROVIDER" }, new { state = "ACTIVE" } })
        {
            seenByA.AddRange((await _api.AllGrantsAsync(a, filter)).Select(Id));
        }

        Assert.NotEmpty(seenByA);
        Assert.All(bObjects, id => Assert.DoesNotContain(id, seenByA));
        Assert.Empty(await _api.AllGrantsAsync(a));
    }

    [Fact]
    public async Task Listings_OfAnotherProvider_NeverShowTheOtherProvidersObjects()
    {
        var consumer = fixture.NewConsumer();
        var approved = await _api.ApprovedAsync(consumer);
        var grantId = Id(approved.GetProperty("grant"));

        var requests = (await _api.AllRequestsAsync(HumanResources, new { role = "PROVIDER" })).Select(Id).ToList();
        var grants = (await _api.AllGrantsAsync(HumanResources, new { role = "PROVIDER" })).Select(Id).ToList();
        var ownGrants = (await _api.AllGrantsAsync(HumanResources)).Select(Id).ToList();

        Assert.DoesNotContain(Id(approved), requests);
        Assert.DoesNotContain(grantId, grants);
        Assert.DoesNotContain(grantId, ownGrants);
        Assert.Contains(grantId, (await _api.AllGrantsAsync(PublicSecurity, new { role = "PROVIDER" })).Select(Id));
    }

    [Fact]
    public async Task Listings_AuditorWithoutRole_SeesEveryAgencysRequestsAndGrants()
    {
        var a = fixture.NewConsumer();
        var b = fixture.NewConsumer();
        var aRequest = await _api.RequestedAsync(a);
        var bApproved = await _api.ApprovedAsync(b, Input(dataset: SocialInsurance, fields: ["status"], @case: null), HumanResources);

        var requests = (await _api.AllRequestsAsync(Auditor)).Select(Id).ToList();
        var grants = (await _api.AllGrantsAsync(Auditor)).Select(Id).ToList();

        Assert.Contains(Id(aRequest), requests);
        Assert.Contains(Id(bApproved), requests);
        Assert.Contains(Id(bApproved.GetProperty("grant")), grants);
    }

    [Fact]
    public async Task Grants_ProviderSide_ListsTheGrantsItGaveAndTheConsumerSideThoseItHolds()
    {
        var consumer = fixture.NewConsumer();
        var grantId = Id((await _api.ApprovedAsync(consumer)).GetProperty("grant"));

        var held = await _api.AllGrantsAsync(consumer);
        var given = await _api.AllGrantsAsync(PublicSecurity, new { role = "PROVIDER" });
        var consumerAsProvider = await _api.AllGrantsAsync(consumer, new { role = "PROVIDER" });

        Assert.Equal([grantId], held.Select(Id));
        Assert.Contains(grantId, given.Select(Id));
        Assert.All(given, g => Assert.Equal(PublicSecurity, Str(g.GetProperty("provider"), "id")));
        Assert.Empty(consumerAsProvider);
    }

    [Fact]
    public async Task AccessRequest_OfAnotherAgency_ItsGrantIsNotReachableThroughTheRequester()
    {
        // The grant is reached only through the requester's own request: a listing of B's requests by A is empty,
        // so no nested selection can reach B's grant either.
        var a = fixture.NewConsumer();
        var b = fixture.NewConsumer();
        await _api.ApprovedAsync(b);

        var response = await _api.GraphQLAsync(a, "{ accessRequests(filter: { state: APPROVED }) { totalCount nodes { grant { id fields } } } grants { totalCount } }");

        var data = GraphQLAssert.Ok(response);
        Assert.Equal(0, data.GetProperty("accessRequests").GetProperty("totalCount").GetInt64());
        Assert.Equal(0, data.GetProperty("grants").GetProperty("totalCount").GetInt64());
        Assert.Equal(JsonValueKind.Array, data.GetProperty("accessRequests").GetProperty("nodes").ValueKind);
    }
}
