using Sim.Config;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// What an operator's shape inference reads of a node: the node (its attributes), its inputs' inferred types
/// and shapes, and the graph's constant values (a Reshape's target shape must be one); with the checks the
/// operators share. Every failure is an <see cref="InputError"/> naming the node.
/// </summary>
internal sealed class NodeShapes(GraphNode node, IReadOnlyDictionary<string, ValueShape> shapes, IReadOnlyDictionary<string, GraphValue> constants)
{
    public GraphNode Node { get; } = node;

    public IReadOnlyDictionary<string, GraphValue> Constants { get; } = constants;

    /// <summary>Input <paramref name="i"/>'s type and shape; the node must have that input.</summary>
    public ValueShape Input(int i) => Node.Input(i) is { } name ? shapes[name] : throw Error($"input {i} is required");

    /// <summary>Input <paramref name="i"/>'s type and shape, or null where the node omits it.</summary>
    public ValueShape? Optional(int i) => Node.Input(i) is { } name ? shapes[name] : null;

    /// <summary><paramref name="v"/>, which must be of <paramref name="type"/>; <paramref name="what"/> names it in the error.</summary>
    public ValueShape Expect(ValueShape v, GraphElementType type, string what) =>
        v.Type == type ? v : throw Error($"{what} is {v}; expected {GraphValue.Name(type)}");

    /// <summary><paramref name="v"/>, which must be int8 or uint8.</summary>
    public ValueShape Quantised(ValueShape v, string what) =>
        v.Type is GraphElementType.Int8 or GraphElementType.UInt8 ? v : throw Error($"{what} is {v}; expected int8 or uint8");

    /// <summary>Input 0's type and shape as an element-wise operator's output: any type the vector unit computes in, so not int64.</summary>
    public ValueShape Elementwise()
    {
        var x = Input(0);
        if (x.Type == GraphElementType.Int64) throw Error("int64 inputs are not supported");
        return x;
    }

    public InputError Error(string message) => Error(Node, message);

    public static InputError Error(GraphNode node, string message) => new($"node '{node.Describe}': {message}");

    /// <summary>A (possibly negative) axis attribute in [0, rank) (or [0, rank] where <paramref name="allowRank"/>: Flatten).</summary>
    public static int Axis(GraphNode node, long axis, int rank, bool required, bool allowRank = false)
    {
        if (axis == long.MinValue)
        {
            if (required) throw Error(node, "attribute axis is required");
            axis = 0;
        }
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a > rank || (a == rank && !allowRank))
            throw Error(node, $"axis {axis} is out of range for rank {rank}");
        return (int)a;
    }
}
