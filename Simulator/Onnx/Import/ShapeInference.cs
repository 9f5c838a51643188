using Sim.Config;
using Sim.Graph;
using Sim.Operators;

namespace Sim.Onnx.Import;

/// <summary>
/// Infers the element type and shape of every value of a topologically ordered graph from its inputs'
/// and initializers', node by node, each by its operator (<see cref="IOnnxOperator.InferShape"/>), which checks
/// the node's inputs (ranks, matching dimensions, types); every problem is an <see cref="InputError"/> naming
/// the node.
/// </summary>
internal static class ShapeInference
{
    public static Dictionary<string, ValueShape> Infer(IReadOnlyList<GraphNode> order,
        IReadOnlyDictionary<string, ValueShape> known, IReadOnlyDictionary<string, GraphValue> constants)
    {
        var shapes = new Dictionary<string, ValueShape>(known, StringComparer.Ordinal);
        foreach (var node in order)
        {
            try
            {
                shapes[node.Output] = OperatorSet.For(node).InferShape(new NodeShapes(node, shapes, constants));
            }
            catch (ArgumentException e)
            {
                throw new InputError($"node '{node.Describe}': {e.Message}");
            }
        }
        return shapes;
    }
}
