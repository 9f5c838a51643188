using Sim.Accelerator;
using Sim.Tensors;

namespace Sim.Sfu;

/// <summary>
/// Softmax along an axis as hardware with an SFU holding exp and reciprocal runs it, row by row of the axis:
///   1. vector unit: the row's max, then d = x - max (two reads an element; fp32, exact max);
///   2. SFU: e = exp(d), one lookup an element;
///   3. vector unit: s = the fp32 sum of the row's e in index order (one read an element, one fp32 value a row out);
///   4. SFU: r = 1 / s, one lookup a row;
///   5. vector unit: y = e r in fp32 (one read an element).
/// Steps run one after another (each needs the last one's whole output), so the node's cycles are the sum of the steps':
///   vector(n elements, 2 reads) + sfu(n) + vector(n, 1 read) + sfu(rows) + vector(n, 1 read),
/// vector(m, k) the vector unit's ceil(k m / lanes) a chunk and sfu(m) the SFU's ceil(m / lanes) + 4 a chunk; its energy is
/// 4n vector-unit reads and n + rows SFU lookups.
/// </summary>
internal sealed class SfuSoftmax(SpecialFunctionUnit sfu, VectorUnit vector)
{
    /// <summary>Vector-unit reads an element: two in step 1, one in step 3, one in step 5.</summary>
    public const int VectorReadsPerElement = 4;

    public Tensor<float> Run(Tensor<float> x, int axis)
    {
        int n = x.Shape[axis], inner = Inner(x, axis), rows = x.Length / Math.Max(1, n);
        var d = new Tensor<float>(x.Shape);
        ForEachRow(x, axis, (b, _) =>
        {
            float max = float.NegativeInfinity;
            for (int k = 0; k < n; k++) max = MathF.Max(max, x.Data[b + k * inner]);
            for (int k = 0; k < n; k++) d.Data[b + k * inner] = x.Data[b + k * inner] - max;
        });
        var e = sfu.Run(SpecialFunctionUnit.Kernel(SfuFunction.Exp), d);
        var s = new Tensor<float>([rows]);
        ForEachRow(x, axis, (b, row) =>
        {
            float sum = 0;
            for (int k = 0; k < n; k++) sum += e.Data[b + k * inner];
            s.Data[row] = sum;
        });
        var r = sfu.Run(SpecialFunctionUnit.Kernel(SfuFunction.Reciprocal), s);
        var y = new Tensor<float>(x.Shape);
        ForEachRow(x, axis, (b, row) =>
        {
            for (int k = 0; k < n; k++) y.Data[b + k * inner] = e.Data[b + k * inner] * r.Data[row];
        });
        return y;
    }

    /// <summary>The five steps' command streams in order (the formula above); x is read and y written in elements of <paramref name="elementBytes"/>.</summary>
    public List<TileStep> Steps(Tensor<float> x, int axis, int elementBytes)
    {
        long elements = x.Length, rows = elements / Math.Max(1, x.Shape[axis]);
        return
        [
            .. vector.ElementwiseSteps(elements, elementBytes, 2, elements * 4),
            .. sfu.Steps(elements),
            .. vector.ElementwiseSteps(elements, 4, 1, rows * 4),
            .. sfu.Steps(rows),
            .. vector.ElementwiseSteps(elements, 4, 1, elements * elementBytes),
        ];
    }

    /// <summary>SFU lookups: one an element (exp) and one a row (reciprocal).</summary>
    public static long Lookups(Tensor<float> x, int axis) => x.Length + x.Length / Math.Max(1, x.Shape[axis]);

    private static int Inner(Tensor<float> x, int axis) => x.Shape[(axis + 1)..].Aggregate(1, (p, q) => p * q);

    /// <summary>Calls <paramref name="body"/> with each row's first element and the row's number (outer-major, then inner).</summary>
    private static void ForEachRow(Tensor<float> x, int axis, Action<int, int> body)
    {
        int n = x.Shape[axis], inner = Inner(x, axis), outer = x.Length / Math.Max(1, n * inner);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                body(o * n * inner + i, o * inner + i);
    }
}
