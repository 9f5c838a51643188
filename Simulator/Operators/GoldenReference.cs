using Sim.Config;
using Sim.Golden;
using Sim.Numerics;
using Sim.Tensors;
using Sim.Workload;

namespace Sim.Operators;

/// <summary>What the golden model says a layer's output must be, and how far that is from the real value.</summary>
/// <param name="Output">The output, raw bits of the output format, which the accelerator must equal bit for bit.</param>
/// <param name="MaxAbsError">The largest |output - reference| over the layer, with the reference the float64
/// value of the same layer (exact products, float64 sums, no rounding to the accumulator or output format;
/// integer layers: the exact sum times the requantisation multiplier plus the zero point).</param>
/// <param name="MaxUlpError">The largest of those errors in units in the last place of the output format at the
/// reference value (integer formats: units of 1).</param>
internal sealed record GoldenResult(Tensor<short> Output, double MaxAbsError, double MaxUlpError);

/// <summary>
/// Each layer type of a scenario expressed as the golden model's ONNX operators on plain int
/// tensors (integer formats), or as the golden model's ordered float accumulation (float formats, in
/// the hardware's <see cref="AccumulationOrder"/>): what the accelerator's output must equal, bit for bit.
/// </summary>
internal static class GoldenReference
{
    /// <summary>A convolution in any layer format; operands are raw bits.</summary>
    public static GoldenResult Conv(Conv2DLayer c, Tensor<short> x, Tensor<short> w, QuantParams q, LayerFormat f, AccumulationOrder order)
    {
        var attributes = Attributes(c);
        int k = c.InChannels / c.Groups * c.KernelH * c.KernelW;
        if (f.IsFloat)
            return Errors(
                FloatEncoding.Round(Ops.ConvAccumulate(FloatEncoding.Decode(x, f.Operands), FloatEncoding.Decode(w, f.Operands), attributes, f.Accumulator, order), f.Output),
                Ops.ConvDouble(ToDouble(x, f.Operands), ToDouble(w, f.Operands), attributes), q, f);
        var acc = Ops.ConvInteger(Widen(x), 0, Widen(w), 0, attributes);
        return Errors(IntegerOutput(acc, q, f),
            SumsAreExact(k, f) ? ToDouble(acc) : Ops.ConvDouble(ToDouble(x, f.Operands), ToDouble(w, f.Operands), attributes), q, f);
    }

    /// <summary>A matrix product in any layer format; operands are raw bits.</summary>
    public static GoldenResult Gemm(Tensor<short> a, Tensor<short> w, QuantParams q, LayerFormat f, AccumulationOrder order)
    {
        if (f.IsFloat)
            return Errors(
                FloatEncoding.Round(Ops.MatMulAccumulate(FloatEncoding.Decode(a, f.Operands), FloatEncoding.Decode(w, f.Operands), f.Accumulator, order), f.Output),
                Ops.MatMulDouble(ToDouble(a, f.Operands), ToDouble(w, f.Operands)), q, f);
        var acc = Ops.MatMulInteger(Widen(a), 0, Widen(w), [0]);
        return Errors(IntegerOutput(acc, q, f),
            SumsAreExact(a.Shape[1], f) ? ToDouble(acc) : Ops.MatMulDouble(ToDouble(a, f.Operands), ToDouble(w, f.Operands)), q, f);
    }

    public static Tensor<sbyte> Relu(Tensor<sbyte> x) => Narrow(Ops.Relu(Widen(x), zeroPoint: 0));

    public static Tensor<sbyte> Clip(Tensor<sbyte> x, int min, int max) => Narrow(Ops.Clip(Widen(x), min, max));

    /// <summary>An add layer: ONNX's Add on the widened values, then saturated to int8 (one shared scale).</summary>
    public static Tensor<sbyte> Add(Tensor<sbyte> a, Tensor<sbyte> b) => Narrow(AddInt8(Widen(a), Widen(b)));

    /// <summary>int8 values added and clipped to int8's range.</summary>
    public static Tensor<int> AddInt8(Tensor<int> a, Tensor<int> b) => Ops.Clip(Ops.Add(a, b), sbyte.MinValue, sbyte.MaxValue);

    public static Tensor<sbyte> Pool(PoolLayer p, Tensor<sbyte> x)
    {
        var attributes = new PoolAttributes(
            p.KernelH, p.KernelW, p.StrideH, p.StrideW,
            p.Padding.Top, p.Padding.Left, p.Padding.Bottom, p.Padding.Right);
        var y = p.Kind == PoolKind.Max ? Ops.MaxPool(Widen(x), attributes) : Ops.AveragePool(Widen(x), attributes);
        return Narrow(y);
    }

    private static ConvAttributes Attributes(Conv2DLayer c) => new(
        c.StrideH, c.StrideW, c.Padding.Top, c.Padding.Left, c.Padding.Bottom, c.Padding.Right,
        c.DilationH, c.DilationW, c.Groups);

    /// <summary>int32 sums (wrapped to int16 for an int16 accumulator) requantised by ONNX's QLinear rule.</summary>
    private static Tensor<short> IntegerOutput(Tensor<int> acc, QuantParams q, LayerFormat f)
    {
        if (f.Accumulator == ElementFormat.Int16)
            acc = new Tensor<int>(acc.Shape, Array.ConvertAll(acc.Data, v => (int)unchecked((short)v)));
        if (f.Output == ElementFormat.Int8)
        {
            var int8 = Ops.Requantize(acc, q.InputScale, [q.WeightScale], q.OutputScale, q.OutputZeroPoint, QuantizedType.Int8);
            return new Tensor<short>(acc.Shape, Array.ConvertAll(int8.Data, v => checked((short)v)));
        }
        float multiplier = Ops.RequantizeMultiplier(q.InputScale, q.WeightScale, q.OutputScale);
        return new Tensor<short>(acc.Shape, Array.ConvertAll(acc.Data, v => (short)IntegerQuantizer.Saturate(
            (long)Math.Round(v * (double)multiplier, MidpointRounding.ToEven) + q.OutputZeroPoint, f.Output)));
    }

    private static GoldenResult Errors(Tensor<short> output, Tensor<double> reference, QuantParams q, LayerFormat f)
    {
        double multiplier = Ops.RequantizeMultiplier(q.InputScale, q.WeightScale, q.OutputScale);
        var info = f.Output.Info();
        double maxAbs = 0, maxUlp = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double real = f.IsFloat ? reference.Data[i] : reference.Data[i] * multiplier + q.OutputZeroPoint;
            double got = ElementCodec.ToDouble(f.Output, unchecked((ushort)output.Data[i]));
            double error = Math.Abs(got - real);
            maxAbs = Math.Max(maxAbs, error);
            maxUlp = Math.Max(maxUlp, error / Ulp(info, real));
        }
        return new GoldenResult(output, maxAbs, maxUlp);
    }

    /// <summary>The spacing of the format's values at <paramref name="x"/> (1 for integers; the subnormal spacing below the normal range).</summary>
    private static double Ulp(ElementFormatInfo info, double x)
    {
        if (!info.IsFloat) return 1;
        double magnitude = Math.Abs(x);
        int exponent = magnitude == 0 ? int.MinValue : Math.ILogB(magnitude);
        exponent = Math.Max(exponent, 1 - info.Bias);
        return Math.ScaleB(1.0, exponent - info.MantissaBits);
    }

    /// <summary>
    /// True when an integer layer's int32 sums cannot have wrapped (K x max|a| x max|w| &lt; 2^31) and the
    /// accumulator is int32: then the golden sums are the exact ones and serve as the float64 reference.
    /// </summary>
    private static bool SumsAreExact(int k, LayerFormat f)
    {
        var info = f.Operands.Info();
        double largest = Math.Max(Math.Abs(info.MinFinite), info.MaxFinite);
        return f.Accumulator == ElementFormat.Int32 && k * largest * largest < 2147483648.0;
    }

    private static Tensor<double> ToDouble(Tensor<int> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (double)v));

    private static Tensor<double> ToDouble(Tensor<short> t, ElementFormat format) =>
        new(t.Shape, Array.ConvertAll(t.Data, v => (double)Accumulation.Decode(format, v)));

    private static Tensor<int> Widen(Tensor<sbyte> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (int)v));

    /// <summary>Raw bits of an integer format as the golden model's plain ints.</summary>
    public static Tensor<int> Widen(Tensor<short> t) => new(t.Shape, Array.ConvertAll(t.Data, v => (int)v));

    /// <summary>Back to int8, refusing any value outside it: the golden ops must already have saturated.</summary>
    private static Tensor<sbyte> Narrow(Tensor<int> t) => new(t.Shape, Array.ConvertAll(t.Data, v => checked((sbyte)v)));
}
