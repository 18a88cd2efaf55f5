using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interchange.Gateway.Tests.Support;

/// <summary>
/// A departmental source the tests control: it remembers every request it got (target and headers) and
/// misbehaves on demand, by path prefix: <c>/echo</c>, <c>/cookies</c>, <c>/redirect</c>, <c>/hang</c>,
/// <c>/text</c>, <c>/broken</c>, <c>/truncated</c>, <c>/errors</c>, <c>/limited</c>, <c>/slow</c>, <c>/paged</c>.
/// </summary>
public sealed class ControllableSource : IAsyncDisposable
{
    public const string EchoCanary = "CANARY-ECHO-REMARK-0001";
    public const string UndeclaredCanary = "CANARY-ECHO-UNDECLARED-0002";
    public const string CookieCanary = "CANARY-COOKIE-0003";
    public const string LocationCanary = "CANARY-LOCATION-0004";
    public const string TextCanary = "CANARY-TEXT-0005";
    public const string BrokenCanary = "CANARY-BROKEN-0006";
    public const string TruncatedCanary = "CANARY-TRUNCATED-0007";
    public const string ErrorCanary = "CANARY-ERROR-BODY-0008";
    public const string ServerBanner = "Internal-Source/1.0";

    private readonly ConcurrentQueue<SourceRequest> _requests = new();
    private WebApplication? _app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request that reached the source, oldest first.</summary>
    public IReadOnlyList<SourceRequest> Requests => [.. _requests];

    public int CountFor(string prefix) => _requests.Count(r => r.Path.StartsWith(prefix, StringComparison.Ordinal));

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0", "--environment=Development"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
            _requests.Enqueue(new SourceRequest(
                context.Request.Method,
                raw,
                context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(context);
        });

        app.Map("/echo/{**rest}", (HttpContext context) => JsonAsync(context, Page(1)));
        app.Map("/limited/{**rest}", (HttpContext context) => JsonAsync(context, Page(1)));
        // records?limit=n: a page of n records (2 without a limit); records/{key}: one record; oversized: 4 records,
        // whatever was asked (a source that ignores the limit); empty: 204 without a body.
        app.Map("/paged/{**rest}", (HttpContext context) =>
        {
            var rest = context.Request.RouteValues["rest"] as string ?? "";
            if (rest.StartsWith("records/", StringComparison.Ordinal))
            {
                return JsonAsync(context, Record(0));
            }

            if (rest == "empty")
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            }

            var count = rest == "oversized" ? 4 : int.TryParse(context.Request.Query["limit"], out var limit) ? limit : 2;
            return JsonAsync(context, Page(count));
        });
        app.Map("/cookies/{**rest}", (HttpContext context) =>
        {
            context.Response.Headers.SetCookie = $"session={CookieCanary}; Path=/; HttpOnly";
            context.Response.Headers.Server = ServerBanner;
            context.Response.Headers["X-Powered-By"] = "PHP/5.4.0";
            context.Response.Headers.Location = $"http://10.0.0.5/internal/{LocationCanary}";
            return JsonAsync(context, Page(1));
        });
        app.Map("/redirect/{**rest}", (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"http://10.0.0.5/internal/{LocationCanary}";
            return Task.CompletedTask;
        });
        app.Map("/hang/{**rest}", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The gateway gave up, as it should.
            }
        });
        app.Map("/slow/{**rest}", async (HttpContext context) =>
        {
            // Half a page, then a long pause: long enough for an agency to give up waiting.
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"records":[{"name":"Slow Person","id_number":"440300199001010000"},""");
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                await context.Response.WriteAsync("""{"name":"Late Person","id_number":"440300199001010001"}]}""");
            }
            catch (OperationCanceledException)
            {
                // The gateway stopped reading, as it should once the agency left.
            }
        });
        app.Map("/text/{**rest}", (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"raw dump of the register: {TextCanary}");
        });
        app.Map("/broken/{**rest}", async (HttpContext context) =>
        {
            // Enough valid records that the gateway has already streamed part of its answer, then garbage.
            context.Response.ContentType = "application/json";
            var body = new StringBuilder("{\"records\":[");
            for (var i = 0; i < 400; i++)
            {
                body.Append($$"""{"name":"Person {{i}}","id_number":"44030019900101{{i:D4}}","internal_remarks":"{{BrokenCanary}}"},""");
            }

            body.Append($$"""{"name":"Last","internal_remarks":"{{BrokenCanary}}" ]]] not json {{BrokenCanary}}""");
            await context.Response.WriteAsync(body.ToString());
        });
        app.Map("/truncated/{**rest}", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"records":[{"name":"First","internal_remarks":"{{TruncatedCanary}}"},{"name":"Sec""");
        });
        app.Map("/errors/{**rest}", async (HttpContext context) =>
        {
            var path = context.Request.Path.Value ?? "";
            context.Response.StatusCode = path.Contains("missing", StringComparison.Ordinal) ? 404
                : path.Contains("teapot", StringComparison.Ordinal) ? 418
                : 500;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"error":"{{ErrorCanary}}","stack":"at Department.Db.Query() {{ErrorCanary}}"}""");
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.TrimEnd('/') + "/");
        _app = app;
    }

    /// <summary>A page of the shape the demo sources serve, with a restricted and an undeclared field holding canaries.</summary>
    private static string Page(int count)
    {
        var records = Enumerable.Range(0, count).Select(Record);
        return $$"""{"records":[{{string.Join(',', records)}}],"total":{{count}},"limit":20,"offset":0}""";
    }

    private static string Record(int i) =>
        $$"""{"name":"Echo Person {{i}}","id_number":"44030019900101{{i:D4}}","internal_remarks":"{{EchoCanary}}","undeclared":"{{UndeclaredCanary}}"}""";

    private static Task JsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>What a source received: the method, the request target as sent, the decoded path and the headers.</summary>
public sealed record SourceRequest(string Method, string RawTarget, string Path, IReadOnlyDictionary<string, string> Headers);
