using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>
/// BatchNormalization (inference) on the vector unit in fp32, where it was not folded into the Conv before it
/// at import (<see cref="BatchNormFolding"/>); within 16 u of |y| + |bias| of the float64 golden value.
/// </summary>
internal sealed class BatchNormalizationOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["BatchNormalization"];

    private static readonly string[] Parameters = ["scale", "B", "input_mean", "input_var"];

    /// <summary>X [N, C, ...] and its four parameters, each one float per channel.</summary>
    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Expect(s.Input(0), GraphElementType.Float, "X");
        if (x.Shape.Length < 2) throw s.Error($"X is {x}; expected at least [N, C]");
        for (int i = 0; i < Parameters.Length; i++)
        {
            var p = s.Expect(s.Input(i + 1), GraphElementType.Float, Parameters[i]);
            if (p.Shape is not [var c] || c != x.Shape[1])
                throw s.Error($"{Parameters[i]} is {p}; expected float[{x.Shape[1]}], one value per channel of X");
        }
        return x;
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var prm = Enumerable.Range(1, 4).Select(i => input(i)!.Floats.Data).ToArray();
        float eps = NodeAttributes.GetFloat(node.Proto, "epsilon", 1e-5f);
        var golden = Ops.BatchNormalization(x.Floats, prm[0], prm[1], prm[2], prm[3], eps);
        return VectorNodeWork.Float(ctx, [x], VectorKernels.BatchNormalization(x.Floats, prm[0], prm[1], prm[2], prm[3], eps), golden, exact: false, bound:
            i => 16 * FloatCheck.Unit * (Math.Abs(golden.Data[i]) + Math.Abs(prm[1][i / x.Shape[2..].Aggregate(1, (q, d) => q * d) % x.Shape[1]])));
    }
}
