using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// ONNX ReduceMean of fp32 data over <paramref name="axes"/> (each in [0, rank), distinct; none: every element is
    /// its own mean): for each output, its inputs summed in fp32 in increasing input index, from -0 (so that a mean of
    /// -0 stays -0), then divided in fp32 by their count. <paramref name="keepDims"/> keeps each reduced axis as 1.
    /// </summary>
    public static Tensor<float> ReduceMean(Tensor<float> x, int[] axes, bool keepDims)
    {
        int rank = x.Rank;
        var reduced = new bool[rank];
        foreach (int a in axes) reduced[a] = true;
        var kept = Enumerable.Range(0, rank).Select(d => reduced[d] ? 1 : x.Shape[d]).ToArray();
        var within = Enumerable.Range(0, rank).Select(d => reduced[d] ? x.Shape[d] : 1).ToArray();
        int count = Tensor<float>.ElementCount(within);
        var y = new float[Tensor<float>.ElementCount(kept)];
        var at = new int[rank];
        for (int o = 0; o < y.Length; o++)
        {
            // The output's coordinates in the kept shape, then every reduced coordinate in row-major order.
            Coordinates(o, kept, at);
            float sum = -0f;
            for (int r = 0; r < count; r++)
            {
                int flat = 0, rest = r;
                for (int d = rank - 1, stride = 1; d >= 0; stride *= x.Shape[d], d--)
                {
                    int c = reduced[d] ? rest % within[d] : at[d];
                    if (reduced[d]) rest /= within[d];
                    flat += c * stride;
                }
                sum += x.Data[flat];
            }
            y[o] = sum / count;
        }
        var shape = keepDims ? kept : Enumerable.Range(0, rank).Where(d => !reduced[d]).Select(d => x.Shape[d]).ToArray();
        return new Tensor<float>(shape, y);
    }

    private static void Coordinates(int flat, int[] shape, int[] at)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            at[d] = flat % shape[d];
            flat /= shape[d];
        }
    }
}
