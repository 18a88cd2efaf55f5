using GraphQL;
using Interchange.Audit;
using Interchange.Audit.Subjects;
using Interchange.Catalog.Schema;
using Interchange.ServiceDefaults.Tokens;

namespace Interchange.Catalog.Auditing;

/// <summary>
/// Which agencies accessed data about one citizen or company, when, for which purpose, under which rule: every audit
/// record naming the subject's keyed hash. The identifier asked about is hashed here with the deployment's subject key
/// and never stored; the lookup itself is put on record first, naming the same hash, so it shows in later reports.
/// </summary>
public sealed class SubjectAccessReport(AuditReader reader, IAuditLog audit, SubjectHasher hasher, TimeProvider time)
{
    /// <summary>Most records one report returns; a subject with more is refused rather than cut short silently.</summary>
    public const int MaxRecords = 10_000;

    public async Task<IReadOnlyList<AuditRecord>> ReportAsync(AgencyPrincipal auditor, string? subject, string requestId, CancellationToken cancellationToken)
    {
        var hash = hasher.Hash(subject)
            ?? throw new ExecutionError($"Give the subject's identifier (an id number or credit code) of 1 to {SubjectHasher.MaxSubjectLength} characters.")
            {
                Code = ErrorCodes.BadUserInput,
            };

        try
        {
            await audit.AppendAsync(new AuditRecord
            {
                Time = time.GetUtcNow(),
                Kind = AuditKinds.SubjectReport,
                RequestId = requestId,
                Agency = auditor.AgencyId,
                Decision = AuditDecision.Allowed,
                Status = 200,
                Subjects = [hash],
            }, cancellationToken);
            var page = await reader.SubjectRecordsAsync(hash, MaxRecords, cancellationToken);
            if (page.HasNextPage)
            {
                throw new ExecutionError($"The log holds {page.TotalCount} records about this subject, more than the {MaxRecords} one report returns; " +
                    "use auditEvents with a dataset and time range to go through them.") { Code = ErrorCodes.BadUserInput };
            }

            return page.Records;
        }
        catch (AuditUnavailableException)
        {
            throw new ExecutionError("The audit log cannot be read or record this report right now. Try again shortly.") { Code = ErrorCodes.AuditUnavailable };
        }
    }
}
