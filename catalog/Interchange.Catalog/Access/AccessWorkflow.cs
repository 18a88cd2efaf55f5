using Interchange.Audit;
using Interchange.Catalog.Schema;
using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
using Interchange.Core.Grants;
using Interchange.Core.Storage;
using Interchange.Policies;
using Interchange.Policies.Model;
using Interchange.ServiceDefaults.Caching;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Catalog.Access;

/// <summary>
/// Conditional sharing (有条件共享): a consumer applies, the providing agency approves (possibly with
/// fewer fields or an earlier end) or refuses with reasons, and an approval becomes a grant the
/// gateway enforces until it expires or is revoked. Every action is put on the audit record.
/// </summary>
public sealed class AccessWorkflow(CatalogDbContext db, PolicyStore policies, IAuditLog audit, TimeProvider time,
    GrantChangeNotifier? grantChanges = null)
{
    public const int MaxJustificationLength = 2000;

    /// <summary>As long as the store keeps a case reference (SQLite would keep more without a word).</summary>
    public const int MaxCaseLength = 128;

    public async Task<AccessRequest> RequestAsync(AgencyPrincipal caller, AccessRequestInput input, string requestId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (dataset, entry) = await ConditionalEntryAsync(input.Dataset, cancellationToken);
        if (dataset.ProviderId == caller.AgencyId)
        {
            throw Errors.BadInput($"'{dataset.Id}' is {caller.AgencyId}'s own dataset; an agency does not apply for access to its own data.");
        }

        if (!entry.Purposes.ContainsKey(input.Purpose))
        {
            throw Errors.BadInput($"'{input.Purpose}' is not a purpose the list permits for '{dataset.Id}'; permitted: {string.Join(", ", entry.Purposes.Keys)}.");
        }

        if (!entry.Consumers.IsOpen && !entry.Consumers.Matches(caller.AgencyId, caller.Region))
        {
            throw Errors.BadInput($"The list of {entry.ProviderId} does not name {caller.AgencyId} among the consumers of '{dataset.Id}'.");
        }

        var allowed = entry.PlanFor(input.Purpose, caller.AgencyId).ReturnedFields;
        var fields = CheckFields(input.Fields, allowed, $"the list allows for '{input.Purpose}'");
        var justification = input.Justification.Trim();
        if (justification.Length == 0 || justification.Length > MaxJustificationLength)
        {
            throw Errors.BadInput($"A justification of 1 to {MaxJustificationLength} characters is required.");
        }

        var @case = string.IsNullOrWhiteSpace(input.Case) ? null : input.Case.Trim();
        if (entry.Classification == Classification.Important && @case is null)
        {
            throw Errors.BadInput($"'{dataset.Id}' is important data: name the case the access serves.");
        }

        if (@case is { Length: > MaxCaseLength })
        {
            throw Errors.BadInput($"A case reference may have at most {MaxCaseLength} characters.");
        }

        if (@case is not null && @case.Any(char.IsControl))
        {
            throw Errors.BadInput("A case reference may not hold line breaks or other control characters.");
        }

        CheckUntil(input.Until, now, entry);

        // The check for a pending twin runs inside the write transaction (BEGIN IMMEDIATE on SQLite), so the
        // same application sent twice at once cannot pass it twice.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = await db.AccessRequests.AsNoTracking()
            .Where(r => r.RequesterId == caller.AgencyId && r.DatasetId == dataset.Id && r.Purpose == input.Purpose && r.State == AccessRequestState.Pending)
            .Select(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            throw Errors.BadInput($"Request '{pending}' for '{dataset.Id}' and '{input.Purpose}' is still waiting for a decision.");
        }

        var request = new AccessRequest
        {
            Id = NewId("ar", now),
            DatasetId = dataset.Id,
            RequesterId = caller.AgencyId,
            ProviderId = dataset.ProviderId,
            Purpose = input.Purpose,
            Fields = fields,
            Justification = justification,
            Case = @case,
            RequestedUntil = input.Until,
            CreatedAt = now,
            Deadline = WorkingDays.DeadlineAfter(now, entry.ReplyDeadlineDays),
        };
        db.AccessRequests.Add(request);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // A twin application committed between the check above and this insert (PostgreSQL's read committed lets
            // both check at once); the unique pending-request index refused the second.
            throw Errors.BadInput($"An application for '{request.DatasetId}' and '{request.Purpose}' is already waiting for a decision.");
        }

        await RecordAsync(AuditKinds.AccessRequested, requestId, caller.AgencyId, request.DatasetId, request.Purpose, request.Case,
            AuditDecision.Allowed, entry.RuleId, request.Fields, $"request {request.Id}; reply due {request.Deadline:yyyy-MM-dd}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    /// <summary>The provider's answer. Only the providing agency decides, never on its own request, and only once.</summary>
    public async Task<AccessRequest> DecideAsync(AgencyPrincipal caller, string id, bool approve, string? reason,
        IReadOnlyList<string>? fields, DateTimeOffset? until, string requestId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var request = await db.AccessRequests.FirstOrDefaultAsync(r => r.Id == id && r.ProviderId == caller.AgencyId, cancellationToken)
            ?? throw Errors.NotFound("access request", id);
        if (request.RequesterId == caller.AgencyId)
        {
            throw Errors.Forbidden("An agency never decides on its own request.");
        }

        if (request.State != AccessRequestState.Pending)
        {
            throw Errors.BadInput($"Request '{id}' was already {request.State.ToString().ToLowerInvariant()} on {request.DecidedAt:yyyy-MM-dd HH:mm} UTC.");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > MaxJustificationLength })
        {
            throw Errors.BadInput($"The reason may have at most {MaxJustificationLength} characters.");
        }

        Grant? grant = null;
        if (approve)
        {
            var granted = fields is null ? request.Fields : CheckFields(fields, request.Fields, "the request asked for");
            var end = until ?? request.RequestedUntil;
            if (end > request.RequestedUntil)
            {
                throw Errors.BadInput("An approval may end earlier than requested, never later.");
            }

            var (_, entry) = await ConditionalEntryAsync(request.DatasetId, cancellationToken);
            CheckUntil(end, now, entry);
            grant = new Grant(NewId("gr", now), request.DatasetId, request.RequesterId, request.Purpose, granted, end, Revoked: false)
            {
                ProviderId = request.ProviderId,
                RequestId = request.Id,
                GrantedAt = now,
            };
        }
        else if (reason is null)
        {
            throw Errors.BadInput("A refusal must give the reasons for it.");
        }

        request.State = approve ? AccessRequestState.Approved : AccessRequestState.Refused;
        request.Reason = reason;
        request.DecidedBy = caller.AgencyId;
        request.DecidedAt = now;
        request.GrantId = grant?.Id;
        if (grant is not null)
        {
            db.Grants.Add(grant);
        }

        // The state check is repeated in the UPDATE itself, so two deciders racing cannot both win; the
        // decision is committed only once its audit record is durable.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.AccessRequests
            .Where(r => r.Id == id && r.State == AccessRequestState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, request.State), cancellationToken);
        if (updated == 0)
        {
            throw Errors.BadInput($"Request '{id}' was decided meanwhile.");
        }

        await db.SaveChangesAsync(cancellationToken);
        var rule = policies.Current.TryGetEntry(request.DatasetId, out var current) ? current.RuleId : null;
        await RecordAsync(approve ? AuditKinds.AccessApproved : AuditKinds.AccessRefused, requestId, caller.AgencyId,
            request.DatasetId, request.Purpose, request.Case, approve ? AuditDecision.Allowed : AuditDecision.Denied, rule,
            grant?.Fields ?? [], approve ? $"request {id} approved as grant {grant!.Id} until {grant.Until:yyyy-MM-dd}" : $"request {id} refused: {reason}",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (grant is not null)
        {
            await GrantsChangedAsync(cancellationToken);
        }

        return request;
    }

    /// <summary>Ends a grant at once; only the agency that granted it may.</summary>
    public async Task<Grant> RevokeAsync(AgencyPrincipal caller, string id, string requestId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var grant = await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id && g.ProviderId == caller.AgencyId, cancellationToken)
            ?? throw Errors.NotFound("grant", id);
        if (grant.Revoked)
        {
            throw Errors.BadInput($"Grant '{id}' was already revoked on {grant.RevokedAt:yyyy-MM-dd HH:mm} UTC.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.Grants.Where(g => g.Id == id && !g.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Revoked, true).SetProperty(g => g.RevokedAt, now), cancellationToken);
        if (updated == 0)
        {
            throw Errors.BadInput($"Grant '{id}' was revoked meanwhile.");
        }

        var rule = policies.Current.TryGetEntry(grant.DatasetId, out var entry) ? entry.RuleId : null;
        await RecordAsync(AuditKinds.GrantRevoked, requestId, caller.AgencyId, grant.DatasetId, grant.Purpose, null,
            AuditDecision.Denied, rule, [], $"grant {id} of {grant.ConsumerId} revoked", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await GrantsChangedAsync(cancellationToken);
        return grant with { Revoked = true, RevokedAt = now };
    }

    /// <summary>Puts each grant that reached its end on record, once.</summary>
    public async Task<int> RecordExpiriesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await db.Grants.AsNoTracking()
            .Where(g => !g.Revoked && g.ExpiryRecordedAt == null && g.Until <= now)
            .OrderBy(g => g.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        var recorded = 0;
        foreach (var grant in expired)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var marked = await db.Grants.Where(g => g.Id == grant.Id && g.ExpiryRecordedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.ExpiryRecordedAt, now), cancellationToken);
            if (marked == 1)
            {
                var rule = policies.Current.TryGetEntry(grant.DatasetId, out var entry) ? entry.RuleId : null;
                await RecordAsync(AuditKinds.GrantExpired, NewId("rq", now), grant.ProviderId, grant.DatasetId, grant.Purpose, null,
                    AuditDecision.Denied, rule, [], $"grant {grant.Id} of {grant.ConsumerId} expired at {grant.Until:yyyy-MM-dd HH:mm} UTC", cancellationToken);
                recorded++;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (recorded > 0)
        {
            // Gateways never use a cached grant past its end anyway; this drops the cached answers too.
            await GrantsChangedAsync(cancellationToken);
        }

        return expired.Count;
    }

    public async Task<Page<AccessRequest>> ListRequestsAsync(AgencyPrincipal caller, AccessRole? role, AccessRequestState? state, bool overdueOnly,
        int first, string? after, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var query = db.AccessRequests.AsNoTracking();
        query = Visible(caller, role) switch
        {
            AccessRole.Requester => query.Where(r => r.RequesterId == caller.AgencyId),
            AccessRole.Provider => query.Where(r => r.ProviderId == caller.AgencyId),
            _ => query,
        };
        if (state is { } s)
        {
            query = query.Where(r => r.State == s);
        }

        if (overdueOnly)
        {
            query = query.Where(r => r.State == AccessRequestState.Pending && r.Deadline < now);
        }

        var total = await query.LongCountAsync(cancellationToken);
        if (after is not null)
        {
            var key = Cursor.Decode(Cursor.AccessRequests, after);
            query = query.Where(r => string.Compare(r.Id, key) > 0);
        }

        var rows = await query.OrderBy(r => r.Id).Take(first + 1).ToListAsync(cancellationToken);
        return new Page<AccessRequest>(rows.Take(first).ToList(), r => Cursor.Encode(Cursor.AccessRequests, r.Id), rows.Count > first, total);
    }

    public async Task<Page<Grant>> ListGrantsAsync(AgencyPrincipal caller, AccessRole? role, GrantState? state, int first, string? after, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var query = db.Grants.AsNoTracking();
        query = Visible(caller, role) switch
        {
            AccessRole.Requester => query.Where(g => g.ConsumerId == caller.AgencyId),
            AccessRole.Provider => query.Where(g => g.ProviderId == caller.AgencyId),
            _ => query,
        };
        query = state switch
        {
            GrantState.Active => query.Where(g => !g.Revoked && g.Until > now),
            GrantState.Expired => query.Where(g => !g.Revoked && g.Until <= now),
            GrantState.Revoked => query.Where(g => g.Revoked),
            _ => query,
        };
        var total = await query.LongCountAsync(cancellationToken);
        if (after is not null)
        {
            var key = Cursor.Decode(Cursor.Grants, after);
            query = query.Where(g => string.Compare(g.Id, key) > 0);
        }

        var rows = await query.OrderBy(g => g.Id).Take(first + 1).ToListAsync(cancellationToken);
        return new Page<Grant>(rows.Take(first).ToList(), g => Cursor.Encode(Cursor.Grants, g.Id), rows.Count > first, total);
    }

    /// <summary>The grant in force for this consumer, dataset and purpose, if any (the one lasting longest).</summary>
    public Task<Grant?> GrantInForceAsync(string consumer, string dataset, string purpose, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Grants.AsNoTracking()
            .Where(g => g.ConsumerId == consumer && g.DatasetId == dataset && g.Purpose == purpose && !g.Revoked && g.Until > now)
            .OrderByDescending(g => g.Until)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Whose objects a listing shows: a side the caller takes, or — for auditors only — everyone's.
    /// Without a role, agencies see their own applications and grants.
    /// </summary>
    private static AccessRole? Visible(AgencyPrincipal caller, AccessRole? role) =>
        role ?? (caller.HasRole(AgencyRoles.Auditor) && caller.HasScope(InterchangeScopes.Audit) ? null : AccessRole.Requester);

    private async Task<(Dataset Dataset, ListEntry Entry)> ConditionalEntryAsync(string datasetId, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
            ?? throw new GraphQL.ExecutionError($"There is no dataset '{datasetId}' in the catalogue.") { Code = ErrorCodes.NotFound };
        if (!policies.Current.TryGetEntry(datasetId, out var entry) || entry.ProviderId != dataset.ProviderId || !entry.IsInForce(time.GetUtcNow()))
        {
            throw Errors.BadInput($"No responsibility-list entry of {dataset.ProviderId} shares '{datasetId}'.");
        }

        return entry.Sharing switch
        {
            SharingType.NotShared => throw Errors.BadInput($"'{datasetId}' is not shared (不予共享): {entry.LegalBasis}"),
            SharingType.Unconditional => throw Errors.BadInput($"'{datasetId}' is shared unconditionally; read it without applying."),
            _ when entry.Classification == Classification.Core => throw Errors.BadInput($"'{datasetId}' is core data and never shared."),
            _ => (dataset, entry),
        };
    }

    private static string[] CheckFields(IReadOnlyList<string> fields, IReadOnlyList<string> allowed, string what)
    {
        if (fields.Count == 0)
        {
            throw Errors.BadInput("Name at least one field.");
        }

        var unknown = fields.Where(f => !allowed.Contains(f, StringComparer.Ordinal)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw Errors.BadInput($"Not among the fields {what}: {string.Join(", ", unknown)}. Allowed: {string.Join(", ", allowed)}.");
        }

        return fields.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static void CheckUntil(DateTimeOffset until, DateTimeOffset now, ListEntry entry)
    {
        if (until <= now)
        {
            throw Errors.BadInput($"The end date {until:yyyy-MM-dd HH:mm} UTC is not in the future.");
        }

        if (entry.ValidUntil is { } validUntil && until > validUntil)
        {
            throw Errors.BadInput($"The end date is after the list entry itself ends ({validUntil:yyyy-MM-dd}).");
        }
    }

    /// <summary>After the commit, with Redis: every gateway drops its cached grant answers at once.</summary>
    private Task GrantsChangedAsync(CancellationToken cancellationToken) =>
        grantChanges?.GrantsChangedAsync(cancellationToken) ?? Task.CompletedTask;

    private static string NewId(string prefix, DateTimeOffset now) => prefix + "_" + Guid.CreateVersion7(now).ToString("N");

    private async Task RecordAsync(string kind, string requestId, string agency, string dataset, string purpose, string? @case,
        AuditDecision decision, string? rule, IReadOnlyList<string> fields, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(new AuditRecord
            {
                Time = time.GetUtcNow(),
                Kind = kind,
                RequestId = requestId,
                Agency = agency,
                Dataset = dataset,
                Purpose = purpose,
                Case = @case,
                Decision = decision,
                Rule = rule,
                Status = 200,
                Fields = fields,
                Detail = detail,
            }, cancellationToken);
        }
        catch (AuditUnavailableException)
        {
            // Thrown inside the action's transaction, so the action is rolled back: nothing unrecorded happens.
            throw new GraphQL.ExecutionError("The audit log cannot record this action right now, so nothing was changed. Try again shortly.")
            {
                Code = ErrorCodes.AuditUnavailable,
            };
        }
    }
}
