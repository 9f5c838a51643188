using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX QLinearConv = <see cref="ConvInteger(Tensor{int}, int, Tensor{int}, IReadOnlyList{int}, ConvAttributes)"/>
    /// + int32 bias (optional, [M], already in scale x_scale * w_scale) + <see cref="Requantize"/>.
    /// Weight scales and zero points are per tensor (1 value) or per output channel (M values).
    /// </summary>
    public static Tensor<int> QLinearConv(
        Tensor<int> x, float xScale, int xZeroPoint,
        Tensor<int> w, IReadOnlyList<float> wScales, IReadOnlyList<int> wZeroPoints,
        float yScale, int yZeroPoint, Tensor<int>? bias, ConvAttributes a, QuantizedType outputType)
    {
        var acc = ConvInteger(x, xZeroPoint, w, wZeroPoints, a);
        if (bias is not null)
        {
            int m = acc.Shape[1], plane = acc.Shape[2] * acc.Shape[3];
            if (bias.Length != m) throw new ArgumentException($"bias has {bias.Length} values, expected {m}");
            for (int i = 0; i < acc.Length; i++)
                acc.Data[i] = unchecked(acc.Data[i] + bias.Data[i / plane % m]);
        }
        return Requantize(acc, xScale, wScales, yScale, yZeroPoint, outputType, channelAxis: 1);
    }
}
