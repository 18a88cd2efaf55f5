using YamlDotNet.Core;

namespace Interchange.Policies.Loading;

/// <summary>A 1-based line and column in a list file, kept with parsed values so later checks can point at them.</summary>
internal readonly record struct Position(int Line, int Column)
{
    public static Position Of(Mark mark) => new((int)mark.Line, (int)mark.Column);
}
