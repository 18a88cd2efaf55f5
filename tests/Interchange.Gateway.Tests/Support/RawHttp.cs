using System.Net.Sockets;
using System.Text;

namespace Interchange.Gateway.Tests.Support;

/// <summary>
/// HTTP/1.1 over a plain socket, for request targets and sizes that <see cref="HttpClient"/> would normalise
/// or refuse to send (encoded dot segments, backslashes, oversized headers).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, string requestTarget, IEnumerable<(string Name, string Value)> headers,
        string method = "GET", byte[]? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(requestTarget).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(server.Authority).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            if (body is not null)
            {
                await stream.WriteAsync(body);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything; the answer is still there to read.
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer was sent.
        }

        return RawResponse.Parse(Encoding.UTF8.GetString(received.ToArray()));
    }
}

public sealed record RawResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body, string Raw)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static RawResponse Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ');
        var status = statusParts.Length > 1 && int.TryParse(statusParts[1], out var s) ? s : 0;
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .Select(p => (p[0].Trim(), p[1].Trim()))
            .ToList();
        return new RawResponse(status, headers, body, raw);
    }
}
