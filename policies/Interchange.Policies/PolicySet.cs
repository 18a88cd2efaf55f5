using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Interchange.Policies.Model;

namespace Interchange.Policies;

/// <summary>
/// Every responsibility list in force, as one immutable snapshot: a reload builds a new set and
/// swaps it whole, so a decision never sees half of one version and half of another.
/// </summary>
public sealed class PolicySet
{
    private readonly FrozenDictionary<string, ListEntry> _byDataset;
    private readonly ListEntry[] _entries;

    /// <exception cref="ArgumentException">Two lists name the same dataset.</exception>
    public PolicySet(IEnumerable<ResponsibilityList> lists)
    {
        Lists = lists.ToArray();
        _entries = Lists.SelectMany(l => l.Entries).ToArray();
        var byDataset = new Dictionary<string, ListEntry>(StringComparer.Ordinal);
        foreach (var entry in _entries)
        {
            if (!byDataset.TryAdd(entry.DatasetId, entry))
            {
                throw new ArgumentException($"Dataset '{entry.DatasetId}' is listed twice.", nameof(lists));
            }
        }

        _byDataset = byDataset.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static PolicySet Empty { get; } = new([]);

    public IReadOnlyList<ResponsibilityList> Lists { get; }

    /// <summary>Every entry of every list, in list and file order.</summary>
    public IEnumerable<ListEntry> Entries => _entries;

    public bool TryGetEntry(string datasetId, [NotNullWhen(true)] out ListEntry? entry) =>
        _byDataset.TryGetValue(datasetId, out entry);
}
