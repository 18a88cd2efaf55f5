namespace Interchange.Audit.Tests;

internal static class TestRecords
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    public static AuditRecord Allowed(int n = 0, string agency = "sz-civil-affairs", string dataset = "business-licenses") => new()
    {
        Time = Start.AddSeconds(n),
        Kind = AuditKinds.DataAccess,
        RequestId = $"req-{n:D6}",
        Agency = agency,
        Dataset = dataset,
        Purpose = "subsistence-allowance-review",
        Case = $"case-{n % 3}",
        Decision = AuditDecision.Allowed,
        Rule = "business-licenses@2026-11-01.1",
        Status = 200,
        Fields = ["uscc", "name", "legal_representative"],
    };

    public static AuditRecord Denied(int n = 0, string agency = "sz-civil-affairs", string dataset = "household-registration") => new()
    {
        Time = Start.AddSeconds(n),
        Kind = AuditKinds.DataAccess,
        RequestId = $"req-{n:D6}",
        Agency = agency,
        Dataset = dataset,
        Purpose = "subsistence-allowance-review",
        Decision = AuditDecision.Denied,
        Problem = "urn:interchange:problem:grant-required",
        Rule = "household-registration@2026-11-01.1",
        Status = 403,
        Fields = [],
        Detail = "no approved grant for this purpose",
    };
}
