namespace Interchange.ServiceDefaults.Tokens;

/// <summary>How a disabled client reaches the resource servers: polled from identity, and announced over Redis when there is one.</summary>
public static class ClientRevocations
{
    /// <summary>The Redis channel (after the key prefix) on which a change of the disabled clients is announced.</summary>
    public const string Channel = "clients:disabled";

    /// <summary>Identity's list of disabled clients, relative to its JWKS address when not configured.</summary>
    public const string DefaultPath = "/clients/disabled";
}
