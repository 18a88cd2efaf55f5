namespace Interchange.ServiceDefaults.Tokens;

/// <summary>The outcome of checking a bearer token: the caller, or why the token was refused.</summary>
public readonly record struct TokenCheck(AgencyPrincipal? Principal, string? Failure)
{
    public bool Succeeded => Principal is not null;

    public static TokenCheck Fail(string reason) => new(null, reason);
}
