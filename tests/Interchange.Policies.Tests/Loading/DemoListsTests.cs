using Interchange.Core.Datasets;
using Interchange.Policies.Loading;

namespace Interchange.Policies.Tests.Loading;

public sealed class DemoListsTests
{
    [Fact]
    public void LoadDirectory_ShippedDemoLists_LoadWithoutProblems()
    {
        var result = ResponsibilityListLoader.LoadDirectory(DemoLists.Directory);

        Assert.Empty(result.Problems);
        Assert.True(result.Succeeded);
        Assert.NotNull(result.PolicySet);
        Assert.Equal(
            ["gz-human-resources", "sz-market-regulation", "sz-public-security"],
            result.PolicySet.Lists.Select(l => l.Department.Id).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["business-licenses", "criminal-records", "household-registration", "social-insurance-contributions"],
            result.PolicySet.Entries.Select(e => e.DatasetId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DemoLists_HouseholdRegistration_HasTheScenarioSettings()
    {
        Assert.True(DemoLists.Policies.TryGetEntry("household-registration", out var entry));

        Assert.Equal("sz-public-security", entry.ProviderId);
        Assert.Equal("household-registration@2026-11-01.1", entry.RuleId);
        Assert.Equal(SharingType.Conditional, entry.Sharing);
        Assert.Equal(Classification.Important, entry.Classification);
        Assert.True(entry.Personal);
        Assert.Equal("id_number", entry.SubjectField);
        Assert.True(entry.Consumers.IsOpen);
        Assert.Equal(["subsistence-allowance-review", "social-insurance-eligibility"], entry.Purposes.Keys);
        Assert.Equal(5, entry.ReplyDeadlineDays);
        Assert.Equal(new DateOnly(2026, 11, 1), entry.EffectiveFrom);
        Assert.Equal(600, entry.Limits.PerMinute);
        Assert.Equal(10000, entry.Limits.RecordsPerDay);
        Assert.Equal(100, entry.Limits.MaxPageSize);
        Assert.Equal("daily", entry.UpdateFrequency);
        Assert.Equal(
            ["id_number", "name", "gender", "birth_date", "ethnicity", "address", "household_id", "relationship_to_head", "registration_date", "internal_remarks"],
            entry.Fields.Select(f => f.Name));
        Assert.Equal("date", entry.Fields.Single(f => f.Name == "birth_date").Type);
    }

    [Fact]
    public void DemoLists_CriminalRecords_IsNotSharedWithALegalBasis()
    {
        Assert.True(DemoLists.Policies.TryGetEntry("criminal-records", out var entry));

        Assert.Equal(SharingType.NotShared, entry.Sharing);
        Assert.Contains("Criminal Procedure Law art. 286", entry.LegalBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoLists_InternalRemarks_IsNeverGrantedByAnyEntry()
    {
        foreach (var entry in DemoLists.Policies.Entries)
        {
            foreach (var purpose in entry.Purposes.Keys)
            {
                Assert.DoesNotContain("internal_remarks", entry.PlanFor(purpose, "sz-civil-affairs").ReturnedFields);
            }
        }
    }

    [Fact]
    public void DemoLists_BusinessLicenses_IsUnconditionalForAnyAgency()
    {
        Assert.True(DemoLists.Policies.TryGetEntry("business-licenses", out var entry));

        Assert.Equal(SharingType.Unconditional, entry.Sharing);
        Assert.True(entry.Consumers.Any);
        Assert.Equal(["business-verification", "subsistence-allowance-review", "market-supervision"], entry.Purposes.Keys);
        Assert.False(entry.Personal);
    }
}
