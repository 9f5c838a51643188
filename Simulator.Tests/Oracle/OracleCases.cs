using Sim.Config;
using Sim.Golden;

namespace Sim.Tests.Oracle;

/// <summary>
/// Random operator cases for the ONNX Runtime oracle tests. Every case is a pure function of its
/// operator's seed and its index, so a failing case is reproduced by its test name alone.
/// </summary>
internal static class OracleCases
{
    public const int QLinearConvCount = 260;
    public const int ConvIntegerCount = 120;
    public const int MatMulIntegerCount = 100;
    public const int QLinearMatMulCount = 160;
    public const int FloatConvCount = 80;
    public const int GemmCount = 80;

    public static Random Rng(int opSeed, int index) => new(unchecked(opSeed * 7919 + index * 104729 + 12345));

    public static int[] Values(Random r, int count, QuantizedType type, bool narrow = false)
    {
        int lo = type.MinValue(), hi = type.MaxValue();
        if (narrow)
        {
            int mid = type == QuantizedType.Int8 ? 0 : 128;
            lo = mid - 8; hi = mid + 7;
        }
        var v = new int[count];
        for (int i = 0; i < count; i++) v[i] = r.Next(lo, hi + 1);
        return v;
    }

    public static int ZeroPoint(Random r, QuantizedType type) => r.Next(type.MinValue(), type.MaxValue() + 1);

    public static QuantizedType AnyType(Random r) => r.Next(2) == 0 ? QuantizedType.Int8 : QuantizedType.UInt8;

    public static string Name(QuantizedType t) => t == QuantizedType.Int8 ? "i8" : "u8";

    /// <summary>A float32 scale, log-uniform in [lo, hi].</summary>
    public static float LogUniform(Random r, double lo, double hi) =>
        (float)Math.Exp(Math.Log(lo) + r.NextDouble() * (Math.Log(hi) - Math.Log(lo)));

    public static float[] Floats(Random r, int count, double scale = 1.0)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)((r.NextDouble() * 2 - 1) * scale);
        return v;
    }
}

/// <summary>The geometry of a random 2-D convolution (NCHW, OIHW weights).</summary>
internal sealed record ConvGeometry(
    int N, int C, int H, int W, int M, int KH, int KW,
    int StrideH, int StrideW, int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH, int DilationW, int Groups)
{
    public ConvAttributes Attributes => new(StrideH, StrideW, PadTop, PadLeft, PadBottom, PadRight, DilationH, DilationW, Groups);
    public int OH => Attributes.OutputHeight(H, KH);
    public int OW => Attributes.OutputWidth(W, KW);
    public int[] XShape => [N, C, H, W];
    public int[] WShape => [M, C / Groups, KH, KW];
    public int[] YShape => [N, M, OH, OW];
    public int XLength => N * C * H * W;
    public int WLength => M * (C / Groups) * KH * KW;
    public int K => C / Groups * KH * KW;

    public Conv2DLayer Layer(string name) => new(name, N, C, H, W, M, KH, KW, StrideH, StrideW,
        new Padding2D(PadTop, PadLeft, PadBottom, PadRight), DilationH, DilationW, Groups);

    /// <summary>Adds the ONNX Conv attributes (explicit kernel_shape, strides, pads, dilations, group).</summary>
    public OrtModel AddAttributes(OrtModel m) => m
        .Attribute("kernel_shape", KH, KW)
        .Attribute("strides", StrideH, StrideW)
        .Attribute("pads", PadTop, PadLeft, PadBottom, PadRight)
        .Attribute("dilations", DilationH, DilationW)
        .Attribute("group", (long)Groups);

    public override string ToString() =>
        $"x[{N},{C},{H},{W}] w[{M},{C / Groups},{KH},{KW}] stride {StrideH}x{StrideW} pads [{PadTop},{PadLeft},{PadBottom},{PadRight}] " +
        $"dilation {DilationH}x{DilationW} groups {Groups} -> y[{N},{M},{OH},{OW}]";

    /// <summary>
    /// N 1-2; plain, grouped (2-3 groups) or depthwise (groups = C, channel multiplier 1-2);
    /// kernel 1-5 per axis; strides 1-3; pads 0-2 per side, independently; dilations 1-2.
    /// </summary>
    public static ConvGeometry Random(Random r)
    {
        int kind = r.Next(4);
        int groups, cg, mg;
        switch (kind)
        {
            case 0: case 1: groups = 1; cg = r.Next(1, 7); mg = r.Next(1, 9); break;
            case 2: groups = r.Next(2, 4); cg = r.Next(1, 4); mg = r.Next(1, 4); break;
            default: groups = r.Next(2, 7); cg = 1; mg = r.Next(1, 3); break; // depthwise
        }
        int kh = r.Next(1, 6), kw = r.Next(1, 6);
        int sh = r.Next(1, 4), sw = r.Next(1, 4);
        int dh = r.Next(1, 3), dw = r.Next(1, 3);
        int pt = r.Next(3), pl = r.Next(3), pb = r.Next(3), pr = r.Next(3);
        int h = Math.Max(r.Next(1, 11), (kh - 1) * dh + 1 - pt - pb);
        int w = Math.Max(r.Next(1, 11), (kw - 1) * dw + 1 - pl - pr);
        return new ConvGeometry(r.Next(1, 3), groups * cg, Math.Max(h, 1), Math.Max(w, 1), groups * mg, kh, kw,
            sh, sw, pt, pl, pb, pr, dh, dw, groups);
    }
}
