using Sim.Config;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// Softmax along <paramref name="axis"/> as hardware with a special-function unit computes it, each step rounded as the
    /// hardware rounds it: d = x - max (fp32), e = the SFU's exp of d (<see cref="SpecialFunction"/>, its golden tables),
    /// s = the fp32 sum of the row's e in index order, r = the SFU's reciprocal of s, y = e r (fp32).
    /// </summary>
    public static Tensor<float> SoftmaxOnSfu(Tensor<float> x, int axis, SfuConfig sfu)
    {
        int outer = 1, inner = 1, n = x.Shape[axis];
        for (int d = 0; d < axis; d++) outer *= x.Shape[d];
        for (int d = axis + 1; d < x.Rank; d++) inner *= x.Shape[d];
        var shifted = new float[x.Length];
        var sums = new float[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int at(int k) => (o * n + k) * inner + i;
                float max = float.NegativeInfinity;
                for (int k = 0; k < n; k++) max = MathF.Max(max, x.Data[at(k)]);
                for (int k = 0; k < n; k++) shifted[at(k)] = x.Data[at(k)] - max;
            }
        var e = SpecialFunction(SfuFunction.Exp, false, sfu, new Tensor<float>(x.Shape, shifted));
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                for (int k = 0; k < n; k++)
                    sums[o * inner + i] += e.Data[(o * n + k) * inner + i];
        var r = SpecialFunction(SfuFunction.Reciprocal, false, sfu, new Tensor<float>([sums.Length], sums));
        var y = new float[x.Length];
        for (int j = 0; j < y.Length; j++)
            y[j] = e.Data[j] * r.Data[j / (n * inner) * inner + j % inner];
        return new Tensor<float>(x.Shape, y);
    }
}
