using System.Net;
using System.Net.Sockets;

namespace Interchange.Core.Datasets;

/// <summary>
/// Which addresses a departmental source may have (docs/security.md, case 18). Loopback, link-local (which
/// holds the cloud metadata address 169.254.169.254), unspecified and multicast addresses are never
/// sources; government intranets' private ranges are. Checked when a source is registered and again
/// when the gateway connects, so a name re-pointed after registration (DNS rebinding) gains nothing.
/// </summary>
public static class SourceAddresses
{
    /// <summary>Why <paramref name="address"/> may not be a source, or <c>null</c> when it may.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return "an unspecified address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes[0] switch
            {
                0 => "an address of this network (0.0.0.0/8)",
                169 when bytes[1] == 254 => "a link-local or metadata address (169.254.0.0/16)",
                100 when bytes[1] == 100 && bytes[2] == 100 && bytes[3] == 200 => "a cloud metadata address",
                >= 224 => "a multicast or reserved address",
                _ => null,
            };
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6Multicast || address.IsIPv6SiteLocal)
        {
            return "a link-local, site-local or multicast address";
        }

        // fd00:ec2::254 and the like: the IPv6 metadata endpoints live in unique-local space under fd00:ec2::/32.
        var v6 = address.GetAddressBytes();
        if (v6.Length == 16 && v6[0] == 0xfd && v6[1] == 0x00 && v6[2] == 0x0e && v6[3] == 0xc2)
        {
            return "a cloud metadata address";
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="url"/> may not be a source URL (scheme, credentials, fragment, address), or <c>null</c>;
    /// <paramref name="allowLoopback"/> lets a loopback address through (a development machine's own sources).
    /// </summary>
    public static string? UrlRefusal(Uri url, bool allowLoopback = false)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return "a source URL must be an absolute http or https URL";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "a source URL must not carry credentials";
        }

        if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            return "a source URL must not have a query or a fragment";
        }

        if (!IPAddress.TryParse(url.IdnHost, out var literal) || (allowLoopback && IPAddress.IsLoopback(literal)))
        {
            return null;
        }

        return Refusal(literal) is { } why ? "its address is " + why : null;
    }
}
