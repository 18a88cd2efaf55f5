using Interchange.Policies.Loading;
using Microsoft.Extensions.Logging;

namespace Interchange.Policies;

/// <summary>Log messages of <see cref="PolicyStore"/>; problems name files and positions, never field values.</summary>
internal static partial class PolicyStoreLog
{
    [LoggerMessage(1, LogLevel.Information, "Loaded {ListCount} responsibility lists with {EntryCount} entries from {Directory}")]
    public static partial void Loaded(ILogger logger, int listCount, int entryCount, string directory);

    [LoggerMessage(2, LogLevel.Warning, "Responsibility list problem, previous lists stay in force: {Problem}")]
    public static partial void Problem(ILogger logger, PolicyProblem problem);

    [LoggerMessage(3, LogLevel.Error, "A handler of PolicyStore.Changed failed")]
    public static partial void ChangedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Reloading the responsibility lists failed")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);
}
