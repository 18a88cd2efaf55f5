using Interchange.Core.Http;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.AspNetCore.Http;
using Serilog.Context;
using Serilog.Core;
using Serilog.Events;

namespace Interchange.ServiceDefaults.Telemetry;

/// <summary>
/// Puts the request's id, agency and dataset on every log event written while the request runs: one enricher per
/// request on Serilog's log context, read when an event is written. After the request it answers from a snapshot,
/// so work that outlives the request never reads a recycled <see cref="HttpContext"/>.
/// </summary>
internal sealed class RequestLogContext(IEnumerable<IRequestLogEnricher> enrichers)
{
    private readonly IRequestLogEnricher[] _enrichers = [.. enrichers];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var enricher = new RequestEnricher(context, this);
        using (LogContext.Push(enricher))
        {
            try
            {
                await next(context);
            }
            finally
            {
                enricher.End();
            }
        }
    }

    private RequestLogProperties Collect(HttpContext context)
    {
        var properties = new RequestLogProperties
        {
            RequestId = RequestIdHeader(context) ?? context.TraceIdentifier,
            Agency = context.Features.Get<AgencyPrincipal>()?.AgencyId,
        };
        foreach (var enricher in _enrichers)
        {
            enricher.Collect(context, properties);
        }

        return properties;
    }

    /// <summary>The front door's request id, which identity and catalogue receive on every call through the gateway.</summary>
    private static string? RequestIdHeader(HttpContext context)
    {
        var id = context.Request.Headers[InterchangeHeaders.RequestId].ToString();
        return id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit) ? id : null;
    }

    private sealed class RequestEnricher(HttpContext context, RequestLogContext owner) : ILogEventEnricher
    {
        private volatile HttpContext? _context = context;
        private volatile RequestLogProperties? _final;

        public void End()
        {
            if (_context is { } live)
            {
                _final = owner.Collect(live);
                _context = null;
            }
        }

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            var live = _context;
            RequestLogProperties? properties;
            try
            {
                properties = live is null ? _final : owner.Collect(live);
            }
            catch (ObjectDisposedException)
            {
                properties = _final;
            }

            if (properties is null)
            {
                return;
            }

            // ASP.NET Core's own RequestId (the connection's trace identifier) gives way to the interchange's.
            if (properties.RequestId is not null)
            {
                logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty(RequestLogProperties.RequestIdName, properties.RequestId));
            }

            if (properties.Agency is not null)
            {
                logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(RequestLogProperties.AgencyName, properties.Agency));
            }

            if (properties.Dataset is not null)
            {
                logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(RequestLogProperties.DatasetName, properties.Dataset));
            }
        }
    }
}
