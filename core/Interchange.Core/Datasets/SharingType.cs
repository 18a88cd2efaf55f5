namespace Interchange.Core.Datasets;

/// <summary>How a responsibility list shares a data resource.</summary>
public enum SharingType
{
    /// <summary>无条件共享: any listed consumer, any listed purpose.</summary>
    Unconditional,

    /// <summary>有条件共享: only with an approved grant.</summary>
    Conditional,

    /// <summary>不予共享: never; a legal basis is stated.</summary>
    NotShared,
}
