using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>Transpose on the vector unit: a copy, one read per input element; bit for bit.</summary>
internal sealed class TransposeOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Transpose"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Input(0);
        var perm = Permutation(s.Node, x.Shape.Length);
        return new(x.Type, perm.Select(p => x.Shape[p]).ToArray());
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var perm = Permutation(node, x.Shape.Length);
        return x.IsFloat
            ? VectorNodeWork.Float(ctx, [x], VectorKernels.Transpose(x.Floats, perm), Ops.Transpose(x.Floats, perm), exact: true)
            : VectorNodeWork.Int(ctx, [x], x.Type, VectorKernels.Transpose(x.Ints, perm), Ops.Transpose(x.Ints, perm));
    }

    /// <summary>The perm attribute (default: the dimensions reversed), which must be a permutation of the rank.</summary>
    private static int[] Permutation(GraphNode node, int rank)
    {
        var perm = NodeAttributes.GetInts(node.Proto, "perm") ?? Enumerable.Range(0, rank).Reverse().ToArray();
        if (perm.Length != rank || perm.Distinct().Count() != rank || perm.Any(p => p < 0 || p >= rank))
            throw NodeShapes.Error(node, $"perm [{string.Join(",", perm)}] is not a permutation of {rank} dimensions");
        return perm;
    }
}
