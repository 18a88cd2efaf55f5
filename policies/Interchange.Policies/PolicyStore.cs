using Interchange.Policies.Loading;
using Microsoft.Extensions.Logging;

namespace Interchange.Policies;

/// <summary>
/// The responsibility lists in force, reloaded when their directory changes. A reload that finds
/// problems keeps the previous valid set, so a half-edited file never opens or closes access.
/// </summary>
public sealed class PolicyStore : IDisposable
{
    // Editors write a file in several steps (truncate, write, rename); waiting for quiet avoids loading a half-written list.
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly string _directory;
    private readonly ILogger<PolicyStore> _logger;
    private readonly Lock _reloadLock = new();
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _debounceTimer;
    private volatile PolicySet _current;
    private volatile IReadOnlyList<PolicyProblem> _lastProblems = [];
    private bool _disposed;

    /// <exception cref="InvalidDataException">The lists have problems (all listed in the message); the host must not start without policy.</exception>
    public PolicyStore(string directory, ILogger<PolicyStore> logger, TimeProvider? time = null)
    {
        _directory = Path.GetFullPath(directory);
        _logger = logger;
        var first = ResponsibilityListLoader.LoadDirectory(_directory);
        if (first.PolicySet is not { } policies)
        {
            throw new InvalidDataException(
                $"The responsibility lists in {_directory} have {first.Problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, first.Problems)}");
        }

        _current = policies;
        PolicyStoreLog.Loaded(_logger, policies.Lists.Count, policies.Entries.Count(), _directory);

        _debounceTimer = (time ?? TimeProvider.System).CreateTimer(_ => ReloadQuietly(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(_directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += OnFileEvent;
        _watcher.Created += OnFileEvent;
        _watcher.Deleted += OnFileEvent;
        _watcher.Renamed += OnFileEvent;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The set in force; read it once per decision, as it may be swapped at any time.</summary>
    public PolicySet Current => _current;

    /// <summary>Problems of the last reload; empty when it succeeded.</summary>
    public IReadOnlyList<PolicyProblem> LastProblems => _lastProblems;

    /// <summary>Raised after a reload put a new set in force.</summary>
    public event Action<PolicySet>? Changed;

    /// <summary>Loads the directory again; on problems logs each and keeps the previous set in force.</summary>
    public PolicyLoadResult Reload()
    {
        PolicyLoadResult result;
        lock (_reloadLock)
        {
            result = ResponsibilityListLoader.LoadDirectory(_directory);
            _lastProblems = result.Problems;
            if (result.PolicySet is not { } policies)
            {
                foreach (var problem in result.Problems)
                {
                    PolicyStoreLog.Problem(_logger, problem);
                }

                return result;
            }

            _current = policies;
            PolicyStoreLog.Loaded(_logger, policies.Lists.Count, policies.Entries.Count(), _directory);
        }

        // Raised outside the lock so that a handler that reads the store cannot deadlock a concurrent reload.
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<PolicySet>)handler)(result.PolicySet);
            }
            catch (Exception e)
            {
                PolicyStoreLog.ChangedHandlerFailed(_logger, e);
            }
        }

        return result;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        _debounceTimer.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (!_disposed)
        {
            _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void ReloadQuietly()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Reload();
        }
        catch (Exception e)
        {
            // A timer callback must not throw; the next file event tries again.
            PolicyStoreLog.ReloadFailed(_logger, e);
        }
    }
}
