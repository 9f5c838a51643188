using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>
/// BatchNormalization (inference) on the vector unit in fp32, where it was not folded into the Conv before it
/// at import (<see cref="BatchNormFolding"/>), within <see cref="Tolerance"/> of the float64 golden value.
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
        int inner = x.Shape[2..].Aggregate(1, (q, d) => q * d);
        return VectorNodeWork.Float(ctx, [x], VectorKernels.BatchNormalization(x.Floats, prm[0], prm[1], prm[2], prm[3], eps), golden, exact: false, bound:
            i => Tolerance(x.Floats.Data[i], prm[0][i / inner % x.Shape[1]], prm[1][i / inner % x.Shape[1]], prm[2][i / inner % x.Shape[1]],
                prm[3][i / inner % x.Shape[1]], eps));
    }

    /// <summary>
    /// The error of <see cref="VectorKernels.BatchNormalization"/>'s y = fl(fl(x a) + b) against the golden value, where
    /// a = fl(scale / fl(sqrt(fl(var + eps)))) and b = fl(bias - fl(mean a)), to first order in u = 2^-24:
    /// <list type="bullet">
    /// <item>a: the add's rounding halves under the square root (u/2), the root's and the divide's: within 4u relative.</item>
    /// <item>x a: a's 4u and the product's u, 5u |x a| absolute; mean a likewise 5u |mean a|; the subtraction
    ///   rounds b once, within u (|bias| + |mean a|).</item>
    /// <item>The final add rounds once and the golden value is rounded once: each within 1 ulp of y.</item>
    /// </list>
    /// When x is near the mean, x a and mean a cancel: their roundings are absolute terms far larger than ulps of y.
    /// Bound: 3 ulp (one for the second-order terms) + u (6 |x a| + 7 |mean a| + 2 |bias|), a taken exactly.
    /// </summary>
    internal static FloatTolerance Tolerance(float x, float scale, float bias, float mean, float variance, float eps)
    {
        double a = scale / Math.Sqrt((double)variance + eps);
        return new FloatTolerance(3, FloatCheck.Unit * (6 * Math.Abs(x * a) + 7 * Math.Abs(mean * a) + 2 * Math.Abs(bias)));
    }
}
