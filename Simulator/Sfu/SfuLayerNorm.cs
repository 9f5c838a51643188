using Sim.Accelerator;
using Sim.Tensors;

namespace Sim.Sfu;

/// <summary>
/// LayerNormalization as hardware with an SFU holding rsqrt runs it. The normalised dimensions (axis to the last) are
/// contiguous, so x is rows of n elements; each row, in fp32 with every operation rounded:
///   1. vector unit: m = (the sum of the row in index order) / n (one read an element, one value a row out);
///   2. vector unit: v = (the sum of (x - m)^2 in index order, each difference and square rounded) / n + epsilon
///      (one read an element, one value a row out);
///   3. SFU: r = rsqrt(v), one lookup a row;
///   4. vector unit: y = (((x - m) r) scale) + bias, in that order, no fused multiply-add (reads x, scale and bias if any).
/// Each step needs the last one's whole output, so the node's cycles are the sum of the steps':
///   vector(n elements, 1 read) + vector(n, 1 read) + sfu(rows) + vector(n, 2 or 3 reads),
/// vector(m, k) the vector unit's ceil(k m / lanes) a chunk and sfu(m) the SFU's ceil(m / lanes) + 4 a chunk; its energy is
/// (4 or 5) n vector-unit reads and one SFU lookup a row.
/// </summary>
internal sealed class SfuLayerNorm(SpecialFunctionUnit sfu, VectorUnit vector)
{
    public Tensor<float> Run(Tensor<float> x, int axis, float[] scale, float[]? bias, float epsilon)
    {
        int n = RowLength(x, axis), rows = x.Length / Math.Max(1, n);
        var mean = new float[rows];
        var variance = new Tensor<float>([rows]);
        for (int row = 0; row < rows; row++)
        {
            var xs = x.Data.AsSpan(row * n, n);
            float sum = 0;
            foreach (float v in xs) sum += v;
            mean[row] = sum / n;
            float squares = 0;
            foreach (float v in xs)
            {
                float d = v - mean[row];
                squares += d * d;
            }
            variance.Data[row] = squares / n + epsilon;
        }
        var r = sfu.Run(SpecialFunctionUnit.Kernel(SfuFunction.Rsqrt), variance);
        var y = new Tensor<float>(x.Shape);
        for (int j = 0; j < x.Length; j++)
        {
            int row = j / n, k = j % n;
            float t = (x.Data[j] - mean[row]) * r.Data[row] * scale[k];
            y.Data[j] = bias is null ? t : t + bias[k];
        }
        return y;
    }

    /// <summary>The four steps' command streams in order (the formula above); x is read and y written in elements of <paramref name="elementBytes"/>.</summary>
    public List<TileStep> Steps(Tensor<float> x, int axis, bool hasBias, int elementBytes)
    {
        long elements = x.Length, rows = Rows(x, axis);
        return
        [
            .. vector.ElementwiseSteps(elements, elementBytes, 1, rows * 4),
            .. vector.ElementwiseSteps(elements, elementBytes, 1, rows * 4),
            .. sfu.Steps(rows),
            .. vector.ElementwiseSteps(elements, elementBytes, LastStepReads(hasBias), elements * elementBytes),
        ];
    }

    /// <summary>Vector-unit reads an element: one in step 1, one in step 2, and step 4's.</summary>
    public static int VectorReadsPerElement(bool hasBias) => 2 + LastStepReads(hasBias);

    /// <summary>The number of rows: one SFU lookup each.</summary>
    public static long Rows(Tensor<float> x, int axis) => x.Length / Math.Max(1, RowLength(x, axis));

    /// <summary>The normalised dimensions' element count.</summary>
    public static int RowLength(Tensor<float> x, int axis) => x.Shape[axis..].Aggregate(1, (p, q) => p * q);

    private static int LastStepReads(bool hasBias) => hasBias ? 3 : 2;
}
