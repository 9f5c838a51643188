using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX QLinearMatMul = <see cref="MatMulInteger"/> + <see cref="Requantize"/>, per-tensor scales and zero points.
    /// </summary>
    public static Tensor<int> QLinearMatMul(
        Tensor<int> a, float aScale, int aZeroPoint,
        Tensor<int> b, float bScale, int bZeroPoint,
        float yScale, int yZeroPoint, QuantizedType outputType)
    {
        var acc = MatMulInteger(a, aZeroPoint, b, bZeroPoint);
        return Requantize(acc, aScale, [bScale], yScale, yZeroPoint, outputType);
    }
}
