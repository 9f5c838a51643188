using Sim.Accelerator;
using Sim.Config;
using Sim.Energy;
using Sim.Golden;
using Sim.Graph;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Onnx;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Convolutions and matrix products of an imported graph, as the accelerator runs them.
/// <list type="bullet">
/// <item>Quantised (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger): on the PE array with integer
///   operands. The input stage subtracts the zero points as it loads (x - x_zero_point, w - w_zero_point):
///   int8 operands when every difference fits, else int16 (the datapath's 16 bits always hold them). int32
///   accumulators; the output stage adds the bias and requantises per output channel
///   (<see cref="ChannelRequantization"/>), or passes the int32 sums through (the *Integer ops). Checked bit
///   for bit against the golden QLinear*/…Integer operators on the node's own inputs.</item>
/// <item>Float (Conv, Gemm, MatMul) on hardware whose number_format is a float format (fp16, bf16, fp8): on
///   the PE array in the hardware's formats. Operands are rounded to the operand format (nearest even,
///   saturating), accumulated in the hardware's accumulator in its order, written in the operand format; the
///   output stage then adds the bias (Gemm: alpha x Y + beta x C) in fp32. Checked bit for bit against the
///   golden model's ordered accumulation of the same rounded operands; the error against the fp32 golden
///   operator (unrounded operands) is reported per layer.</item>
/// <item>Float on integer hardware: the vector unit in fp32 (one MAC per lane per cycle, sums in K order in
///   column sums of <c>lanes</c> terms), checked within fp32's error bound (K + 2) u sum|x w| of the fp32
///   golden operator.</item>
/// </list>
/// </summary>
internal static class PeArrayNodes
{
    private const double Unit = 5.9604644775390625e-8; // 2^-24, fp32's unit roundoff

    public static NodeStep Run(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input) => node.OpType switch
    {
        "Conv" => Conv(ctx, node, input),
        "Gemm" => Gemm(ctx, node, input),
        "MatMul" => MatMul(ctx, node, input),
        "QLinearConv" => QLinearConv(ctx, node, input),
        "ConvInteger" => ConvInteger(ctx, node, input),
        "QLinearMatMul" => QLinearMatMul(ctx, node, input),
        "MatMulInteger" => MatMulInteger(ctx, node, input),
        _ => throw new InvalidOperationException($"{node.OpType} does not run on the PE array"),
    };

    // ---- float -------------------------------------------------------------------------------------------

    private static NodeStep Conv(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!.Floats;
        var w = input(1)!.Floats;
        var b = input(2)?.Floats;
        var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
        var reference = Task.Run(() => Ops.Conv2D(x, w, b, a));
        int k = w.Shape[1] * w.Shape[2] * w.Shape[3];
        var bias = (Tensor<float> y) => b is null ? y : ChannelBias(y, b.Data);
        if (!ctx.Hw.NumberFormat.Info().IsFloat)
        {
            var order = new AccumulationOrder(ctx.Hw.VectorUnit.Lanes);
            var y = bias(Ops.ConvAccumulate(x, w, a, ElementFormat.Fp32, order));
            var magnitude = Task.Run(() => Ops.ConvDouble(ToDouble(Abs(x)), ToDouble(Abs(w)), a));
            return VectorGemm(ctx, y, x.Length + w.Length, (long)y.Length * k, () =>
            {
                var m = magnitude.Result;
                return FloatCheck.Within(ctx.Name, reference.Result, y,
                    i => (k + 2) * Unit * (m.Data[i] + (b is null ? 0 : Math.Abs(b.Data[i / (y.Shape[2] * y.Shape[3]) % y.Shape[1]]))) + Unit * Math.Abs(reference.Result.Data[i]));
            });
        }
        var f = ctx.Hw.DefaultFormat;
        var xb = Encode(x, f.Operands);
        var wb = Encode(w, f.Operands);
        var layer = ConvLayer(ctx.Name, x.Shape, w.Shape, a);
        var operands = new ConvOperands(layer, xb, wb);
        var shape = GemmShape.Of(layer);
        var ord = ctx.Hw.AccumulationOrder(GemmExecutor.UsesStructured24(ctx.Hw, shape, operands, f));
        var golden = Task.Run(() => bias(Output(Ops.ConvAccumulate(Decode(xb, f.Operands), Decode(wb, f.Operands), a, f.Accumulator, ord), f.Output)));
        Tensor<float>? result = null;
        var work = UnitWork.OnPeArray(ctx.Hw, shape, operands, new GemmNumerics(f, 1, 0), x.Length + w.Length,
            () => FloatCheck.Exact(ctx.Name, golden.Result, result!, reference.Result, f.Output));
        result = bias(Decode(operands.Output, f.Output));
        return new NodeStep(GraphValue.Of(result), work);
    }

    private static NodeStep Gemm(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var p = node.Proto;
        bool ta = Onnx.NodeAttributes.GetInt(p, "transA", 0) != 0, tb = Onnx.NodeAttributes.GetInt(p, "transB", 0) != 0;
        float alpha = Onnx.NodeAttributes.GetFloat(p, "alpha", 1f), beta = Onnx.NodeAttributes.GetFloat(p, "beta", 1f);
        var a = input(0)!.Floats;
        var b = input(1)!.Floats;
        var c = input(2)?.Floats;
        var reference = Task.Run(() => Ops.Gemm(a, b, c, alpha, beta, ta, tb));
        var a2 = ta ? Ops.Transpose(a, [1, 0]) : a;
        var b2 = tb ? Ops.Transpose(b, [1, 0]) : b;
        var scale = (Tensor<float> y) =>
        {
            var s = alpha == 1f ? y : new Tensor<float>(y.Shape, Array.ConvertAll(y.Data, v => alpha * v));
            if (c is null || beta == 0f) return s;
            var bc = beta == 1f ? c : new Tensor<float>(c.Shape, Array.ConvertAll(c.Data, v => beta * v));
            return VectorKernels.Add(s, bc);
        };
        return Product(ctx, a2.Shape[0], a2.Shape[1], b2.Shape[1], 1, a2, b2, [a2.Shape[0], b2.Shape[1]], scale, reference,
            Math.Max(1, Math.Abs(alpha)), i => c is null ? 0 : Math.Abs(beta * c.Data[c.Length == 1 ? 0 : i % c.Length]));
    }

    private static NodeStep MatMul(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var a = input(0)!.Floats;
        var b = input(1)!.Floats;
        var outShape = ShapeInference.MatMulShape(node, a.Shape, b.Shape);
        var reference = Task.Run(() => Ops.MatMul(a, b));
        var (groups, m, k, n) = MatMulGeometry(a.Shape, b.Shape);
        return Product(ctx, m, k, n, groups, a, b, outShape, y => y, reference, 1, _ => 0);
    }

    /// <summary>G GEMMs of [M,K] x [K,N] (A and B flat, group-major) on the PE array or the vector unit.</summary>
    private static NodeStep Product(NodeContext ctx, int m, int k, int n, int groups, Tensor<float> a, Tensor<float> b, int[] outShape,
        Func<Tensor<float>, Tensor<float>> outputStage, Task<Tensor<float>> reference, double scale, Func<int, double> extraMagnitude)
    {
        if (!ctx.Hw.NumberFormat.Info().IsFloat)
        {
            var order = new AccumulationOrder(ctx.Hw.VectorUnit.Lanes);
            var y = outputStage(Batched(groups, m, k, n, a, b, (ga, gb) => Ops.MatMulAccumulate(ga, gb, ElementFormat.Fp32, order), outShape));
            var magnitude = Task.Run(() => Batched(groups, m, k, n, Abs(a), Abs(b), (ga, gb) => ToFloat(Ops.MatMulDouble(ToDouble(ga), ToDouble(gb))), outShape));
            return VectorGemm(ctx, y, a.Length + b.Length, (long)groups * m * k * n, () =>
                FloatCheck.Within(ctx.Name, reference.Result, y,
                    i => (k + 2) * Unit * (scale * magnitude.Result.Data[i] + extraMagnitude(i)) + Unit * Math.Abs(reference.Result.Data[i])));
        }
        var f = ctx.Hw.DefaultFormat;
        var ab = Encode(a, f.Operands);
        var bb = Encode(b, f.Operands);
        var operands = new BatchedMatrixOperands(groups, m, k, n, ab, bb);
        var shape = operands.Shape;
        var ord = ctx.Hw.AccumulationOrder(GemmExecutor.UsesStructured24(ctx.Hw, shape, operands, f));
        var golden = Task.Run(() => outputStage(Output(
            Batched(groups, m, k, n, Decode(ab, f.Operands), Decode(bb, f.Operands), (ga, gb) => Ops.MatMulAccumulate(ga, gb, f.Accumulator, ord), outShape), f.Output)));
        Tensor<float>? result = null;
        var work = UnitWork.OnPeArray(ctx.Hw, shape, operands, new GemmNumerics(f, 1, 0), a.Length + b.Length,
            () => FloatCheck.Exact(ctx.Name, golden.Result, result!, reference.Result, f.Output));
        result = outputStage(Decode(new Tensor<short>(outShape, operands.Output.Data), f.Output));
        return new NodeStep(GraphValue.Of(result), work);
    }

    // ---- quantised ---------------------------------------------------------------------------------------

    private static NodeStep QLinearConv(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        float xs = input(1)!.ScalarFloat($"node '{node.Describe}' x_scale");
        int xz = input(2)!.ScalarInt($"node '{node.Describe}' x_zero_point");
        var w = input(3)!.Ints;
        var ws = PerChannel(node, input(4)!, w.Shape[0], "w_scale", v => v.Floats.Data);
        var wz = PerChannel(node, input(5)!, w.Shape[0], "w_zero_point", v => v.Ints.Data);
        float ys = input(6)!.ScalarFloat($"node '{node.Describe}' y_scale");
        var yValue = input(7)!;
        int yz = yValue.ScalarInt($"node '{node.Describe}' y_zero_point");
        var bias = input(8)?.Ints;
        var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
        var type = yValue.Type;
        var golden = Task.Run(() => Ops.QLinearConv(x.Ints, xs, xz, w, ws, wz, ys, yz, bias, a, GraphValue.Quantized(type)));
        var multipliers = Enumerable.Range(0, w.Shape[0]).Select(c => Ops.RequantizeMultiplier(xs, ws[ws.Length == 1 ? 0 : c], ys)).ToArray();
        var channels = new ChannelRequantization(multipliers, bias?.Data ?? new int[w.Shape[0]]);
        return IntegerConv(ctx, x.Ints, xz, w, wz, a, type, channels, yz, golden);
    }

    private static NodeStep ConvInteger(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!.Ints;
        var w = input(1)!.Ints;
        int xz = input(2)?.ScalarInt($"node '{node.Describe}' x_zero_point") ?? 0;
        var wz = input(3) is { } z ? PerChannel(node, z, w.Shape[0], "w_zero_point", v => v.Ints.Data) : [0];
        var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
        var golden = Task.Run(() => Ops.ConvInteger(x, xz, w, wz, a));
        return IntegerConv(ctx, x, xz, w, wz, a, GraphElementType.Int32, null, 0, golden);
    }

    private static NodeStep IntegerConv(NodeContext ctx, Tensor<int> x, int xz, Tensor<int> w, int[] wz, ConvAttributes a,
        GraphElementType outType, ChannelRequantization? channels, int yz, Task<Tensor<int>> golden)
    {
        int perChannel = w.Length / w.Shape[0];
        var (xq, xFits) = Shift(x, _ => xz);
        var (wq, wFits) = Shift(w, i => wz[wz.Length == 1 ? 0 : i / perChannel]);
        var layer = ConvLayer(ctx.Name, x.Shape, w.Shape, a);
        var operands = new ConvOperands(layer, xq, wq);
        var shape = GemmShape.Of(layer);
        int pixels = layer.OutHeight * layer.OutWidth, groupChannels = layer.OutChannels / layer.Groups;
        var sink = outType == GraphElementType.Int32
            ? new Int32Output(operands.Output.Shape, (g, m, n) => (m / pixels * layer.OutChannels + g * groupChannels + n) * pixels + m % pixels)
            : null;
        return IntegerOnPe(ctx, shape, operands, xFits && wFits, outType, channels, yz, sink, operands.Output.Shape, golden, x.Length + w.Length);
    }

    private static NodeStep QLinearMatMul(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        string d = node.Describe;
        var a = input(0)!.Ints;
        float aS = input(1)!.ScalarFloat($"node '{d}' a_scale");
        int aZ = input(2)!.ScalarInt($"node '{d}' a_zero_point");
        var b = input(3)!.Ints;
        float bS = input(4)!.ScalarFloat($"node '{d}' b_scale (per-column scales are not supported)");
        int bZ = input(5)!.ScalarInt($"node '{d}' b_zero_point");
        float yS = input(6)!.ScalarFloat($"node '{d}' y_scale");
        var yValue = input(7)!;
        int yZ = yValue.ScalarInt($"node '{d}' y_zero_point");
        var type = yValue.Type;
        var golden = Task.Run(() => Ops.QLinearMatMul(a, aS, aZ, b, bS, bZ, yS, yZ, GraphValue.Quantized(type)));
        var (groups, _, _, n) = MatMulGeometry(a.Shape, b.Shape);
        var channels = new ChannelRequantization(Enumerable.Repeat(Ops.RequantizeMultiplier(aS, bS, yS), groups * n).ToArray(), new int[groups * n]);
        return IntegerMatMul(ctx, node, a, aZ, b, bZ, type, channels, yZ, golden);
    }

    private static NodeStep MatMulInteger(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var a = input(0)!.Ints;
        var b = input(1)!.Ints;
        int aZ = input(2)?.ScalarInt($"node '{node.Describe}' a_zero_point (per-row zero points are not supported)") ?? 0;
        int bZ = input(3)?.ScalarInt($"node '{node.Describe}' b_zero_point (per-column zero points are not supported)") ?? 0;
        var golden = Task.Run(() => Ops.MatMulInteger(a, aZ, b, bZ));
        return IntegerMatMul(ctx, node, a, aZ, b, bZ, GraphElementType.Int32, null, 0, golden);
    }

    private static NodeStep IntegerMatMul(NodeContext ctx, GraphNode node, Tensor<int> a, int aZ, Tensor<int> b, int bZ,
        GraphElementType outType, ChannelRequantization? channels, int yz, Task<Tensor<int>> golden)
    {
        var outShape = ShapeInference.MatMulShape(node, a.Shape, b.Shape);
        var (groups, m, k, n) = MatMulGeometry(a.Shape, b.Shape);
        var (aq, aFits) = Shift(a, _ => aZ);
        var (bq, bFits) = Shift(b, _ => bZ);
        var operands = new BatchedMatrixOperands(groups, m, k, n, aq, bq);
        var sink = outType == GraphElementType.Int32 ? new Int32Output(outShape, (g, r, c) => (g * m + r) * n + c) : null;
        return IntegerOnPe(ctx, operands.Shape, operands, aFits && bFits, outType, channels, yz, sink, outShape, golden, a.Length + b.Length);
    }

    private static NodeStep IntegerOnPe(NodeContext ctx, GemmShape shape, IGemmOperands operands, bool int8Operands,
        GraphElementType outType, ChannelRequantization? channels, int yz, Int32Output? sink, int[] outShape,
        Task<Tensor<int>> golden, long operandCount)
    {
        var operandFormat = int8Operands ? ElementFormat.Int8 : ElementFormat.Int16;
        var outputFormat = outType switch
        {
            GraphElementType.Int8 => ElementFormat.Int8,
            GraphElementType.UInt8 => ElementFormat.Uint8,
            _ => ElementFormat.Int32,
        };
        var f = new LayerFormat(operandFormat, ElementFormat.Int32, outputFormat);
        var numerics = new GemmNumerics(f, channels?.Multipliers[0] ?? 1f, yz) { PerChannel = channels, RawOutput = sink };
        Tensor<int>? y = null;
        var work = UnitWork.OnPeArray(ctx.Hw, shape, operands, numerics, operandCount,
            () => new LayerCheck(OutputCheck.Compare(ctx.Name, new Tensor<int>(outShape, golden.Result.Data), y!), 0, 0));
        y = new Tensor<int>(outShape, (sink?.Result ?? new Tensor<int>(outShape, Array.ConvertAll(operands.Output.Data, v => (int)v))).Data);
        return new NodeStep(GraphValue.Of(outType, y), work);
    }

    // ---- work, shapes, conversions -------------------------------------------------------------------------

    /// <summary>A float GEMM on the vector unit: its MACs as lane operations over the operands' elements.</summary>
    private static NodeStep VectorGemm(NodeContext ctx, Tensor<float> y, long operandCount, long macs, Func<LayerCheck> check)
    {
        var steps = ctx.Vector.ElementwiseSteps(operandCount, 4, (double)macs / operandCount, (long)y.Length * 4);
        return new NodeStep(GraphValue.Of(y),
            UnitWork.OnVectorUnit(ctx.Hw, steps, operandCount * 4, (long)y.Length * 4, macs, "fp32", ctx.Hw.NumberFormat.Name(), check, macs));
    }

    /// <summary>(groups, M, K, N) of a MatMul: B 2-D folds A's leading dimensions into M; else one GEMM per batch index.</summary>
    private static (int Groups, int M, int K, int N) MatMulGeometry(int[] a, int[] b)
    {
        int k = a[^1], n = b[^1];
        if (b.Length == 2) return (1, a.Length == 2 ? a[0] : a[..^1].Aggregate(1, (p, d) => p * d), k, n);
        return (a[..^2].Aggregate(1, (p, d) => p * d), a[^2], k, n);
    }

    private static Conv2DLayer ConvLayer(string name, int[] x, int[] w, ConvAttributes a) =>
        new(name, x[0], x[1], x[2], x[3], w[0], w[2], w[3], a.StrideH, a.StrideW,
            new Padding2D(a.PadTop, a.PadLeft, a.PadBottom, a.PadRight), a.DilationH, a.DilationW, a.Groups);

    /// <summary>Operands less their zero points, as shorts; and whether every one fits int8.</summary>
    private static (Tensor<short> Values, bool FitsInt8) Shift(Tensor<int> t, Func<int, int> zeroPoint)
    {
        var data = new short[t.Length];
        bool fits = true;
        for (int i = 0; i < data.Length; i++)
        {
            int v = t.Data[i] - zeroPoint(i);
            fits &= v is >= sbyte.MinValue and <= sbyte.MaxValue;
            data[i] = checked((short)v);
        }
        return (new Tensor<short>(t.Shape, data), fits);
    }

    private static T[] PerChannel<T>(GraphNode node, GraphValue v, int channels, string what, Func<GraphValue, T[]> data)
    {
        if (v.Length != 1 && v.Length != channels)
            throw new InputError($"node '{node.Describe}': {what} must hold 1 or {channels} values, has {v.Length}");
        return data(v);
    }

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

    private static Tensor<float> ChannelBias(Tensor<float> y, float[] bias)
    {
        int plane = y.Shape[2] * y.Shape[3], channels = y.Shape[1];
        var data = new float[y.Length];
        for (int i = 0; i < data.Length; i++) data[i] = y.Data[i] + bias[i / plane % channels];
        return new Tensor<float>(y.Shape, data);
    }

    public static Tensor<short> Encode(Tensor<float> t, ElementFormat format) =>
        new(t.Shape, Array.ConvertAll(t.Data, v => unchecked((short)ElementCodec.FromDouble(format, v, ElementFormats.DefaultOverflow))));

    public static Tensor<float> Decode(Tensor<short> t, ElementFormat format) =>
        new(t.Shape, Array.ConvertAll(t.Data, v => Accumulation.Decode(format, v)));

    /// <summary>Accumulators rounded to the output format and read back as float.</summary>
    private static Tensor<float> Output(Tensor<float> acc, ElementFormat output) =>
        new(acc.Shape, Array.ConvertAll(acc.Data, v => Accumulation.Decode(output, unchecked((short)FloatMac.ToOutput(v, output)))));

    private static Tensor<float> Abs(Tensor<float> t) => new(t.Shape, Array.ConvertAll(t.Data, MathF.Abs));

    private static Tensor<double> ToDouble(Tensor<float> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (double)v));

    private static Tensor<float> ToFloat(Tensor<double> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (float)v));
}
