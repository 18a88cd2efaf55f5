using System.Net;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>A set of IP networks (CIDR) that a peer address is checked against; IPv4-mapped IPv6 peers count as IPv4.</summary>
public sealed class NetworkAllowList
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly IPNetwork[] _networks;

    private NetworkAllowList(IPNetwork[] networks) => _networks = networks;

    /// <summary>The networks, as configured (for messages and the README's examples).</summary>
    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>
    /// Parses CIDR networks or single addresses, one per value or separated by commas/spaces. No value: loopback only.
    /// <c>none</c>: nobody.
    /// </summary>
    public static NetworkAllowList Parse(string setting, IEnumerable<string> values)
    {
        var items = values
            .SelectMany(v => v.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (items.Count == 0)
        {
            return new NetworkAllowList(Loopback);
        }

        if (items is ["none"])
        {
            return new NetworkAllowList([]);
        }

        var networks = new List<IPNetwork>();
        foreach (var item in items)
        {
            if (IPNetwork.TryParse(item, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(item, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException(
                    $"{setting}: '{item}' is not a network (CIDR such as 10.20.0.0/16) or an address; use 'none' to serve nobody.");
            }
        }

        return new NetworkAllowList([.. networks]);
    }

    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => _networks.Length == 0 ? "none" : string.Join(", ", _networks);
}
