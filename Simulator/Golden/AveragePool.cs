using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// Float 2-D average pool (ONNX AveragePool). The divisor counts the window elements inside the input;
    /// with <see cref="PoolAttributes.CountIncludePad"/> it also counts those in the explicit padding (but not
    /// the extra area a ceil-mode window may reach beyond the padding).
    /// </summary>
    public static Tensor<float> AveragePool(Tensor<float> x, PoolAttributes a)
    {
        a.Validate(x.Rank);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = a.OutputHeight(h), ow = a.OutputWidth(w);
        var y = new Tensor<float>(n, c, oh, ow);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        var (sum, count) = PoolSum(a, h, w, oy, ox, (iy, ix) => x[b, ch, iy, ix]);
                        y[b, ch, oy, ox] = count == 0 ? 0f : (float)(sum / count);
                    }
        return y;
    }

    /// <summary>
    /// Integer 2-D average pool for quantized activations (input and output share scale and zero point).
    /// Windows and divisor as in the float version; the exact quotient sum / count is rounded
    /// <b>half to even</b> (e.g. 5/2 = 2.5 → 2, 7/2 = 3.5 → 4, -5/2 = -2.5 → -2), with integer arithmetic only.
    /// </summary>
    public static Tensor<int> AveragePool(Tensor<int> x, PoolAttributes a)
    {
        a.Validate(x.Rank);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = a.OutputHeight(h), ow = a.OutputWidth(w);
        var y = new Tensor<int>(n, c, oh, ow);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        var (sum, count) = PoolSum(a, h, w, oy, ox, (iy, ix) => x[b, ch, iy, ix]);
                        y[b, ch, oy, ox] = count == 0 ? 0 : (int)DivideRoundHalfToEven((long)sum, count);
                    }
        return y;
    }

    /// <summary>Integer division rounded to the nearest integer, ties to even. <paramref name="divisor"/> must be positive.</summary>
    public static long DivideRoundHalfToEven(long dividend, long divisor)
    {
        if (divisor <= 0) throw new ArgumentOutOfRangeException(nameof(divisor), "divisor must be positive");
        long q = Math.DivRem(dividend, divisor, out long r);
        if (r < 0) { q--; r += divisor; }           // floor division: 0 <= r < divisor
        if (2 * r > divisor || (2 * r == divisor && (q & 1) != 0)) q++;
        return q;
    }

    /// <summary>Sum of the input elements in one pool window and the divisor for that window.</summary>
    private static (double Sum, int Count) PoolSum(PoolAttributes a, int h, int w, int oy, int ox, Func<int, int, double> value)
    {
        double sum = 0;
        int count = 0;
        for (int ky = 0; ky < a.KernelH; ky++)
        {
            int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
            bool rowInPad = iy >= -a.PadTop && iy < h + a.PadBottom;
            for (int kx = 0; kx < a.KernelW; kx++)
            {
                int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                bool inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                if (inside)
                {
                    sum += value(iy, ix);
                    count++;
                }
                else if (a.CountIncludePad && rowInPad && ix >= -a.PadLeft && ix < w + a.PadRight)
                {
                    count++;
                }
            }
        }
        return (sum, count);
    }
}
