using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Interchange.Standalone;

/// <summary>Why the interchange did not start, in one line a person can act on.</summary>
internal static class StartFailure
{
    public static string Describe(Exception exception, Uri publicUrl)
    {
        if (exception is IOException { InnerException: AddressInUseException })
        {
            var other = new UriBuilder(publicUrl) { Port = FreePortNear(publicUrl.Port) }.Uri.GetLeftPart(UriPartial.Authority);
            return $"Port {publicUrl.Port} is in use; start with --urls {other} to use another.";
        }

        var message = string.Join(" ", exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"The interchange did not start: {message} (Serilog__MinimumLevel__Default=Debug logs the details)";
    }

    /// <summary>A suggestion, not a reservation: 9090 as the README has it, else the next free port after the busy one.</summary>
    private static int FreePortNear(int busy)
    {
        foreach (var port in Enumerable.Range(busy + 1, 20).Prepend(9090))
        {
            if (port != busy && port <= IPEndPoint.MaxPort && IsFree(port))
            {
                return port;
            }
        }

        return busy == 9090 ? 9091 : 9090;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
