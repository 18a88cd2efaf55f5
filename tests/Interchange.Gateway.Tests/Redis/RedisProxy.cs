using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Interchange.Gateway.Tests.Redis;

/// <summary>
/// A TCP relay in front of the test Redis that a test can take down (every connection cut, new ones refused) or
/// stall (bytes held, as a paused or overloaded Redis would), without touching the server other tests share.
/// </summary>
public sealed class RedisProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConfigurationOptions _upstream;
    private readonly EndPoint _target;
    private TaskCompletionSource _flowing = NewGate(open: true);
    private volatile bool _down;
    private Task? _accepting;

    /// <param name="upstream">The real server's StackExchange.Redis configuration.</param>
    public RedisProxy(string upstream)
    {
        _upstream = ConfigurationOptions.Parse(upstream);
        _target = _upstream.EndPoints[0];
    }

    /// <summary>The configuration string that reaches Redis through this relay (with the real server's other options).</summary>
    public string Configuration
    {
        get
        {
            var options = _upstream.Clone();
            options.EndPoints.Clear();
            options.EndPoints.Add(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
            return options.ToString(includePassword: true);
        }
    }

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Redis is down: every connection is cut and new ones are closed at once.</summary>
    public void Down()
    {
        _down = true;
        CloseAll();
        _flowing.TrySetResult();
    }

    /// <summary>Redis hangs: connections stay open, nothing passes either way.</summary>
    public void Stall()
    {
        _down = false;
        if (_flowing.Task.IsCompleted)
        {
            _flowing = NewGate(open: false);
        }
    }

    /// <summary>Redis is back.</summary>
    public void Up()
    {
        _down = false;
        _flowing.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Down();
        if (_accepting is not null)
        {
            await _accepting;
        }

        _stopping.Dispose();
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_down)
            {
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(server);
        }

        try
        {
            if (_target is DnsEndPoint named)
            {
                await server.ConnectAsync(named.Host, named.Port, _stopping.Token);
            }
            else
            {
                await server.ConnectAsync((IPEndPoint)_target, _stopping.Token);
            }

            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut on purpose, or the far side closed.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
            lock (_connections)
            {
                _connections.Remove(client);
                _connections.Remove(server);
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stopping.Token);
                if (read == 0)
                {
                    return;
                }

                // A stall holds what was read until the relay flows again (or is taken down).
                await _flowing.Task;
                if (_down)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection was cut.
        }
    }

    private void CloseAll()
    {
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }
}
