using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX DequantizeLinear: y = (x - zeroPoint) * scale in float32. Scale and zero point are per tensor or
    /// per index of dimension <paramref name="axis"/>, as in <see cref="QuantizeLinear(Tensor{float}, Tensor{float}, Tensor{int}?, QuantizedType, int)"/>.
    /// </summary>
    public static Tensor<float> DequantizeLinear(Tensor<int> x, Tensor<float> scale, Tensor<int>? zeroPoint, int axis = 1)
    {
        var (_, channels, inner) = AxisLayout(x.Shape, scale.Length, zeroPoint?.Length, axis);
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int ch = channels == 1 ? 0 : i / inner % channels;
            float s = scale.Data[scale.Length == 1 ? 0 : ch];
            int zp = zeroPoint is null ? 0 : zeroPoint.Data[zeroPoint.Length == 1 ? 0 : ch];
            y[i] = (float)(x.Data[i] - zp) * s;
        }
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>DequantizeLinear with a per-tensor scale and zero point.</summary>
    public static Tensor<float> DequantizeLinear(Tensor<int> x, float scale, int zeroPoint) =>
        DequantizeLinear(x, new Tensor<float>([], [scale]), new Tensor<int>([], [zeroPoint]));
}
