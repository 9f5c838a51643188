using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// ONNX's Pow on the vector unit, fp32 X, for the exponents transformer graphs use: Y must be a constant scalar
/// (an initializer or a Constant node), either an integer from -<see cref="MaxFactors"/> to <see cref="MaxFactors"/>,
/// raised by repeated multiplication in the documented order (<see cref="Ops.Pow"/>), or 0.5, taken as Sqrt (which
/// differs from IEEE pow only at -0, giving -0 for +0, and at -infinity, giving NaN for +infinity). Both are bit for
/// bit with the golden model. Any other exponent is refused by node name: a general pow would need exp and log, which
/// the unit lacks, and a silent float fallback would report accuracy and cycles the hardware does not have.
/// Cycles: one lane operation per multiply and per division, at least one per element.
/// </summary>
internal sealed class PowOperator : IOnnxOperator
{
    /// <summary>
    /// The largest |n| raised by multiplication. Each multiply (and the division) adds a rounding, so the result is
    /// within about |n| units of rounding of the true power; a larger n would grow that error and the cost unboundedly.
    /// </summary>
    public const int MaxFactors = 4;

    public IReadOnlyList<string> OpTypes => ["Pow"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Expect(s.Input(0), GraphElementType.Float, "X");
        string name = s.Node.Input(1) ?? throw s.Error($"the exponent Y is required; {Supported}");
        if (!s.Constants.TryGetValue(name, out var y))
            throw s.Error($"exponent Y '{name}' must be a constant scalar (an initializer or Constant); {Supported}");
        Exponent(s.Node, y);
        return x;
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        if (Exponent(node, input(1)!) is not { } n)
            return VectorNodeWork.Float(ctx, [x], VectorKernels.Sqrt(x.Floats), Ops.Sqrt(x.Floats), exact: true);
        long ops = Math.Max(1, Math.Abs(n) - 1 + (n < 0 ? 1 : 0));
        var steps = ctx.Vector.ElementwiseSteps(x.Length, 4, ops, (long)x.Length * 4);
        return VectorNodeWork.Float(ctx, [x], VectorKernels.Pow(x.Floats, n), Ops.Pow(x.Floats, n), exact: true, steps, ops * x.Length);
    }

    private static readonly string Supported =
        $"Pow supports a constant scalar exponent that is an integer from -{MaxFactors} to {MaxFactors} (repeated multiplication) or 0.5 (square root)";

    /// <summary>The integer exponent, or null for 0.5 (a square root); anything else is refused naming the node.</summary>
    private static int? Exponent(GraphNode node, GraphValue y)
    {
        if (y.Length != 1)
            throw NodeShapes.Error(node, $"exponent Y has shape [{string.Join(",", y.Shape)}], not a scalar; {Supported}");
        double e = y.IsFloat ? y.Floats.Data[0] : y.Ints.Data[0];
        if (e == 0.5) return null;
        if (e == Math.Round(e) && Math.Abs(e) <= MaxFactors) return (int)e;
        throw NodeShapes.Error(node, $"exponent {(float)e:R} is not supported; {Supported}");
    }
}
