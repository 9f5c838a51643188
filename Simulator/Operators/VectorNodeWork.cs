using Sim.Accelerator;
using Sim.Graph;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// The work of an imported node on the vector unit (<see cref="VectorKernels"/>), checked against the golden
/// model on the same inputs: what every vector-unit operator of a graph shares. Cycles: lanes elements a cycle,
/// per pass over the input (by default one read per input element; an operator that reads more gives its own
/// steps and reads), in chunks of half the input scratchpad.
/// </summary>
internal static class VectorNodeWork
{
    /// <summary>A float output: bit for bit when <paramref name="exact"/>, else each element within <paramref name="bound"/> (default: 4 ulp, a few roundings) of the golden value.</summary>
    public static NodeStep Float(NodeContext ctx, IReadOnlyList<GraphValue> inputs, Tensor<float> y, Tensor<float> golden, bool exact,
        List<TileStep>? steps = null, long? reads = null, Func<int, FloatTolerance>? bound = null)
    {
        long inElements = inputs.Sum(v => (long)v.Length);
        long inBytes = inputs.Sum(v => v.IsFloat ? (long)v.Length * ctx.FloatBytes : v.Bytes);
        var check = exact
            ? () => FloatCheck.Exact(ctx.Name, golden, y, null, ElementFormat.Fp32)
            : (Func<LayerCheck>)(() => FloatCheck.Within(ctx.Name, golden, y, bound ?? (_ => FloatTolerance.InUlps(4))));
        return Work(ctx, GraphValue.Of(y), inElements, inBytes, (long)y.Length * ctx.FloatBytes, steps, reads, check, "fp32");
    }

    /// <summary>An integer output of <paramref name="type"/>, bit for bit.</summary>
    public static NodeStep Int(NodeContext ctx, IReadOnlyList<GraphValue> inputs, GraphElementType type, Tensor<int> y, Tensor<int> golden,
        List<TileStep>? steps = null, long? reads = null)
    {
        long inElements = inputs.Sum(v => (long)v.Length);
        long inBytes = inputs.Sum(v => v.Bytes);
        return Work(ctx, GraphValue.Of(type, y), inElements, inBytes, (long)y.Length * GraphValue.ElementBytes(type), steps, reads,
            () => new LayerCheck(OutputCheck.Compare(ctx.Name, golden, y), 0, 0), GraphValue.Name(type));
    }

    /// <summary>
    /// <paramref name="x"/> under another shape (Reshape, Flatten): a view, the same bytes in device memory, so no
    /// transfer and no cycles.
    /// </summary>
    public static NodeStep View(NodeContext ctx, GraphValue x, int[] shape)
    {
        var y = x.Reshaped(shape);
        return new NodeStep(y, new LayerWork(() => new LayerCheck(
                y.Length == x.Length ? null : $"layer '{ctx.Name}': reshape changed the element count", 0, 0),
            [], 0, 0, 0, "vector", GraphValue.Name(x.Type), ctx.Hw.NumberFormat.Name(), default, 0));
    }

    private static NodeStep Work(NodeContext ctx, GraphValue output, long inElements, long inBytes, long outBytes,
        List<TileStep>? steps, long? reads, Func<LayerCheck> check, string format)
    {
        int elementBytes = (int)Math.Max(1, inBytes / Math.Max(1, inElements));
        steps ??= ctx.Vector.ElementwiseSteps(inElements, elementBytes, 1, outBytes);
        return new NodeStep(output, UnitWork.OnVectorUnit(ctx.Hw, steps, inBytes, outBytes, reads ?? inElements, format, ctx.Hw.NumberFormat.Name(), check));
    }
}
