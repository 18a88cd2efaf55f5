using Interchange.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Interchange.ServiceDefaults.Problems;

/// <summary>The request id a service answers under, for refusals written outside its own handlers.</summary>
public static class InterchangeRequestIds
{
    /// <summary>Where the front door (the gateway) keeps the id it gave the request.</summary>
    public const string ItemKey = "interchange.request-id";

    /// <summary>
    /// The front door's own id; behind it (catalogue, identity), the id the gateway sent, which replaced any the client
    /// chose; otherwise a new one, kept for the rest of the request.
    /// </summary>
    /// <param name="assignedHere">Whether this service assigned the id (and so must put it on its answer).</param>
    public static string Of(HttpContext context, out bool assignedHere)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[ItemKey] is string own)
        {
            assignedHere = true;
            return own;
        }

        var sent = context.Request.Headers[InterchangeHeaders.RequestId].ToString();
        if (sent.Length is > 0 and <= 64 && sent.All(char.IsAsciiLetterOrDigit))
        {
            assignedHere = false;
            return sent;
        }

        var id = Guid.CreateVersion7().ToString("N");
        context.Items[ItemKey] = id;
        assignedHere = true;
        return id;
    }
}
