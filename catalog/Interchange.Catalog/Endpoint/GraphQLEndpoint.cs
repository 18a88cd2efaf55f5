using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using Interchange.Catalog.Schema;
using Microsoft.Extensions.Options;

namespace Interchange.Catalog.Endpoint;

/// <summary>GraphQL over HTTP (<c>POST /graphql</c>, <c>application/graphql-response+json</c>).</summary>
public static partial class GraphQLEndpoint
{
    public const string ResponseContentType = "application/graphql-response+json; charset=utf-8";

    public static IEndpointRouteBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/graphql", ExecuteAsync).DisableAntiforgery();
        app.MapMethods("/graphql", ["GET", "PUT", "DELETE", "PATCH"], (HttpContext context) =>
        {
            context.Response.Headers.Allow = "POST";
            return WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, ErrorCodes.BadRequest, "Send GraphQL operations with POST.");
        });
        return app;
    }

    private static async Task ExecuteAsync(
        HttpContext context,
        IDocumentExecuter<CatalogSchema> executer,
        IGraphQLTextSerializer serializer,
        IOptions<CatalogOptions> options,
        ILogger<CatalogSchema> logger)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "A valid agency access token is required (Authorization: Bearer).");
            return;
        }

        if (!context.User.HasClaim(Core.Agencies.AgencyClaims.Scope, Core.Agencies.InterchangeScopes.Catalog))
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "The token lacks the 'catalog' scope.");
            return;
        }

        if (context.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.BadRequest, "Send the operation as application/json.");
            return;
        }

        GraphQLRequest? request;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Batched operations are not supported; send one operation per request.");
                return;
            }

            request = serializer.Deserialize<GraphQLRequest>(document.RootElement.GetRawText());
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, $"The request body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).");
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or FormatException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request body is not a GraphQL request (query, variables, operationName).");
            return;
        }

        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request has no 'query'.");
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Variables = request.Variables,
            OperationName = request.OperationName,
            User = context.User,
            UserContext = new CatalogUserContext
            {
                RequestId = RequestIdOf(context),
                BearerToken = BearerTokenOf(context),
            },
            RequestServices = context.RequestServices,
            CancellationToken = context.RequestAborted,
            Timeout = options.Value.ExecutionTimeout,
        });

        foreach (var error in result.Errors ?? [])
        {
            if (error is UnhandledError unhandled)
            {
                LogUnhandled(logger, unhandled.InnerException ?? unhandled);
            }
        }

        context.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        context.Response.ContentType = ResponseContentType;
        context.Response.Headers.CacheControl = "no-store";
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }

    /// <summary>The gateway's request id when called through it (it replaces any the client sent), else a new one.</summary>
    private static string RequestIdOf(HttpContext context)
    {
        var id = context.Request.Headers[Core.Http.InterchangeHeaders.RequestId].ToString();
        return id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit) ? id : Guid.CreateVersion7().ToString("N");
    }

    private static string? BearerTokenOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ResponseContentType;
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteStartObject("extensions");
        writer.WriteString("code", code);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A GraphQL resolver failed")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
