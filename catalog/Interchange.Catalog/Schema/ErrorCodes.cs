namespace Interchange.Catalog.Schema;

/// <summary><c>extensions.code</c> values of refused operations (docs/contract.md).</summary>
public static class ErrorCodes
{
    public const string Forbidden = "FORBIDDEN";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string NotFound = "NOT_FOUND";
    public const string BadRequest = "BAD_REQUEST";
    public const string Internal = "INTERNAL_SERVER_ERROR";
    public const string AuditUnavailable = "AUDIT_UNAVAILABLE";
}
