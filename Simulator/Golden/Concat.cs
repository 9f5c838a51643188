using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>ONNX Concat along <paramref name="axis"/> (non-negative); every other dimension equal.</summary>
    public static Tensor<T> Concat<T>(IReadOnlyList<Tensor<T>> inputs, int axis) where T : unmanaged
    {
        var shape = (int[])inputs[0].Shape.Clone();
        shape[axis] = inputs.Sum(t => t.Shape[axis]);
        var y = new Tensor<T>(shape);
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        for (int o = 0; o < outer; o++)
        {
            int offset = 0;
            foreach (var t in inputs)
            {
                int k = t.Shape[axis];
                for (int j = 0; j < k * inner; j++)
                    y.Data[(o * shape[axis] + offset) * inner + j] = t.Data[o * k * inner + j];
                offset += k;
            }
        }
        return y;
    }
}
