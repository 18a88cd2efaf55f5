namespace Interchange.Audit;

/// <summary>What kind of action an audit record describes.</summary>
public static class AuditKinds
{
    /// <summary>A data-plane decision (allowed or refused).</summary>
    public const string DataAccess = "data-access";

    /// <summary>A consumer applied for conditional access.</summary>
    public const string AccessRequested = "access-requested";

    /// <summary>The provider approved an application; a grant was created.</summary>
    public const string AccessApproved = "access-approved";

    /// <summary>The provider refused an application, with a reason.</summary>
    public const string AccessRefused = "access-refused";

    /// <summary>The provider revoked a grant.</summary>
    public const string GrantRevoked = "grant-revoked";

    /// <summary>A grant reached its end date.</summary>
    public const string GrantExpired = "grant-expired";

    /// <summary>A provider registered a dataset and its source in the catalogue.</summary>
    public const string DatasetRegistered = "dataset-registered";

    /// <summary>The identity server refused a client's credentials (counted towards throttling).</summary>
    public const string TokenRefused = "token-refused";

    /// <summary>An auditor asked for one subject's access report; the record names the subject's hash, so the report shows it.</summary>
    public const string SubjectReport = "subject-report";
}
