using Interchange.Audit;
using Interchange.Core.Agencies;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Interchange.Identity.Tokens;

/// <summary>
/// An unknown client and a wrong secret get one identical answer (docs/contract.md: 400 invalid_client),
/// so a caller cannot learn which agency ids exist.
/// </summary>
public sealed class UniformInvalidClientHandler : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public const string Description = "The client credentials are invalid.";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<UniformInvalidClientHandler>()
            .SetOrder(AttachWwwAuthenticateHeader<ApplyTokenResponseContext>.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Response.Error != Errors.InvalidClient)
        {
            return;
        }

        context.Response.ErrorDescription = Description;
        context.Response.ErrorUri = null;
        var http = context.Transaction.GetHttpRequest()?.HttpContext;
        if (http is null)
        {
            return;
        }

        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.Headers.WWWAuthenticate = default;

        // Count the failure towards throttling, and put it on the audit record (never the secret).
        var claimed = context.Request?.ClientId;
        var address = http.Connection.RemoteIpAddress?.ToString();
        http.RequestServices.GetRequiredService<ClientFailureThrottle>().RecordFailure(claimed, address);
        if (http.RequestServices.GetService<IAuditLog>() is { } audit)
        {
            var client = await RecordedClientIdAsync(http.RequestServices, claimed, http.RequestAborted);
            try
            {
                await audit.AppendAsync(new AuditRecord
                {
                    Time = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                    Kind = AuditKinds.TokenRefused,
                    RequestId = http.Request.Headers[Core.Http.InterchangeHeaders.RequestId].FirstOrDefault() is { Length: > 0 and <= 64 } id ? id : Guid.CreateVersion7().ToString("N"),
                    Agency = "anonymous",
                    Decision = AuditDecision.Denied,
                    Status = StatusCodes.Status400BadRequest,
                    Detail = $"invalid client credentials for claimed client id '{client}' from {address}",
                }, http.RequestAborted);
            }
            catch (AuditUnavailableException)
            {
                // The refusal stands either way; an unrecordable failure must not turn into a different answer.
            }
        }
    }

    /// <summary>A registered client's id as it is; anything else only as its keyed hash, since it may be a mistyped secret.</summary>
    private static async ValueTask<string> RecordedClientIdAsync(IServiceProvider services, string? claimed, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(claimed))
        {
            return "";
        }

        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        return AgencyIds.IsValid(claimed) && await applications.FindByClientIdAsync(claimed, cancellationToken) is not null
            ? claimed
            : services.GetRequiredService<UnknownClientIds>().Describe(claimed);
    }
}
