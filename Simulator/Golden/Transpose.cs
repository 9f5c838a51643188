using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>ONNX Transpose: output dimension i is input dimension perm[i].</summary>
    public static Tensor<T> Transpose<T>(Tensor<T> x, int[] perm) where T : unmanaged
    {
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        var y = new Tensor<T>(shape);
        var index = new int[x.Rank];
        for (int i = 0; i < y.Length; i++)
        {
            int rest = i;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[perm[d]] = rest % shape[d];
                rest /= shape[d];
            }
            int source = 0;
            for (int d = 0; d < x.Rank; d++) source = source * x.Shape[d] + index[d];
            y.Data[i] = x.Data[source];
        }
        return y;
    }
}
