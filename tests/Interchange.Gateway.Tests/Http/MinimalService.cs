using System.Net;
using Interchange.ServiceDefaults.Hosting;
using Interchange.ServiceDefaults.Problems;
using Interchange.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interchange.Gateway.Tests.Http;

/// <summary>
/// A service made of nothing but the shared hosting defaults every Interchange service starts with (the builder, logging,
/// Kestrel limits, failure responses) on real Kestrel, with endpoints a test chooses: the defaults tested alone.
/// </summary>
public sealed class MinimalService : IAsyncDisposable
{
    private readonly StringWriter _log = new();
    private readonly TextWriter _writer;
    private WebApplication _app = null!;

    private MinimalService() => _writer = TextWriter.Synchronized(_log);

    public Uri Url { get; private set; } = null!;

    /// <summary>Everything the service logged, as an operator's log collector would get it.</summary>
    public string Log
    {
        get
        {
            // The synchronised writer locks on itself.
            lock (_writer)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="before">Middleware put ahead of the failure responses, where a service should have none.</param>
    public static async Task<MinimalService> StartAsync(string environment, Action<WebApplication> map,
        Dictionary<string, string?>? settings = null, long maxRequestBodySize = 64 * 1024, Action<WebApplication>? before = null)
    {
        var service = new MinimalService();
        var builder = InterchangeWebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", $"--environment={environment}"]);
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton(new LogOutput(service._writer));
        builder.AddInterchangeLogging("minimal").AddInterchangeKestrel(maxRequestBodySize);
        service._app = builder.Build();
        before?.Invoke(service._app);
        service._app.UseInterchangeProblems();
        map(service._app);
        await service._app.StartAsync();
        var address = service._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return service;
    }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Url.Port);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        await _log.DisposeAsync();
    }
}
