using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>Concat on the vector unit: a copy, one read per input element; bit for bit.</summary>
internal sealed class ConcatOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Concat"];

    public ValueShape InferShape(NodeShapes s)
    {
        var first = s.Input(0);
        int axis = Axis(s.Node, first.Shape.Length);
        var shape = (int[])first.Shape.Clone();
        for (int i = 1; i < s.Node.Inputs.Length; i++)
        {
            var other = s.Input(i);
            if (other.Type != first.Type || other.Shape.Length != shape.Length
                || Enumerable.Range(0, shape.Length).Any(d => d != axis && other.Shape[d] != shape[d]))
                throw s.Error($"input {i} {other} does not concatenate with {first} on axis {axis}");
            shape[axis] += other.Shape[axis];
        }
        return new(first.Type, shape);
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var all = Enumerable.Range(0, node.Inputs.Length).Select(i => input(i)!).ToList();
        int axis = Axis(node, x.Shape.Length);
        return x.IsFloat
            ? VectorNodeWork.Float(ctx, all, VectorKernels.Concat(all.Select(v => v.Floats).ToList(), axis), Ops.Concat(all.Select(v => v.Floats).ToList(), axis), exact: true)
            : VectorNodeWork.Int(ctx, all, x.Type, VectorKernels.Concat(all.Select(v => v.Ints).ToList(), axis), Ops.Concat(all.Select(v => v.Ints).ToList(), axis));
    }

    private static int Axis(GraphNode node, int rank) =>
        NodeShapes.Axis(node, NodeAttributes.GetInt(node.Proto, "axis", long.MinValue), rank, required: true);
}
