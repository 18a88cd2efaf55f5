using GraphQL.Types;

namespace Interchange.Catalog.Schema;

/// <summary>A Relay connection: <c>edges { cursor node }</c>, <c>nodes</c>, <c>pageInfo</c>, <c>totalCount</c>.</summary>
public class ConnectionGraphType<TNode, TNodeGraphType, TEdgeGraphType> : ObjectGraphType<Page<TNode>>
    where TNodeGraphType : IGraphType
    where TEdgeGraphType : EdgeGraphType<TNode, TNodeGraphType>
{
    public ConnectionGraphType(string nodeName)
    {
        Name = nodeName + "Connection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TEdgeGraphType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeGraphType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => c.Source);
        Field<NonNullGraphType<LongGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public class EdgeGraphType<TNode, TNodeGraphType> : ObjectGraphType<Edge<TNode>>
    where TNodeGraphType : IGraphType
{
    public EdgeGraphType(string nodeName)
    {
        Name = nodeName + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeGraphType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class PageInfoGraphType : ObjectGraphType<IPage>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
        Field<StringGraphType>("endCursor").Resolve(c => c.Source.EndCursor);
    }
}
