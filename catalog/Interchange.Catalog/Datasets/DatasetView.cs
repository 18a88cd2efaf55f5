using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
using Interchange.Policies.Model;

namespace Interchange.Catalog.Datasets;

/// <summary>A catalogue dataset as agencies see it: its registration joined with the list entry that governs it.</summary>
public sealed record DatasetView(Dataset Dataset, ListEntry? Entry, Agency? Provider);
