using Interchange.Core.Grants;
using Interchange.Policies.Fields;
using Interchange.Policies.Model;

namespace Interchange.Policies.Tests.Model;

public sealed class ListEntryTests
{
    private static ListEntry Household => Entry("household-registration");

    [Fact]
    public void PlanFor_HouseholdRegistration_AppliesEveryKindOfRule()
    {
        var plan = Household.PlanFor("subsistence-allowance-review", "sz-civil-affairs");

        Assert.Equal(["id_number", "name", "gender", "birth_date", "address", "household_id", "relationship_to_head"], plan.ReturnedFields);
        Assert.Equal((FieldRuleKind.Mask, 6, 4), Rule(plan, "id_number") is var r ? (r.Kind, r.KeepFirst, r.KeepLast) : default);
        Assert.Equal(FieldRuleKind.Allow, Rule(plan, "gender").Kind);
        Assert.Equal((FieldRuleKind.Generalise, GeneraliseTo.Year), (Rule(plan, "birth_date").Kind, Rule(plan, "birth_date").To));
        Assert.Equal((FieldRuleKind.Generalise, GeneraliseTo.District), (Rule(plan, "address").Kind, Rule(plan, "address").To));
        Assert.Equal(FieldRuleKind.Pseudonymise, Rule(plan, "household_id").Kind);
        Assert.Null(plan.Find("ethnicity"));
        Assert.Null(plan.Find("internal_remarks"));
        Assert.Equal("440305********1234", Rule(plan, "id_number").Transform("440305199001011234", "sz-civil-affairs", Pseudonymiser()));
        Assert.Equal("1990", Rule(plan, "birth_date").Transform("1990-01-01", "sz-civil-affairs", Pseudonymiser()));
    }

    [Fact]
    public void PlanFor_PurposeRestrictedRule_AppliesOnlyToThatPurpose()
    {
        var review = Household.PlanFor("subsistence-allowance-review", "sz-civil-affairs");
        var insurance = Household.PlanFor("social-insurance-eligibility", "sz-civil-affairs");

        Assert.Contains("relationship_to_head", review.ReturnedFields);
        Assert.DoesNotContain("relationship_to_head", insurance.ReturnedFields);
    }

    [Fact]
    public void PlanFor_ConsumerRestrictedRule_AppliesOnlyToThatConsumer()
    {
        var entry = Build(
            new FieldDefinition("salary", "number", true, [
                new FieldRule("salary", FieldRuleKind.Allow, consumers: new HashSet<string> { "gz-human-resources" }),
                new FieldRule("salary", FieldRuleKind.Drop)]),
            new FieldDefinition("name", "string", true, [new FieldRule("name", FieldRuleKind.Mask, keepFirst: 1)]));

        Assert.Equal(["salary", "name"], entry.PlanFor("check", "gz-human-resources").ReturnedFields);
        Assert.Equal(["name"], entry.PlanFor("check", "sz-civil-affairs").ReturnedFields);
    }

    [Fact]
    public void PlanFor_UnlistedPurpose_GivesNoFields()
    {
        Assert.Same(FieldPlan.Empty, Household.PlanFor("curiosity", "sz-civil-affairs"));
    }

    [Fact]
    public void PlanFor_RepeatCall_ReturnsTheCachedPlan()
    {
        var entry = Household;

        Assert.Same(entry.PlanFor("subsistence-allowance-review", "sz-civil-affairs"), entry.PlanFor("subsistence-allowance-review", "sz-civil-affairs"));
        // No rule of the entry names consumers, so consumers share one plan per purpose.
        Assert.Same(entry.PlanFor("subsistence-allowance-review", "sz-civil-affairs"), entry.PlanFor("subsistence-allowance-review", "gz-human-resources"));
    }

    [Fact]
    public void PlanFor_Grant_IntersectsWithTheGrantedFieldsAndIsCachedWhileTheyStayTheSame()
    {
        var entry = Household;
        var grant = new Grant("g1", "household-registration", "sz-civil-affairs", "subsistence-allowance-review", ["id_number", "name", "ethnicity"], DemoLists.Now.AddDays(1), false);

        var plan = entry.PlanFor(grant.Purpose, grant.ConsumerId, grant);
        var again = entry.PlanFor(grant.Purpose, grant.ConsumerId, grant with { Fields = ["id_number", "name", "ethnicity"] });
        var narrowed = entry.PlanFor(grant.Purpose, grant.ConsumerId, grant with { Fields = ["name"] });

        Assert.Equal(["id_number", "name"], plan.ReturnedFields);
        Assert.Same(plan, again);
        Assert.Equal(["name"], narrowed.ReturnedFields);
    }

    [Fact]
    public void IsInForce_HonoursEffectiveFromAndValidUntilInChinaStandardTime()
    {
        var entry = new ListEntry
        {
            DatasetId = "d", ProviderId = "p", Version = "1",
            EffectiveFrom = new DateOnly(2026, 11, 1),
            ValidUntil = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)),
        };

        Assert.False(entry.IsInForce(new DateTimeOffset(2026, 10, 31, 15, 59, 0, TimeSpan.Zero)));
        Assert.True(entry.IsInForce(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero)));
        Assert.True(entry.IsInForce(new DateTimeOffset(2026, 12, 31, 15, 59, 0, TimeSpan.Zero)));
        Assert.False(entry.IsInForce(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero)));
    }

    private static ListEntry Entry(string dataset) =>
        DemoLists.Policies.TryGetEntry(dataset, out var entry) ? entry : throw new InvalidOperationException(dataset);

    private static FieldRule Rule(FieldPlan plan, string field) => plan.Find(field) ?? throw new InvalidOperationException($"{field} is dropped");

    private static Pseudonymiser Pseudonymiser() => new(new byte[32]);

    private static ListEntry Build(params FieldDefinition[] fields) => new()
    {
        DatasetId = "wages",
        ProviderId = "gz-human-resources",
        Version = "1",
        Purposes = new Dictionary<string, string> { ["check"] = "Check" },
        Fields = fields,
    };
}
