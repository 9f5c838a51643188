using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>ONNX Add with numpy (multidirectional) broadcasting, float32 sums.</summary>
    public static Tensor<float> Add(Tensor<float> a, Tensor<float> b)
    {
        var shape = BroadcastShape(a.Shape, b.Shape);
        var y = new Tensor<float>(shape);
        for (int i = 0; i < y.Length; i++)
            y.Data[i] = a.Data[BroadcastIndex(i, shape, a.Shape)] + b.Data[BroadcastIndex(i, shape, b.Shape)];
        return y;
    }

    /// <summary>ONNX Add on int32 tensors: wrapping sums, numpy broadcasting.</summary>
    public static Tensor<int> Add(Tensor<int> a, Tensor<int> b)
    {
        var shape = BroadcastShape(a.Shape, b.Shape);
        var y = new Tensor<int>(shape);
        for (int i = 0; i < y.Length; i++)
            y.Data[i] = unchecked(a.Data[BroadcastIndex(i, shape, a.Shape)] + b.Data[BroadcastIndex(i, shape, b.Shape)]);
        return y;
    }

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
