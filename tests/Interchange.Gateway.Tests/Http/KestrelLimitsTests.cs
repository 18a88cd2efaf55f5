using System.Net.Sockets;
using System.Text;
using Interchange.Catalog;
using Interchange.Gateway.Tests.Support;
using Interchange.Identity;
using Interchange.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Interchange.Gateway.Tests.Http;

/// <summary>
/// docs/security.md, case 17: idle and slow connections are closed by Kestrel's timeouts and connections beyond the limit are
/// refused, with the limits of <c>Interchange:Kestrel</c> (small values here; the deadlines are generous, never timed).
/// </summary>
public sealed class KestrelLimitsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task IdleKeepAliveConnection_IsClosedByTheServerAfterTheKeepAliveTimeout()
    {
        await using var service = await StartAsync(new() { [$"{KestrelLimitsOptions.Section}:KeepAliveTimeout"] = "00:00:01" });
        using var tcp = await ConnectAsync(service);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /ping HTTP/1.1\r\nHost: {service.Url.Authority}\r\n\r\n"));
        var answer = await ReadUntilAsync(stream, "pong");
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);

        // Nothing more is sent: the server must end the connection by itself.
        Assert.True(await ClosedByServerAsync(stream), "the idle connection was still open after the deadline");
    }

    [Fact]
    public async Task ClientSendingHeadersSlowly_IsCutOffAfterTheHeadersTimeout()
    {
        await using var service = await StartAsync(new() { [$"{KestrelLimitsOptions.Section}:RequestHeadersTimeout"] = "00:00:01" });
        using var tcp = await ConnectAsync(service);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /ping HTTP/1.1\r\nHost: {service.Url.Authority}\r\n"));

        // One header byte every 200 ms keeps the connection busy, but the head never completes. The deadline is well
        // past the configured second and short of the 10 s default, so it shows the configured value is in force.
        var cutOff = false;
        var started = DateTime.UtcNow;
        while (!cutOff && DateTime.UtcNow - started < TimeSpan.FromSeconds(8))
        {
            try
            {
                await stream.WriteAsync("X"u8.ToArray());
                await Task.Delay(200);
                cutOff = tcp.Client.Poll(0, SelectMode.SelectRead);
            }
            catch (IOException)
            {
                cutOff = true;
            }
        }

        Assert.True(cutOff, "the slow client was still connected after the deadline");
        var answer = RawResponse.Parse(await ReadRestAsync(stream));
        Assert.True(answer.Status == 408, answer.Raw);
        Assert.Equal("", answer.Body);
    }

    [Fact]
    public async Task ConnectionsOverTheLimit_AreRefusedUntilOneCloses()
    {
        await using var service = await StartAsync(new() { [$"{KestrelLimitsOptions.Section}:MaxConcurrentConnections"] = "2" });
        using var first = await ConnectAsync(service);
        using var second = await ConnectAsync(service);
        Assert.Contains("pong", await PingAsync(first, service), StringComparison.Ordinal);
        Assert.Contains("pong", await PingAsync(second, service), StringComparison.Ordinal);

        using (var third = await ConnectAsync(service))
        {
            Assert.DoesNotContain("pong", await PingAsync(third, service, close: true), StringComparison.Ordinal);
        }

        first.Dispose();
        var answered = false;
        for (var started = DateTime.UtcNow; !answered && DateTime.UtcNow - started < Deadline; await Task.Delay(100))
        {
            // The server notices the closed connection asynchronously; until then the slot is still taken.
            using var again = await ConnectAsync(service);
            answered = (await PingAsync(again, service, close: true)).Contains("pong", StringComparison.Ordinal);
        }

        Assert.True(answered, "a connection was refused after one of the two had closed");
    }

    public static TheoryData<string, string> BadLimits() => new()
    {
        { "KeepAliveTimeout", "-00:00:05" },
        { "RequestHeadersTimeout", "00:00:00" },
        { "MaxConcurrentConnections", "0" },
        { "MinRequestBodyDataRate", "-1" },
        { "MaxRequestLineSize", "10" },
    };

    [Theory]
    [MemberData(nameof(BadLimits))]
    public void Gateway_LimitOutOfRangeInConfiguration_FailsAtStartNamingTheSetting(string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => GatewayApplication.Build([], Configure(setting, value)));

        Assert.Contains(KestrelLimitsOptions.Section, error.Message, StringComparison.Ordinal);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogAndIdentity_NegativeKeepAliveTimeout_FailAtStartNamingTheSetting()
    {
        var catalog = await Assert.ThrowsAsync<OptionsValidationException>(() => CatalogApplication.BuildAsync([], Configure("KeepAliveTimeout", "-00:00:05")));
        var identity = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityApplication.BuildAsync([], Configure("KeepAliveTimeout", "-00:00:05")));

        Assert.Contains("Interchange:Kestrel: The field KeepAliveTimeout", catalog.Message, StringComparison.Ordinal);
        Assert.Contains("Interchange:Kestrel: The field KeepAliveTimeout", identity.Message, StringComparison.Ordinal);
    }

    private static Action<WebApplicationBuilder> Configure(string setting, string value) => builder =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{KestrelLimitsOptions.Section}:{setting}"] = value });

    private static Task<MinimalService> StartAsync(Dictionary<string, string?> settings) =>
        MinimalService.StartAsync("Production", app => app.MapGet("/ping", () => "pong"), settings);

    private static async Task<TcpClient> ConnectAsync(MinimalService service)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(service.EndPoint);
        return tcp;
    }

    /// <summary>One request on the connection; the answer, or what came before the server closed it.</summary>
    private static async Task<string> PingAsync(TcpClient tcp, MinimalService service, bool close = false)
    {
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /ping HTTP/1.1\r\nHost: {service.Url.Authority}\r\n{(close ? "Connection: close\r\n" : "")}\r\n"));
        }
        catch (IOException)
        {
            return "";
        }

        return await ReadUntilAsync(stream, "pong");
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string end)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            while (!text.ToString().Contains(end, StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset by the server: what was read is the answer.
        }

        return text.ToString();
    }

    private static async Task<string> ReadRestAsync(NetworkStream stream)
    {
        try
        {
            return await ReadUntilAsync(stream, "\0");
        }
        catch (OperationCanceledException)
        {
            return "";
        }
    }

    /// <summary>Whether the server closed the connection (end of stream or reset) before the deadline.</summary>
    private static async Task<bool> ClosedByServerAsync(NetworkStream stream)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            return await stream.ReadAsync(new byte[1], deadline.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
