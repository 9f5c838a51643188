using Sim.Tensors;

namespace Sim.Golden;

/// <summary>Golden (reference) operators: plain loops, no tiling, no timing.</summary>
internal static partial class Ops
{
    /// <summary>
    /// Float 2-D convolution (ONNX Conv). x: [N, C, H, W]; w: [M, C/groups, kH, kW]; bias: [M] or null.
    /// Returns [N, M, oH, oW]. Sums are accumulated in double and rounded once to float.
    /// </summary>
    public static Tensor<float> Conv2D(Tensor<float> x, Tensor<float> w, Tensor<float>? bias, ConvAttributes a)
    {
        var (n, c, h, wd, m, cg, kh, kw, oh, ow) = ConvShapes(x.Shape, w.Shape, a);
        if (bias is not null && bias.Length != m) throw new ArgumentException($"bias has {bias.Length} values, expected {m}");
        var y = new Tensor<float>(n, m, oh, ow);
        int mPerGroup = m / a.Groups;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / mPerGroup;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = bias is null ? 0 : bias.Data[oc];
                        for (int ic = 0; ic < cg; ic++)
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
                                if (iy < 0 || iy >= h) continue;
                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                                    if (ix < 0 || ix >= wd) continue;
                                    sum += (double)x[b, g * cg + ic, iy, ix] * w[oc, ic, ky, kx];
                                }
                            }
                        y[b, oc, oy, ox] = (float)sum;
                    }
            }
        return y;
    }

    /// <summary>Checks convolution shapes and returns the sizes involved.</summary>
    private static (int N, int C, int H, int W, int M, int Cg, int KH, int KW, int OH, int OW) ConvShapes(
        int[] xShape, int[] wShape, ConvAttributes a)
    {
        if (xShape.Length != 4) throw new ArgumentException($"conv input must be 4-D NCHW, got rank {xShape.Length}");
        if (wShape.Length != 4) throw new ArgumentException($"conv weights must be 4-D OIHW, got rank {wShape.Length}");
        a.Validate();
        int n = xShape[0], c = xShape[1], h = xShape[2], wd = xShape[3];
        int m = wShape[0], cg = wShape[1], kh = wShape[2], kw = wShape[3];
        if (c != cg * a.Groups)
            throw new ArgumentException($"input has {c} channels but weights expect {cg} per group x {a.Groups} groups");
        if (m % a.Groups != 0)
            throw new ArgumentException($"{m} output channels are not divisible by {a.Groups} groups");
        return (n, c, h, wd, m, cg, kh, kw, a.OutputHeight(h, kh), a.OutputWidth(wd, kw));
    }
}
