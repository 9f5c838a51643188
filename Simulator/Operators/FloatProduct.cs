using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// The float convolutions and matrix products of imported graphs (Conv, Gemm, MatMul), one way for all three:
/// <list type="bullet">
/// <item>On hardware whose number_format is a float format (fp16, bf16, fp8): on the PE array in the
///   hardware's formats. Operands are rounded to the operand format (nearest even, saturating), accumulated in
///   the hardware's accumulator in its order, written in the operand format; the output stage then adds the
///   bias (Gemm: alpha x Y + beta x C) in fp32. Checked bit for bit against the golden model's ordered
///   accumulation of the same rounded operands; the error against the fp32 golden operator (unrounded
///   operands) is reported per layer.</item>
/// <item>On integer hardware: the vector unit in fp32 (one MAC per lane per cycle, sums in K order in column
///   sums of <c>lanes</c> terms), checked within fp32's error bound 1 ulp + (K + 2) u sum|x w| of the fp32 golden
///   operator.</item>
/// </list>
/// </summary>
internal static class FloatProduct
{
    /// <summary>
    /// G GEMMs of [M,K] x [K,N] (A and B flat, group-major) on the PE array or the vector unit, the output
    /// stage applied to their outputs; <paramref name="scale"/> and <paramref name="extraMagnitude"/> widen the
    /// vector unit's error bound by what the output stage adds.
    /// </summary>
    public static NodeStep Run(NodeContext ctx, int m, int k, int n, int groups, Tensor<float> a, Tensor<float> b, int[] outShape,
        Func<Tensor<float>, Tensor<float>> outputStage, Task<Tensor<float>> reference, double scale, Func<int, double> extraMagnitude)
    {
        if (!ctx.Hw.NumberFormat.Info().IsFloat)
        {
            var order = new AccumulationOrder(ctx.Hw.VectorUnit.Lanes);
            var y = outputStage(Batched(groups, m, k, n, a, b, (ga, gb) => Ops.MatMulAccumulate(ga, gb, ElementFormat.Fp32, order), outShape));
            var magnitude = Task.Run(() => Batched(groups, m, k, n, FloatCheck.Magnitudes(a), FloatCheck.Magnitudes(b), (ga, gb) => ToFloat(Ops.MatMulDouble(ToDouble(ga), ToDouble(gb))), outShape));
            return OnVectorUnit(ctx, y, a.Length + b.Length, (long)groups * m * k * n, k, reference,
                i => scale * magnitude.Result.Data[i] + extraMagnitude(i));
        }
        var f = ctx.Hw.DefaultFormat;
        var ab = FloatEncoding.Encode(a, f.Operands);
        var bb = FloatEncoding.Encode(b, f.Operands);
        var operands = new BatchedMatrixOperands(groups, m, k, n, ab, bb);
        return OnPeArray(ctx, f, operands.Shape, operands, a.Length + b.Length, outShape,
            order => Batched(groups, m, k, n, FloatEncoding.Decode(ab, f.Operands), FloatEncoding.Decode(bb, f.Operands),
                (ga, gb) => Ops.MatMulAccumulate(ga, gb, f.Accumulator, order), outShape),
            outputStage, reference);
    }

    /// <summary>
    /// A float product on the vector unit in fp32: its MACs as lane operations over the operands' elements.
    /// Each output must lie within 1 ulp (the golden model's rounding) + (K + 2) u <paramref name="magnitude"/>(i) of the
    /// fp32 golden operator: K roundings of products and sums, each within u of the sum of |products|, and the output
    /// stage's (absolute: the products may cancel).
    /// </summary>
    public static NodeStep OnVectorUnit(NodeContext ctx, Tensor<float> y, long operandCount, long macs, int k, Task<Tensor<float>> reference,
        Func<int, double> magnitude)
    {
        var steps = ctx.Vector.ElementwiseSteps(operandCount, 4, (double)macs / operandCount, (long)y.Length * 4);
        return new NodeStep(GraphValue.Of(y), UnitWork.OnVectorUnit(ctx.Hw, steps, operandCount * 4, (long)y.Length * 4, macs, "fp32",
            ctx.Hw.NumberFormat.Name(), () => FloatCheck.Within(ctx.Name, reference.Result, y,
                i => new FloatTolerance(1, (k + 2) * FloatCheck.Unit * magnitude(i))), macs));
    }

    /// <summary>
    /// A float product on the PE array over operands already rounded to format <paramref name="f"/>. The golden
    /// model accumulates the same rounded operands in the array's order (<paramref name="accumulate"/>), rounds
    /// to the output format and applies the same output stage; the two must agree bit for bit.
    /// </summary>
    public static NodeStep OnPeArray(NodeContext ctx, LayerFormat f, GemmShape shape, IGemmOperands operands, long operandCount, int[] outShape,
        Func<AccumulationOrder, Tensor<float>> accumulate, Func<Tensor<float>, Tensor<float>> outputStage, Task<Tensor<float>> reference)
    {
        var order = ctx.Hw.AccumulationOrder(f, GemmExecutor.UsesStructured24(ctx.Hw, shape, operands, f));
        var golden = Task.Run(() => outputStage(FloatEncoding.Decode(FloatEncoding.Round(accumulate(order), f.Output), f.Output)));
        Tensor<float>? result = null;
        var work = UnitWork.OnPeArray(ctx.Hw, shape, operands, new GemmNumerics(f, 1, 0), operandCount,
            () => FloatCheck.Exact(ctx.Name, golden.Result, result!, reference.Result, f.Output));
        result = outputStage(FloatEncoding.Decode(new Tensor<short>(outShape, operands.Output.Data), f.Output));
        return new NodeStep(GraphValue.Of(result), work);
    }

    public static Tensor<double> ToDouble(Tensor<float> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (double)v));

    private static Tensor<float> ToFloat(Tensor<double> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (float)v));

    private static Tensor<float> Batched(int groups, int m, int k, int n, Tensor<float> a, Tensor<float> b,
        Func<Tensor<float>, Tensor<float>, Tensor<float>> product, int[] outShape)
    {
        var y = new float[groups * m * n];
        for (int g = 0; g < groups; g++)
        {
            var ga = new Tensor<float>([m, k], a.Data.AsSpan(g * m * k, m * k).ToArray());
            var gb = new Tensor<float>([k, n], b.Data.AsSpan(g * k * n, k * n).ToArray());
            product(ga, gb).Data.CopyTo(y, g * m * n);
        }
        return new Tensor<float>(outShape, y);
    }
}
