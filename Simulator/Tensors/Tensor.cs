namespace Sim.Tensors;

/// <summary>
/// A dense, row-major (C order) tensor. Layers use NCHW for activations and
/// OIHW (out channels, in channels per group, kernel h, kernel w) for convolution weights,
/// the layouts ONNX uses, so conformance data loads without transposes.
/// </summary>
internal sealed class Tensor<T> where T : unmanaged
{
    public int[] Shape { get; }
    public T[] Data { get; }

    public Tensor(params int[] shape) : this(shape, new T[ElementCount(shape)]) { }

    public Tensor(int[] shape, T[] data)
    {
        if (data.Length != ElementCount(shape))
            throw new ArgumentException($"shape [{string.Join(",", shape)}] needs {ElementCount(shape)} elements, got {data.Length}");
        Shape = (int[])shape.Clone();
        Data = data;
    }

    public int Rank => Shape.Length;
    public int Length => Data.Length;

    public ref T this[int i0, int i1] => ref Data[i0 * Shape[1] + i1];
    public ref T this[int i0, int i1, int i2, int i3] =>
        ref Data[((i0 * Shape[1] + i1) * Shape[2] + i2) * Shape[3] + i3];

    public static long ElementCountLong(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    public static int ElementCount(ReadOnlySpan<int> shape) => checked((int)ElementCountLong(shape));

    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    /// <summary>Index of the first element that differs, or -1 when the data are identical (shapes are the caller's to check).</summary>
    public int FirstDifference(Tensor<T> other)
    {
        if (Data.Length != other.Data.Length) return 0;
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < Data.Length; i++)
            if (!cmp.Equals(Data[i], other.Data[i])) return i;
        return -1;
    }

    /// <summary>The multi-dimensional index of flat position <paramref name="flat"/>, as "[n,c,h,w]".</summary>
    public string IndexText(int flat)
    {
        var idx = new int[Shape.Length];
        for (int d = Shape.Length - 1; d >= 0; d--)
        {
            idx[d] = flat % Shape[d];
            flat /= Shape[d];
        }
        return "[" + string.Join(",", idx) + "]";
    }
}
