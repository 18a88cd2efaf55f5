using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Discovery;

namespace Interchange.Identity.Discovery;

/// <summary>
/// The discovery document names its endpoints under the configured issuer, the public front door, never under the host
/// the request claimed: OpenIddict builds them from the request's own URL, which a caller chooses with its <c>Host</c>
/// header (and the gateway forwards the original host). Runs before OpenIddict's own handler, which keeps what is set.
/// </summary>
public sealed class IssuerEndpointsHandler : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<IssuerEndpointsHandler>()
            .SetOrder(AttachEndpoints.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issuer = context.Options.Issuer
            ?? throw new InvalidOperationException("Identity:Issuer is required: discovery names its endpoints under it.");
        context.Issuer = issuer;
        context.AuthorizationEndpoint ??= Under(issuer, context.Options.AuthorizationEndpointUris);
        context.DeviceAuthorizationEndpoint ??= Under(issuer, context.Options.DeviceAuthorizationEndpointUris);
        context.EndSessionEndpoint ??= Under(issuer, context.Options.EndSessionEndpointUris);
        context.IntrospectionEndpoint ??= Under(issuer, context.Options.IntrospectionEndpointUris);
        context.JsonWebKeySetEndpoint ??= Under(issuer, context.Options.JsonWebKeySetEndpointUris);
        context.RevocationEndpoint ??= Under(issuer, context.Options.RevocationEndpointUris);
        context.TokenEndpoint ??= Under(issuer, context.Options.TokenEndpointUris);
        context.UserInfoEndpoint ??= Under(issuer, context.Options.UserInfoEndpointUris);
        return ValueTask.CompletedTask;
    }

    /// <summary>The first URI of an endpoint (discovery names one), relative ones taken under the issuer.</summary>
    private static Uri? Under(Uri issuer, List<Uri> uris)
    {
        if (uris.Count == 0)
        {
            return null;
        }

        var uri = uris[0];
        if (uri.IsAbsoluteUri)
        {
            return uri;
        }

        var root = issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/");
        return new Uri(root, uri.OriginalString.TrimStart('/'));
    }
}
