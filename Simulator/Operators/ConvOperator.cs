using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Mapping;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>
/// Convolutions (grouped and depthwise too) on the PE array: one GEMM per group over the im2col rows. Scenario
/// layers <c>conv2d</c> and <c>depthwise</c>, and ONNX's float Conv (<see cref="FloatProduct"/>; on integer
/// hardware, on the vector unit in fp32).
/// </summary>
internal sealed class ConvOperator : PeArrayOperator<Conv2DLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Conv"];

    protected override (Tensor<short>? Input, Tensor<short> Weights) DrawTensors(Conv2DLayer c, OperandGenerator data, DataSource source,
        ElementFormat format, bool withInput) => LayerTensors.Conv(c, data, source, format, withInput);

    protected override int[] InputShape(Conv2DLayer c) => [c.Batch, c.InChannels, c.InHeight, c.InWidth];

    protected override (GemmShape Shape, IGemmOperands Operands) Gemm(HardwareConfig hw, Conv2DLayer c, Tensor<short> x, Tensor<short> w)
    {
        var (_, shape, operands) = DepthwisePacking.Lower(hw, c, x, w);
        return (shape, operands);
    }

    protected override GoldenResult Golden(Conv2DLayer c, Tensor<short> x, Tensor<short> w, QuantParams q, LayerFormat f, AccumulationOrder order) =>
        GoldenReference.Conv(c, x, w, q, f, order);

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Expect(s.Input(0), GraphElementType.Float, "X");
        var w = s.Expect(s.Input(1), GraphElementType.Float, "W");
        var a = WindowAttributes.Conv(s.Node, x.Shape, w.Shape);
        if (s.Optional(2) is { } b && (b.Shape.Length != 1 || b.Shape[0] != w.Shape[0]))
            throw s.Error($"bias {b} should be [{w.Shape[0]}]");
        return new(GraphElementType.Float, OutputShape(x.Shape, w.Shape, a));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!.Floats;
        var w = input(1)!.Floats;
        var b = input(2)?.Floats;
        var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
        var reference = Task.Run(() => Ops.Conv2D(x, w, b, a));
        var bias = (Tensor<float> y) => b is null ? y : ChannelBias(y, b.Data);
        if (!ctx.Hw.NumberFormat.Info().IsFloat)
        {
            int k = w.Shape[1] * w.Shape[2] * w.Shape[3];
            var order = new AccumulationOrder(ctx.Hw.VectorUnit.Lanes);
            var y = bias(Ops.ConvAccumulate(x, w, a, ElementFormat.Fp32, order));
            var magnitude = Task.Run(() => Ops.ConvDouble(FloatProduct.ToDouble(FloatCheck.Magnitudes(x)), FloatProduct.ToDouble(FloatCheck.Magnitudes(w)), a));
            return FloatProduct.OnVectorUnit(ctx, y, x.Length + w.Length, (long)y.Length * k, k, reference,
                i => magnitude.Result.Data[i] + (b is null ? 0 : Math.Abs(b.Data[i / (y.Shape[2] * y.Shape[3]) % y.Shape[1]])));
        }
        var f = ctx.Hw.DefaultFormat;
        var xb = FloatEncoding.Encode(x, f.Operands);
        var wb = FloatEncoding.Encode(w, f.Operands);
        var (shape, operands) = Gemm(ctx.Hw, Layer(ctx.Name, x.Shape, w.Shape, a), xb, wb);
        return FloatProduct.OnPeArray(ctx, f, shape, operands, x.Length + w.Length, operands.Output.Shape,
            order => Ops.ConvAccumulate(FloatEncoding.Decode(xb, f.Operands), FloatEncoding.Decode(wb, f.Operands), a, f.Accumulator, order),
            bias, reference);
    }

    /// <summary>The output shape [N, M, OH, OW] of a 2-D convolution of x [N, C, H, W] by w [M, C/group, kH, kW].</summary>
    public static int[] OutputShape(int[] x, int[] w, ConvAttributes a) =>
        [x[0], w[0], a.OutputHeight(x[2], w[2]), a.OutputWidth(x[3], w[3])];

    /// <summary>An imported convolution as the layer record the mapper tiles.</summary>
    public static Conv2DLayer Layer(string name, int[] x, int[] w, ConvAttributes a) =>
        new(name, x[0], x[1], x[2], x[3], w[0], w[2], w[3], a.StrideH, a.StrideW,
            new Padding2D(a.PadTop, a.PadLeft, a.PadBottom, a.PadRight), a.DilationH, a.DilationW, a.Groups);

    private static Tensor<float> ChannelBias(Tensor<float> y, float[] bias)
    {
        int plane = y.Shape[2] * y.Shape[3], channels = y.Shape[1];
        var data = new float[y.Length];
        for (int i = 0; i < data.Length; i++) data[i] = y.Data[i] + bias[i / plane % channels];
        return new Tensor<float>(y.Shape, data);
    }
}
