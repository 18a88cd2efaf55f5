using System.CommandLine;
using System.CommandLine.Parsing;

namespace Interchange.Cli;

/// <summary>
/// <c>interchange audit export</c> and <c>interchange audit verify</c>. Exit codes: 0 verified,
/// 1 verification failed (the first bad index is printed), 2 usage or input error.
/// </summary>
internal static class Cli
{
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var result = CliCommands.Root().Parse(args);
        if (result.Errors.Count > 0)
        {
            // One line naming what is wrong instead of the library's error list followed by the whole help text.
            await error.WriteLineAsync(ParseErrorLine(result));
            return UsageError;
        }

        try
        {
            return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException or HttpRequestException or KeyNotFoundException or UriFormatException)
        {
            await error.WriteLineAsync(e.Message);
            return UsageError;
        }
    }

    private static string ParseErrorLine(ParseResult result)
    {
        var names = new List<string>();
        for (SymbolResult? symbol = result.CommandResult; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is CommandResult command)
            {
                names.Insert(0, command.Command is RootCommand ? CliCommands.Name : command.Command.Name);
            }
        }

        var path = string.Join(' ', names);
        var subcommands = result.CommandResult.Command.Subcommands;
        var hint = subcommands.Count > 0
            ? $"commands: {string.Join(", ", subcommands.Select(c => $"'{path} {c.Name}'"))}; see --help"
            : $"see '{path} --help'";
        return $"{string.Join(" ", result.Errors.Select(e => e.Message))} ({hint})";
    }
}
