namespace Interchange.Core.Datasets;

/// <summary>Data Security Law classification (GB/T 43697-2024).</summary>
public enum Classification
{
    General,

    /// <summary>Important data: every call needs a case reference.</summary>
    Important,

    /// <summary>Core data: never shared through the interchange.</summary>
    Core,
}
