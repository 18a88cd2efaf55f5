using GraphQL;

namespace Interchange.Catalog.Records;

/// <summary>The data plane's refusal, carried into GraphQL with its problem type, rule and request id.</summary>
public sealed class GatewayRefusal(string message, string code, string? problem, string? rule, string? requestId) : ExecutionError(message)
{
    public string? Problem { get; } = problem;

    public string? Rule { get; } = rule;

    public string? GatewayRequestId { get; } = requestId;

    public string ErrorCode { get; } = code;
}
