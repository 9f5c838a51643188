using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// The requantization multiplier x_scale * w_scale / y_scale, computed in float32 (left to right) as the
    /// ONNX reference does with its float32 scale tensors.
    /// </summary>
    public static float RequantizeMultiplier(float inputScale, float weightScale, float outputScale) =>
        inputScale * weightScale / outputScale;

    /// <summary>
    /// One int32 accumulator to int8/uint8, ONNX QLinearConv/QLinearMatMul rules:
    /// y = saturate(round_half_even(acc * multiplier) + zeroPoint). The product is taken in double (the
    /// ONNX reference multiplies an int32 array by a float32 scalar, which numpy promotes to float64).
    /// The ONNX 1.12 conformance data (test_qlinearconv, test_qlinearmatmul_2D/3D) passes with either a
    /// float32 or a float64 product, so it does not pin this down; we follow the reference's promotion.
    /// </summary>
    public static int RequantizeValue(int acc, float multiplier, int outputZeroPoint, QuantizedType type)
    {
        double scaled = Math.Round(acc * (double)multiplier, MidpointRounding.ToEven);
        return type.Saturate(scaled + outputZeroPoint);
    }

    /// <summary>
    /// Requantizes int32 accumulators to int8/uint8. <paramref name="weightScales"/> holds one value (per
    /// tensor) or one per index of dimension <paramref name="channelAxis"/> (per output channel: 1 for NCHW
    /// conv outputs, the last axis for matmul outputs).
    /// </summary>
    public static Tensor<int> Requantize(Tensor<int> acc, float inputScale, IReadOnlyList<float> weightScales, float outputScale,
        int outputZeroPoint, QuantizedType type, int channelAxis = 1)
    {
        var (_, channels, inner) = AxisLayout(acc.Shape, weightScales.Count, null, channelAxis);
        var multipliers = new float[weightScales.Count];
        for (int i = 0; i < multipliers.Length; i++) multipliers[i] = RequantizeMultiplier(inputScale, weightScales[i], outputScale);
        var y = new int[acc.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int ch = channels == 1 ? 0 : i / inner % channels;
            y[i] = RequantizeValue(acc.Data[i], multipliers[ch], outputZeroPoint, type);
        }
        return new Tensor<int>(acc.Shape, y);
    }
}
