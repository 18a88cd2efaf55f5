using Yarp.ReverseProxy.Configuration;

// Baseline Y of docs/performance.md: bare YARP, one catch-all route to the source, logging at Warning, nothing else.
// Usage: dotnet run -c Release -- --urls http://127.0.0.1:9002 --destination http://127.0.0.1:9001/
// Like the Interchange services: configuration is read once, no inotify watch over the working folder.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var destination = builder.Configuration["destination"] ?? throw new InvalidOperationException("Pass --destination <source base URL>.");
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "source", Match = new RouteMatch { Path = "/{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "source", Destinations = new Dictionary<string, DestinationConfig> { ["d"] = new() { Address = destination } } }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
