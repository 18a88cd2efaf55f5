namespace Interchange.Core.Http;

/// <summary>Every refusal type of the data plane (docs/contract.md).</summary>
public static class ProblemTypes
{
    public static readonly ProblemType Unauthenticated = new("unauthenticated", 401, "Authentication required");
    public static readonly ProblemType PurposeRequired = new("purpose-required", 400, "Purpose required");
    public static readonly ProblemType UnknownDataset = new("unknown-dataset", 404, "Unknown dataset");
    public static readonly ProblemType NotShared = new("not-shared", 403, "Dataset not shared");
    public static readonly ProblemType CaseRequired = new("case-required", 400, "Case reference required");
    public static readonly ProblemType PurposeNotPermitted = new("purpose-not-permitted", 403, "Purpose not permitted");
    public static readonly ProblemType ConsumerNotPermitted = new("consumer-not-permitted", 403, "Consumer not permitted");
    public static readonly ProblemType GrantRequired = new("grant-required", 403, "Grant required");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed");
    public static readonly ProblemType RateLimited = new("rate-limited", 429, "Rate limit exceeded");
    public static readonly ProblemType UpstreamUnavailable = new("upstream-unavailable", 502, "Source unavailable");
    public static readonly ProblemType AuditUnavailable = new("audit-unavailable", 503, "Audit log unavailable");
    public static readonly ProblemType PolicyUnavailable = new("policy-unavailable", 503, "Policy store unavailable");
    public static readonly ProblemType BadRequest = new("bad-request", 400, "Bad request");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "Forbidden");
    public static readonly ProblemType InsufficientScope = new("insufficient-scope", 403, "Insufficient scope");
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "Request body too large");
    public static readonly ProblemType SourceRejected = new("source-rejected", 400, "Source rejected the request");
    public static readonly ProblemType RequestTimeout = new("request-timeout", 408, "Request not received in time");
    public static readonly ProblemType InternalError = new("internal-error", 500, "Internal error");
    public static readonly ProblemType ServiceUnavailable = new("service-unavailable", 503, "Service unavailable");
}
