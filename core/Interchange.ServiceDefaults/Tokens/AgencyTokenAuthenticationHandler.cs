using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>ASP.NET Core authentication over <see cref="AgencyTokenValidator"/>; tokens only from the Authorization header.</summary>
public sealed class AgencyTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AgencyTokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AgencyToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers[HeaderNames.Authorization];
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        var check = await validator.ValidateHeaderAsync(header, Context.RequestAborted);
        if (!check.Succeeded)
        {
            return AuthenticateResult.Fail(check.Failure!);
        }

        Context.Features.Set(check.Principal);
        return AuthenticateResult.Success(new AuthenticationTicket(check.Principal!.ToClaimsPrincipal(SchemeName), SchemeName));
    }
}
