using System.Net;
using System.Text.Json;
using static Interchange.EndToEnd.Tests.ConditionalSharing.SharingClient;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>
/// SECURITY 5: under a grant for some fields, no other field appears — however the GraphQL document is
/// shaped (aliases, named and inline fragments, several reads at once) — and GraphQL and REST give the same
/// body for the same caller, purpose and record.
/// </summary>
public sealed class GrantedFieldsTests : FreshInterchange
{
    // Asked for four fields, granted three: relationship_to_head was requested and refused, the rest never asked for.
    private static readonly string[] Granted = ["address", "id_number", "name"];

    [Fact]
    public async Task GraphQLWithAliasesFragmentsAndSeveralReads_ReturnsOnlyGrantedFields_SameAsRest()
    {
        await Sharing.GrantedAsync(approved: ["id_number", "name", "address"]);
        int[] indexes = [4, 5, 6];
        var paths = indexes.Select(i => "records/" + Key(i)).ToArray();
        const string Page = "records?limit=20&offset=0";

        var result = await Sharing.AsAsync(CivilAffairs, """
            query($p: String!, $c: String, $one: String!, $two: String!, $three: String!, $page: String!) {
              one: records(dataset: "household-registration", path: $one, purpose: $p, case: $c)
              ...Two
              ... on Query { three: records(dataset: "household-registration", path: $three, purpose: $p, case: $c) }
              page: records(dataset: "household-registration", path: $page, purpose: $p, case: $c)
              again: records(dataset: "household-registration", path: $one, purpose: $p, case: $c)
            }
            fragment Two on Query { two: records(dataset: "household-registration", path: $two, purpose: $p, case: $c) }
            """, new { p = Allowance, c = Case, one = paths[0], two = paths[1], three = paths[2], page = Page });

        Assert.True(result.Status == HttpStatusCode.OK && !result.HasErrors, result.Body);
        var data = result.Data;
        string[] aliases = ["one", "two", "three"];
        for (var i = 0; i < aliases.Length; i++)
        {
            var viaGraphQL = data.GetProperty(aliases[i]);
            Assert.Equal(Granted, Names(viaGraphQL));
            var viaRest = await JsonAsync(await Sharing.ReadAsync(CivilAffairs, Household, paths[i]));
            Assert.Equal(Canonical(viaRest), Canonical(viaGraphQL));
            AssertNoRawValues(result.Body, indexes[i]);
        }

        Assert.Equal(Canonical(data.GetProperty("one")), Canonical(data.GetProperty("again")));
        var page = data.GetProperty("page");
        var pageRecords = page.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(20, pageRecords.Count);
        Assert.All(pageRecords, r => Assert.Equal(Granted, Names(r)));
        var restPage = await JsonAsync(await Sharing.ReadAsync(CivilAffairs, Household, Page));
        Assert.Equal(Canonical(restPage), Canonical(page));
        for (var i = 0; i < 20; i++)
        {
            AssertNoRawValues(result.Body, i);
        }

        foreach (var field in new[] { "relationship_to_head", "gender", "birth_date", "ethnicity", "household_id", "registration_date", "internal_remarks" })
        {
            Assert.DoesNotContain(Sharing.Client.Seen, body => body.Contains($"\"{field}\":", StringComparison.Ordinal));
        }

        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task GraphQLRead_MixingAnAllowedAndARefusedRecordsField_ReturnsTheAllowedOneAndRefusesTheOtherWithoutData()
    {
        await Sharing.GrantedAsync(approved: ["id_number", "name", "address"]);

        var result = await Sharing.AsAsync(CivilAffairs, """
            query($path: String!) {
              granted: records(dataset: "household-registration", path: $path, purpose: "subsistence-allowance-review", case: "MZ-2026-0042")
              otherPurpose: records(dataset: "household-registration", path: $path, purpose: "social-insurance-eligibility", case: "MZ-2026-0042")
              criminal: records(dataset: "criminal-records", path: "records", purpose: "subsistence-allowance-review", case: "MZ-2026-0042")
            }
            """, new { path = "records/" + Key(7) });

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(Granted, Names(result.Data.GetProperty("granted")));
        Assert.Equal(JsonValueKind.Null, result.Data.GetProperty("otherPurpose").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.Data.GetProperty("criminal").ValueKind);
        var problems = result.Json.GetProperty("errors").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path")[0].GetString()!, e => e.GetProperty("extensions").GetProperty("problem").GetString());
        Assert.Equal(ProblemPrefix + "grant-required", problems["otherPurpose"]);
        Assert.Equal(ProblemPrefix + "not-shared", problems["criminal"]);
        AssertNoRawValues(result.Body, 7);
        Sharing.AssertNoCanary();
    }

    [Fact]
    public async Task GrantOfEveryGrantableField_GraphQLAndRestPagesAreIdentical_DroppedFieldsNeverAppear()
    {
        // Every rule kind of the list at once: allow, mask, generalise, pseudonymise; the dropped fields cannot even be asked for.
        string[] grantable = ["id_number", "name", "gender", "birth_date", "address", "household_id", "relationship_to_head"];
        foreach (var dropped in new[] { "ethnicity", "registration_date", "internal_remarks" })
        {
            var asked = await Sharing.TryRequestAccessAsync(CivilAffairs, fields: ["id_number", dropped]);
            Assert.Contains(dropped, Refused(asked, "requestAccess", "BAD_USER_INPUT").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await Sharing.GrantedAsync(fields: grantable);
        const string Page = "records?limit=50&offset=10";

        var viaRest = await JsonAsync(await Sharing.ReadAsync(CivilAffairs, Household, Page));
        var viaGraphQL = Succeeded(await Sharing.RecordsAsync(CivilAffairs, Household, Page), "records");

        Assert.Equal(Canonical(viaRest), Canonical(viaGraphQL));
        var records = viaGraphQL.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(50, records.Count);
        Assert.All(records, r => Assert.Equal(grantable.Order(StringComparer.Ordinal), Names(r)));
        for (var i = 0; i < records.Count; i++)
        {
            var source = Source(10 + i);
            Assert.Equal(((string)source["birth_date"]!)[..4], records[i].GetProperty("birth_date").GetString());
            Assert.NotEqual((string)source["household_id"]!, records[i].GetProperty("household_id").GetString());
        }

        Sharing.AssertNoCanary();
    }

    /// <summary>The unmasked id number and full address of a source record appear nowhere in the body.</summary>
    private static void AssertNoRawValues(string body, int index)
    {
        var source = Source(index);
        Assert.DoesNotContain((string)source["id_number"]!, body, StringComparison.Ordinal);
        Assert.DoesNotContain((string)source["address"]!, body, StringComparison.Ordinal);
        Assert.DoesNotContain((string)source["household_id"]!, body, StringComparison.Ordinal);
    }
}
