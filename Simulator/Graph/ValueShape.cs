namespace Sim.Graph;

/// <summary>A value's element type and shape, as inferred before the graph runs.</summary>
internal sealed record ValueShape(GraphElementType Type, int[] Shape)
{
    public override string ToString() => $"{GraphValue.Name(Type)}[{string.Join(",", Shape)}]";
}
