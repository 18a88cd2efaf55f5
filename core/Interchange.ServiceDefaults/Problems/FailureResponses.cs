using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interchange.ServiceDefaults.Problems;

/// <summary>
/// No stack trace in any environment: exceptions, the framework's bodiless 4xx/5xx and the developer exception page
/// all answer through <see cref="FailureResponse"/>. Kestrel's own refusals before any middleware runs (a malformed
/// request line, 414, 431, the request-headers timeout) carry an empty body and need nothing here.
/// </summary>
public static class FailureResponses
{
    /// <summary>The framework parts (problem details, exception handler), writing in the product's shape.</summary>
    public static IServiceCollection AddInterchangeProblems(this IServiceCollection services)
    {
        // Registered before AddProblemDetails: the service tries writers in registration order.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, FailureProblemDetailsWriter>());
        services.AddProblemDetails();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeveloperPageExceptionFilter, DeveloperPageProblemFilter>());
        return services;
    }

    /// <summary>The first middleware of every service, so that it sees every exception and every empty failure.</summary>
    public static WebApplication UseInterchangeProblems(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
