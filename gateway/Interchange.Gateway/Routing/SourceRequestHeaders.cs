using Interchange.Core.Http;
using Interchange.Gateway.DataPlane;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Interchange.Gateway.Routing;

/// <summary>
/// What a departmental source is told: an allowlist of the agency's headers that a source needs to answer
/// (content negotiation, the body's type and length, conditional reads), then the gateway's own assertion of
/// who asks. Nothing else the agency sent is copied: not its token or cookies, not routing hints a source's
/// framework may honour (<c>X-Original-URL</c>, <c>X-Real-IP</c>, forwarding headers), not look-alikes of our
/// own headers. Not the trace context either: the forwarder's propagator writes the gateway's own span.
/// <c>Accept-Encoding</c> is left out because the gateway masks the body and needs it uncompressed.
/// </summary>
internal static class SourceRequestHeaders
{
    // Looked up by name rather than by walking the agency's headers: a handful of lookups in Kestrel's
    // known-header table, whatever and however many headers the agency sent.
    private static readonly string[] Forwarded =
        [HeaderNames.Accept, HeaderNames.AcceptLanguage, HeaderNames.IfNoneMatch, HeaderNames.IfModifiedSince];

    /// <summary>Request transform of data routes, which copy no headers by themselves (<c>CopyRequestHeaders = false</c>).</summary>
    public static ValueTask ApplyAsync(RequestTransformContext transform)
    {
        var agency = transform.HttpContext.Request.Headers;
        var proxy = transform.ProxyRequest;
        foreach (var name in Forwarded)
        {
            Copy(agency, name, proxy.Headers);
        }

        // A body's headers go with the body; without one there is nothing for them to describe.
        if (proxy.Content is { } content)
        {
            Copy(agency, HeaderNames.ContentType, content.Headers);

            // With Transfer-Encoding the length is not the agency's to state (RFC 9112 6.3); the body goes chunked.
            if (!agency.ContainsKey(HeaderNames.TransferEncoding))
            {
                Copy(agency, HeaderNames.ContentLength, content.Headers);
            }
        }

        if (transform.HttpContext.Features.Get<DataRequest>() is { } request)
        {
            OutgoingHeader.Add(proxy.Headers, InterchangeHeaders.Agency, request.Agency.AgencyId);
            OutgoingHeader.Add(proxy.Headers, InterchangeHeaders.Purpose, request.Purpose);
            OutgoingHeader.Add(proxy.Headers, InterchangeHeaders.RequestId, request.RequestId);
            if (request.Case is not null)
            {
                OutgoingHeader.Add(proxy.Headers, InterchangeHeaders.Case, request.Case);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static void Copy(IHeaderDictionary agency, string name, System.Net.Http.Headers.HttpHeaders to)
    {
        if (!agency.TryGetValue(name, out var values))
        {
            return;
        }

        if (values.Count == 1)
        {
            OutgoingHeader.TryCopy(to, name, values.ToString());
            return;
        }

        foreach (var value in values)
        {
            OutgoingHeader.TryCopy(to, name, value);
        }
    }
}
