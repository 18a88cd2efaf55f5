using Interchange.Core.Datasets;
using Interchange.Policies.Fields;
using Interchange.Policies.Loading;

namespace Interchange.Policies.Tests.Loading;

public sealed class ResponsibilityListLoaderTests
{
    private const string ValidEntry = """
          - dataset: permits
            classification: general
            sharing: unconditional
            consumers: any
            purposes:
              permit-check: "Check permits"
            fields:
              permit_no: { type: string, rule: allow }
        """;

    [Fact]
    public void Load_FileWithManyProblems_ReportsEveryOneAtItsLine()
    {
        var yaml = """
            department: { id: test-department, name: Test, region: "44030" }
            version: 2026-11-01.1
            effective_from: 2026-13-01
            colour: blue
            entries:
              - dataset: permits
                classification: secret
                sharing: unconditional
                reply_deadline_days: 0
                purposes:
                  permit-check: "Check permits"
                fields:
                  permit_no: { type: string, rule: mask, keep_first: -1 }
                  issued: { type: date, rule: generalise }
                  holder: { type: text, rule: allow, purposes: [tax-audit] }
              - dataset: sealed-files
                classification: important
                personal: true
                sharing: not-shared
              - dataset: mines
                classification: core
                sharing: conditional
                subject: owner
                purposes: { mine-safety: "Mine safety" }
                fields: { mine_no: { type: string, rule: allow } }
            """;

        var result = DemoLists.LoadOne(yaml);

        Assert.False(result.Succeeded);
        Assert.Null(result.PolicySet);
        AssertProblem(result, 1, "'region' '44030' must be a six-digit GB/T 2260 code");
        AssertProblem(result, 3, "'effective_from' must be a date");
        AssertProblem(result, 4, "unknown key 'colour'");
        AssertProblem(result, 7, "'classification' is 'secret'; allowed values: general, important, core");
        AssertProblem(result, 8, "an unconditional entry must list its 'consumers'");
        AssertProblem(result, 9, "'reply_deadline_days' must be at least 1");
        AssertProblem(result, 13, "'keep_first' must be at least 0");
        AssertProblem(result, 14, "a generalise rule needs 'to'");
        AssertProblem(result, 15, "'type' is 'text'; allowed values: string,");
        AssertProblem(result, 15, "rule names purpose 'tax-audit', which the entry does not list");
        AssertProblem(result, 16, "a personal entry must name its 'subject' field");
        AssertProblem(result, 19, "a not-shared entry must state its 'legal_basis'");
        AssertProblem(result, 21, "core data is never shared");
        AssertProblem(result, 23, "subject 'owner' is not one of the entry's fields");
        Assert.All(result.Problems, p => Assert.Equal("test-department.yaml", p.File));
        Assert.Equal(result.Problems.OrderBy(p => p.Line).ThenBy(p => p.Column), result.Problems);
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsItsPosition()
    {
        var yaml = """
            department: { id: test-department, name: Test, region: "440300" }
            version: 2026-11-01.1
            entries:
              - dataset: "permits
                classification: general
            """;

        var result = DemoLists.LoadOne(yaml);

        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("YAML syntax error", problem.Reason, StringComparison.Ordinal);
        Assert.InRange(problem.Line, 4, 6);
        Assert.Null(result.PolicySet);
    }

    [Fact]
    public void Load_DuplicateKey_IsAProblem()
    {
        var yaml = DemoLists.List(ValidEntry + "\n    sharing: conditional");

        var result = DemoLists.LoadOne(yaml);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Line == 13);
    }

    [Fact]
    public void Load_UnknownKey_NamesTheKeyAndTheAllowedOnes()
    {
        var result = DemoLists.LoadOne(DemoLists.List(ValidEntry + "\n    sharingg: conditional"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(13, problem.Line);
        Assert.Equal(5, problem.Column);
        Assert.Contains("unknown key 'sharingg'", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("expected one of: dataset, title, classification", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotSharedWithoutLegalBasis_IsAProblem()
    {
        var result = DemoLists.LoadOne(DemoLists.List("""
              - dataset: sealed-files
                classification: important
                sharing: not-shared
            """));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(7, problem.Line);
        Assert.Contains("entry 'sealed-files': a not-shared entry must state its 'legal_basis'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingRequiredKeys_AreEachReported()
    {
        var result = DemoLists.LoadOne("""
            department: { id: test-department }
            entries: []
            """);

        Assert.Contains(result.Problems, p => p.Line == 1 && p.Reason.Contains("missing required key 'name'", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Line == 1 && p.Reason.Contains("missing required key 'region'", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Reason.Contains("missing required key 'version'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DatasetInTwoFiles_IsAProblemAtTheSecond()
    {
        var other = DemoLists.List(ValidEntry).Replace("test-department", "other-department", StringComparison.Ordinal);

        var result = ResponsibilityListLoader.Load([("test-department.yaml", DemoLists.List(ValidEntry)), ("other-department.yaml", other)]);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("other-department.yaml", problem.File);
        Assert.Equal(5, problem.Line);
        Assert.Equal("dataset 'permits' is already listed at test-department.yaml:5:14", problem.Reason);
    }

    [Fact]
    public void Load_FileNameOtherThanDepartmentId_IsAProblem()
    {
        var result = DemoLists.LoadOne(DemoLists.List(ValidEntry), "someone-else.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Contains("does not match the file name 'someone-else.yaml'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RuleParametersOnTheWrongRule_AreProblems()
    {
        var result = DemoLists.LoadOne(DemoLists.List("""
              - dataset: permits
                classification: general
                sharing: conditional
                purposes: { permit-check: "Check permits" }
                fields:
                  permit_no: { type: string, rule: allow, keep_first: 2, to: year }
                  owner:
                    type: string
                    rules:
                      - { rule: allow }
                      - { rule: drop, purposes: [permit-check] }
                  photo: { type: object, rule: mask }
            """));

        Assert.Contains(result.Problems, p => p.Line == 10 && p.Reason.Contains("'keep_first' applies only to mask rules", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Line == 10 && p.Reason.Contains("'to' applies only to generalise rules", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Line == 15 && p.Reason.Contains("rule 2 is never used", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Line == 16 && p.Reason.Contains("cannot be masked", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BadConsumersAndValidity_AreProblems()
    {
        var result = DemoLists.LoadOne(DemoLists.List("""
              - dataset: permits
                classification: general
                sharing: unconditional
                consumers: { regions: ["4403", "440300"], agencies: [Bad_Agency] }
                purposes: { permit-check: "Check permits" }
                fields: { permit_no: { type: string, rule: allow } }
                valid_until: 2026-10-01
            """));

        Assert.Contains(result.Problems, p => p.Line == 8 && p.Reason.Contains("region '4403' must be a six-digit", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Line == 8 && p.Reason.Contains("agency 'Bad_Agency'", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Line == 11 && p.Reason.Contains("'valid_until' is not after", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDirectory_WithoutListFiles_IsAProblem()
    {
        var directory = Directory.CreateTempSubdirectory("interchange-lists-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "README.md"), "not a list");

            var result = ResponsibilityListLoader.LoadDirectory(directory.FullName);

            var problem = Assert.Single(result.Problems);
            Assert.Contains("no responsibility lists", problem.Reason, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_IsAProblem()
    {
        var result = ResponsibilityListLoader.LoadDirectory(Path.Combine(Path.GetTempPath(), "interchange-no-such-directory"));

        Assert.Single(result.Problems);
        Assert.Null(result.PolicySet);
    }

    [Fact]
    public void Load_ValidList_BuildsTheModel()
    {
        var result = DemoLists.LoadOne(DemoLists.List("""
              - dataset: permits
                title: Permits
                classification: general
                sharing: unconditional
                consumers: { agencies: [sz-civil-affairs], regions: ["440100"] }
                purposes: { permit-check: "Check permits", tax-audit: "Audit taxes" }
                fields:
                  permit_no: { type: string, rule: mask, keep_first: 2, keep_last: 1 }
                  issued:
                    type: date
                    rules:
                      - { rule: generalise, to: month, purposes: [tax-audit] }
                      - { rule: drop, consumers: [sz-civil-affairs] }
                      - { rule: allow }
                valid_until: 2027-06-30
                effective_from: 2026-12-01
            """));

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        var list = Assert.Single(result.PolicySet!.Lists);
        Assert.Equal("test-department", list.Department.Id);
        Assert.Equal("440300", list.Department.Region);
        Assert.Equal("2026-11-01.1", list.Version);
        Assert.Equal("test-department.yaml", list.SourcePath);
        var entry = Assert.Single(list.Entries);
        Assert.Equal("permits@2026-11-01.1", entry.RuleId);
        Assert.Equal(new DateOnly(2026, 12, 1), entry.EffectiveFrom);
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)), entry.ValidUntil);
        Assert.Equal(SharingType.Unconditional, entry.Sharing);
        Assert.Equal(["sz-civil-affairs"], entry.Consumers.Agencies);
        Assert.Equal(["440100"], entry.Consumers.Regions);
        var mask = Assert.Single(entry.Fields[0].Rules);
        Assert.Equal((FieldRuleKind.Mask, 2, 1), (mask.Kind, mask.KeepFirst, mask.KeepLast));
        var issued = entry.Fields[1].Rules;
        Assert.Equal([FieldRuleKind.Generalise, FieldRuleKind.Drop, FieldRuleKind.Allow], issued.Select(r => r.Kind));
        Assert.Equal(GeneraliseTo.Month, issued[0].To);
        Assert.Equal(["tax-audit"], issued[0].Purposes!);
        Assert.Equal(["sz-civil-affairs"], issued[1].Consumers!);
    }

    [Fact]
    public void PolicyProblem_ToString_IsFileLineColumnReason()
    {
        Assert.Equal("a.yaml:3:7: bad", new PolicyProblem("a.yaml", 3, 7, "bad").ToString());
    }

    private static void AssertProblem(PolicyLoadResult result, int line, string reason) =>
        Assert.True(
            result.Problems.Any(p => p.Line == line && p.Reason.Contains(reason, StringComparison.Ordinal)),
            $"Expected a problem at line {line} containing \"{reason}\"; got:\n{string.Join("\n", result.Problems)}");
}
