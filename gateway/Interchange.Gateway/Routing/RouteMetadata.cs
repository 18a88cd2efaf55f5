namespace Interchange.Gateway.Routing;

/// <summary>Keys of the metadata the gateway puts on the routes it generates.</summary>
internal static class RouteMetadata
{
    /// <summary>The catalogue dataset a data route serves.</summary>
    public const string Dataset = "interchange.dataset";

    /// <summary>The agency the catalogue says provides the dataset.</summary>
    public const string Provider = "interchange.provider";

    /// <summary>Which service a control route goes to (<c>identity</c> or <c>catalog</c>).</summary>
    public const string Service = "interchange.service";
}
