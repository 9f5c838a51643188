using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>The numpy broadcast of two shapes (aligned at the right; a dimension of 1 stretches).</summary>
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"shapes [{string.Join(",", a)}] and [{string.Join(",", b)}] do not broadcast");
            shape[i] = da == 1 ? db : da;
        }
        return shape;
    }

    /// <summary>
    /// <paramref name="f"/> of each pair of elements under numpy (multidirectional) broadcasting: what ONNX's
    /// binary arithmetic operators share. Each output element is computed on its own, from its own indices.
    /// </summary>
    private static Tensor<T> Broadcast<T>(Tensor<T> a, Tensor<T> b, Func<T, T, T> f) where T : unmanaged
    {
        var shape = BroadcastShape(a.Shape, b.Shape);
        var y = new Tensor<T>(shape);
        for (int i = 0; i < y.Length; i++)
            y.Data[i] = f(a.Data[BroadcastIndex(i, shape, a.Shape)], b.Data[BroadcastIndex(i, shape, b.Shape)]);
        return y;
    }

    /// <summary>The flat index in a tensor of <paramref name="from"/> that output element <paramref name="flat"/> of <paramref name="shape"/> reads.</summary>
    private static int BroadcastIndex(int flat, int[] shape, int[] from)
    {
        int index = 0, stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            int coordinate = flat % shape[d];
            flat /= shape[d];
            int fd = d - (shape.Length - from.Length);
            if (fd < 0) continue;
            if (from[fd] != 1) index += coordinate * stride;
            stride *= from[fd];
        }
        return index;
    }
}
