using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// ONNX's ReduceMean of fp32 data on the vector unit: one pass reading each input element once, in input order, into its
/// output's running fp32 sum, then a division by the count (<see cref="VectorKernels.ReduceMean"/>); the golden model sums
/// in the same order, so they agree bit for bit. The axes are the attribute (opset 13) or the optional second input
/// (opset 18), which must then be a constant so that the output's shape is known at import; a node is read by which one it
/// carries, and carrying both is refused. No axes reduce every axis, or none when noop_with_empty_axes is 1; keepdims
/// (default 1) keeps each reduced axis as 1.
/// </summary>
internal sealed class ReduceMeanOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["ReduceMean"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Expect(s.Input(0), GraphElementType.Float, "data");
        GraphValue? axes = null;
        if (s.Node.Input(1) is { } name && !s.Constants.TryGetValue(name, out axes))
            throw s.Error($"the axes input '{name}' must be an int64 initializer or Constant");
        var reduced = Reduced(s.Node, x.Shape.Length, axes);
        return new(x.Type, OutputShape(s.Node, x.Shape, reduced));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var reduced = Reduced(node, x.Shape.Length, input(1));
        var shape = OutputShape(node, x.Shape, reduced);
        var y = VectorKernels.ReduceMean(x.Floats, reduced);
        var axes = Enumerable.Range(0, reduced.Length).Where(d => reduced[d]).ToArray();
        var golden = Ops.ReduceMean(x.Floats, axes, KeepDims(node));
        return VectorNodeWork.Float(ctx, [x], new Tensor<float>(shape, y.Data), golden, exact: true);
    }

    private static bool KeepDims(GraphNode node) => NodeAttributes.GetInt(node.Proto, "keepdims", 1) != 0;

    private static int[] OutputShape(GraphNode node, int[] x, bool[] reduced) => KeepDims(node)
        ? x.Select((d, i) => reduced[i] ? 1 : d).ToArray()
        : x.Where((_, i) => !reduced[i]).ToArray();

    /// <summary>Which axes of a rank-<paramref name="rank"/> input the node reduces, from its attribute or its constant input.</summary>
    private static bool[] Reduced(GraphNode node, int rank, GraphValue? axesInput)
    {
        var attribute = NodeAttributes.GetInts(node.Proto, "axes");
        if (attribute is not null && axesInput is not null)
            throw NodeShapes.Error(node, "axes is given both as an attribute (opset 13) and as an input (opset 18); give one");
        if (axesInput is { IsFloat: true })
            throw NodeShapes.Error(node, "the axes input must be int64, not float");
        var axes = attribute ?? axesInput?.Ints.Data ?? [];
        var reduced = new bool[rank];
        if (axes.Length == 0)
        {
            bool noop = NodeAttributes.GetInt(node.Proto, "noop_with_empty_axes", 0) != 0;
            Array.Fill(reduced, !noop);
            return reduced;
        }
        foreach (int a in axes)
        {
            int axis = NodeShapes.Axis(node, a, rank, required: true);
            if (reduced[axis]) throw NodeShapes.Error(node, $"axis {a} is listed twice in axes [{string.Join(",", axes)}]");
            reduced[axis] = true;
        }
        return reduced;
    }
}
