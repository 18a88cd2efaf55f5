using GraphQL;
using Interchange.Catalog.Schema;

namespace Interchange.Catalog.Access;

/// <summary>The workflow's refusals, each with the code of docs/contract.md and a sentence saying why.</summary>
internal static class Errors
{
    public static ExecutionError BadInput(string message) => new(message) { Code = ErrorCodes.BadUserInput };

    public static ExecutionError Forbidden(string message) => new(message) { Code = ErrorCodes.Forbidden };

    /// <summary>The same answer for an id that does not exist and one the caller may not see.</summary>
    public static ExecutionError NotFound(string what, string id) => new($"There is no {what} '{id}' for this agency.") { Code = ErrorCodes.NotFound };
}
