using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Interchange.ServiceDefaults.Problems;

/// <summary>
/// Development adds the developer exception page around every pipeline. An exception that got past
/// <see cref="UnhandledExceptionHandler"/> (one thrown while it answered) gets a 500 problem here instead of the page,
/// which would show callers the stack trace; the page has already logged the exception.
/// </summary>
internal sealed class DeveloperPageProblemFilter : IDeveloperPageExceptionFilter
{
    public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(errorContext);
        return FailureResponse.WriteAsync(errorContext.HttpContext, StatusCodes.Status500InternalServerError);
    }
}
