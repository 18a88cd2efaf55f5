using Microsoft.AspNetCore.Http;

namespace Interchange.ServiceDefaults.Problems;

/// <summary>
/// The service's <see cref="IProblemDetailsWriter"/>, ahead of the framework's: status code pages and any framework part
/// that writes problem details answer in the product's shape, whatever the Accept header, and with the product's
/// wording only (the framework's title, detail and extensions may carry exception text).
/// </summary>
internal sealed class FailureProblemDetailsWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        return new ValueTask(FailureResponse.WriteAsync(context.HttpContext, status < 400 ? StatusCodes.Status500InternalServerError : status));
    }
}
