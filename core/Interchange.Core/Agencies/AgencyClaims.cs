namespace Interchange.Core.Agencies;

/// <summary>Claim names of an Interchange access token (RFC 9068 plus our own).</summary>
public static class AgencyClaims
{
    public const string Subject = "sub";
    public const string ClientId = "client_id";
    public const string Region = "region";
    public const string Role = "role";
    public const string Scope = "scope";
    public const string Name = "name";
}
