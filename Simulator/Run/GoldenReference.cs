using Sim.Config;
using Sim.Golden;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Run;

/// <summary>
/// Each layer type of a scenario expressed as the golden model's ONNX operators on plain int
/// tensors: what the accelerator's output must equal, bit for bit.
/// </summary>
public static class GoldenReference
{
    public static Tensor<sbyte> Conv(Conv2DLayer c, Tensor<sbyte> x, Tensor<sbyte> w, QuantParams q)
    {
        var attributes = new ConvAttributes(
            c.StrideH, c.StrideW, c.Padding.Top, c.Padding.Left, c.Padding.Bottom, c.Padding.Right,
            c.DilationH, c.DilationW, c.Groups);
        var acc = Ops.ConvInteger(Widen(x), 0, Widen(w), 0, attributes);
        return Narrow(Ops.Requantize(acc, q.InputScale, [q.WeightScale], q.OutputScale, q.OutputZeroPoint, QuantizedType.Int8));
    }

    public static Tensor<sbyte> Gemm(Tensor<sbyte> a, Tensor<sbyte> w, QuantParams q)
    {
        var acc = Ops.MatMulInteger(Widen(a), 0, Widen(w), 0);
        return Narrow(Ops.Requantize(acc, q.InputScale, [q.WeightScale], q.OutputScale, q.OutputZeroPoint, QuantizedType.Int8));
    }

    public static Tensor<sbyte> Relu(Tensor<sbyte> x) => Narrow(Ops.Relu(Widen(x), zeroPoint: 0));

    public static Tensor<sbyte> Pool(PoolLayer p, Tensor<sbyte> x)
    {
        var attributes = new PoolAttributes(
            p.KernelH, p.KernelW, p.StrideH, p.StrideW,
            p.Padding.Top, p.Padding.Left, p.Padding.Bottom, p.Padding.Right);
        var y = p.Kind == PoolKind.Max ? Ops.MaxPool(Widen(x), attributes) : Ops.AveragePool(Widen(x), attributes);
        return Narrow(y);
    }

    private static Tensor<int> Widen(Tensor<sbyte> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (int)v));

    /// <summary>Back to int8, refusing any value outside it: the golden ops must already have saturated.</summary>
    private static Tensor<sbyte> Narrow(Tensor<int> t) => new(t.Shape, Array.ConvertAll(t.Data, v => checked((sbyte)v)));
}
