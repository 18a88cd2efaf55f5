using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Interchange.Identity.Tokens;

/// <summary>
/// An unknown client and a wrong secret get one identical answer (CONTRACT.md: 400 invalid_client),
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

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Response.Error != Errors.InvalidClient)
        {
            return default;
        }

        context.Response.ErrorDescription = Description;
        context.Response.ErrorUri = null;
        var response = context.Transaction.GetHttpRequest()?.HttpContext.Response;
        if (response is not null)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.Headers.WWWAuthenticate = default;
        }

        return default;
    }
}
