using Interchange.Core.Datasets;

namespace Interchange.Catalog.Datasets;

/// <summary>What <c>datasets(filter:)</c> narrows by; every condition given must hold.</summary>
public sealed record DatasetFilter(string? Text, string? Region, string? Provider, SharingType? SharingType, Classification? Classification);
