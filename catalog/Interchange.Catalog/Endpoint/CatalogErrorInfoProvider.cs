using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using Interchange.Catalog.Schema;

namespace Interchange.Catalog.Endpoint;

/// <summary>
/// Errors carry a message and a code, never a stack trace, SQL or a .NET type name; where introspection is off they
/// do not suggest names either ("Did you mean …" would hand out the schema one guess at a time).
/// </summary>
public sealed class CatalogErrorInfoProvider(bool suggestNames) : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeExceptionDetails = false, ExposeCodes = true, ExposeData = false })
{
    private const string Suggestion = " Did you mean ";

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = GetInfoWithSuggestions(executionError);
        if (!suggestNames && executionError is ValidationError && info.Message.IndexOf(Suggestion, StringComparison.Ordinal) is >= 0 and var cut)
        {
            info = new ErrorInfo { Message = info.Message[..cut], Extensions = info.Extensions };
        }

        return info;
    }

    private ErrorInfo GetInfoWithSuggestions(ExecutionError executionError)
    {
        if (executionError is UnhandledError)
        {
            return new ErrorInfo
            {
                Message = "The operation failed inside the catalogue; it has been logged.",
                Extensions = new Dictionary<string, object?> { ["code"] = ErrorCodes.Internal },
            };
        }

        if (executionError is Records.GatewayRefusal refusal)
        {
            executionError.Code = refusal.ErrorCode;
        }

        var info = base.GetInfo(executionError);
        if (executionError is Records.GatewayRefusal gateway && info.Extensions is not null)
        {
            info.Extensions["problem"] = gateway.Problem;
            info.Extensions["rule"] = gateway.Rule;
            info.Extensions["requestId"] = gateway.GatewayRequestId;
        }

        if (info.Extensions is not null)
        {
            // The default provider lists exception type names under "codes"; keep only the one code.
            info.Extensions.Remove("codes");
        }

        return info;
    }
}
