using System.Net;
using System.Net.Sockets;

namespace Interchange.Audit.Tests.Postgres;

/// <summary>
/// A loopback TCP relay in front of the test server: <see cref="Stop"/> drops every connection and refuses new ones,
/// as a stopped or unreachable server would; <see cref="Start"/> listens again on the same port.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly DnsEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpProxy(string host, int port)
    {
        _target = new DnsEndPoint(host, port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = Task.Run(() => AcceptAsync(listener));
    }

    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                // A reset, not a polite close: the client sees the connection die mid-conversation.
                connection.Client?.LingerState = new LingerOption(true, 0);
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _accepting;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target.Host, _target.Port);
            lock (_gate)
            {
                _connections.Add(client);
                _connections.Add(server);
            }

            var clientStream = client.GetStream();
            var serverStream = server.GetStream();
            await Task.WhenAny(clientStream.CopyToAsync(serverStream), serverStream.CopyToAsync(clientStream));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The relay ends when either side goes; Stop() ends them all.
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(client);
                _connections.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
