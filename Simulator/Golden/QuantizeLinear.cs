using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX QuantizeLinear: y = saturate(round_half_even(x / scale) + zeroPoint), computed in float32 as
    /// the ONNX reference does. <paramref name="scale"/> (and <paramref name="zeroPoint"/>, if given) hold
    /// one value (per tensor) or one per index of dimension <paramref name="axis"/> (per axis; negative
    /// axes count from the end). A null zero point means 0.
    /// </summary>
    public static Tensor<int> QuantizeLinear(Tensor<float> x, Tensor<float> scale, Tensor<int>? zeroPoint, QuantizedType type, int axis = 1)
    {
        var (_, channels, inner) = AxisLayout(x.Shape, scale.Length, zeroPoint?.Length, axis);
        var y = new int[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int ch = channels == 1 ? 0 : i / inner % channels;
            float s = scale.Data[scale.Length == 1 ? 0 : ch];
            int zp = zeroPoint is null ? 0 : zeroPoint.Data[zeroPoint.Length == 1 ? 0 : ch];
            y[i] = QuantizeValue(x.Data[i], s, zp, type);
        }
        return new Tensor<int>(x.Shape, y);
    }

    /// <summary>QuantizeLinear with a per-tensor scale and zero point.</summary>
    public static Tensor<int> QuantizeLinear(Tensor<float> x, float scale, int zeroPoint, QuantizedType type) =>
        QuantizeLinear(x, new Tensor<float>([], [scale]), new Tensor<int>([], [zeroPoint]), type);

    /// <summary>One value: saturate(round_half_even(x / scale) + zeroPoint), the division in float32.</summary>
    public static int QuantizeValue(float x, float scale, int zeroPoint, QuantizedType type)
    {
        float q = MathF.Round(x / scale, MidpointRounding.ToEven);
        return type.Saturate((double)q + zeroPoint);
    }

    /// <summary>
    /// Splits a shape around a quantization axis: (product of dims before, dim at axis, product after).
    /// For per-tensor parameters (all counts 1) the whole tensor is one channel.
    /// </summary>
    private static (int Outer, int Channels, int Inner) AxisLayout(int[] shape, int scaleCount, int? zeroPointCount, int axis)
    {
        if (zeroPointCount is int z && z != scaleCount)
            throw new ArgumentException($"scale has {scaleCount} values but zero point has {z}");
        if (scaleCount == 1) return (1, 1, Tensor<int>.ElementCount(shape));
        int rank = shape.Length;
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) throw new ArgumentException($"axis {axis} is out of range for rank {rank}");
        if (shape[axis] != scaleCount)
            throw new ArgumentException($"per-axis scale has {scaleCount} values but dimension {axis} is {shape[axis]}");
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < rank; d++) inner *= shape[d];
        return (outer, scaleCount, inner);
    }
}
