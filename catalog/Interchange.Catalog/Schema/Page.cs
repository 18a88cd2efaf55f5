namespace Interchange.Catalog.Schema;

/// <summary>What <c>pageInfo</c> tells of any page.</summary>
public interface IPage
{
    bool HasNextPage { get; }

    string? EndCursor { get; }
}

/// <summary>One page of a Relay-style connection.</summary>
public sealed class Page<T>(IReadOnlyList<T> nodes, Func<T, string> cursorOf, bool hasNextPage, long totalCount) : IPage
{
    public IReadOnlyList<T> Nodes { get; } = nodes;

    public IReadOnlyList<Edge<T>> Edges { get; } = nodes.Select(n => new Edge<T>(cursorOf(n), n)).ToList();

    public bool HasNextPage { get; } = hasNextPage;

    public string? EndCursor => Edges.Count == 0 ? null : Edges[^1].Cursor;

    public long TotalCount { get; } = totalCount;
}

public sealed record Edge<T>(string Cursor, T Node);
