using Sim.Golden;
using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// A random QLinearConv. Supported by ORT's CPU kernels: x and y of one type; w int8 with x int8,
/// w int8 or uint8 with x uint8 (ORT has no int8-x/uint8-w kernel). Weight scales and zero points
/// are per tensor or per output channel; bias is optional.
/// </summary>
internal sealed record QLinearConvCase(
    int Index, ConvGeometry G,
    QuantizedType XType, float XScale, int XZeroPoint, int[] X,
    QuantizedType WType, float[] WScales, int[] WZeroPoints, int[] W,
    float YScale, int YZeroPoint, int[]? Bias, string ScaleKind)
{
    public QuantizedType YType => XType;

    /// <summary>
    /// What the fast model's PE-array path runs: int8 operands with zero point 0, one weight scale,
    /// output zero point 0, no bias.
    /// </summary>
    public bool OnFastModel => XType == QuantizedType.Int8 && XZeroPoint == 0 && WType == QuantizedType.Int8
        && WZeroPoints.All(z => z == 0) && WScales.Length == 1 && YZeroPoint == 0 && Bias is null;

    /// <summary>
    /// Whether ORT runs it on MLAS's uint8 x int8 GEMM (<see cref="OrtInt8Exactness"/>): x's im2col (MLAS's A)
    /// uint8 times w (its B) int8, unless depthwise (one input and one output channel per group), which ORT
    /// runs on a kernel that widens to int16.
    /// </summary>
    public bool OnMlasU8S8Gemm => XType == QuantizedType.UInt8 && WType == QuantizedType.Int8 && !(G.C == G.Groups && G.M == G.Groups);

    public static QLinearConvCase Make(int index)
    {
        var r = OracleCases.Rng(1, index);
        var g = ConvGeometry.Random(r);
        bool fast = r.NextDouble() < 0.4;
        var xt = fast ? QuantizedType.Int8 : OracleCases.AnyType(r);
        var wt = xt == QuantizedType.Int8 || r.Next(2) == 0 ? QuantizedType.Int8 : QuantizedType.UInt8;
        bool perChannel = !fast && r.Next(2) == 0;
        int channels = perChannel ? g.M : 1;
        int xzp = fast ? 0 : OracleCases.ZeroPoint(r, xt);
        int[] wzp = new int[channels];
        if (!fast && (wt == QuantizedType.UInt8 || r.Next(3) == 0))
        {
            bool same = r.Next(2) == 0;
            int z = OracleCases.ZeroPoint(r, wt);
            for (int i = 0; i < channels; i++) wzp[i] = same ? z : OracleCases.ZeroPoint(r, wt);
        }
        int yzp = fast ? 0 : OracleCases.ZeroPoint(r, xt);

        var (xScale, wScales, yScale, kind) = Scales(r, channels, g.K);
        var x = OracleCases.Values(r, g.XLength, xt, narrow: r.Next(8) == 0);
        var w = OracleCases.Values(r, g.WLength, wt, narrow: r.Next(8) == 0);
        int[]? bias = null;
        if (!fast && r.Next(2) == 0)
        {
            int range = r.Next(1, 5) * 5000;
            bias = new int[g.M];
            for (int i = 0; i < bias.Length; i++) bias[i] = r.Next(-range, range + 1);
        }
        return new QLinearConvCase(index, g, xt, xScale, xzp, x, wt, wScales, wzp, w, yScale, yzp, bias, kind);
    }

    /// <summary>
    /// Random scales: log-uniform ("random"), or powers of two ("pow2") so that many products
    /// acc x multiplier land exactly on .5 and round-half-to-even is exercised. The output scale
    /// is set so typical sums spread over the 8-bit range, with some saturation.
    /// </summary>
    public static (float X, float[] W, float Y, string Kind) Scales(Random r, int channels, int k)
    {
        bool pow2 = r.Next(4) == 0;
        float Pick(double lo, double hi) => pow2
            ? MathF.Pow(2, -r.Next((int)Math.Round(-Math.Log2(hi)), (int)Math.Round(-Math.Log2(lo)) + 1))
            : OracleCases.LogUniform(r, lo, hi);
        float xs = Pick(1.0 / 1024, 1.0 / 8);
        var ws = new float[channels];
        for (int i = 0; i < channels; i++) ws[i] = Pick(1.0 / 1024, 1.0 / 8);
        double spread = 74.0 * 74.0 * Math.Sqrt(k) / OracleCases.LogUniform(r, 4, 80);
        double ys = xs * (double)ws[0] * spread;
        float y = pow2 ? MathF.Pow(2, MathF.Round(MathF.Log2((float)ys))) : (float)ys;
        return (xs, ws, y, pow2 ? "pow2" : "random");
    }

    public Tensor<int> Golden() => Ops.QLinearConv(
        new Tensor<int>(G.XShape, X), XScale, XZeroPoint, new Tensor<int>(G.WShape, W), WScales, WZeroPoints,
        YScale, YZeroPoint, Bias is null ? null : new Tensor<int>([Bias.Length], Bias), G.Attributes, YType);

    public OrtModel Model()
    {
        int[] qShape = WScales.Length == 1 ? [] : [WScales.Length];
        var m = new OrtModel("QLinearConv")
            .QInput("x", X, XType, G.XShape)
            .Constant("x_scale", [XScale]).QConstant("x_zero_point", [XZeroPoint], XType)
            .QConstant("w", W, WType, G.WShape)
            .Constant("w_scale", WScales, qShape).QConstant("w_zero_point", WZeroPoints, WType, qShape)
            .Constant("y_scale", [YScale]).QConstant("y_zero_point", [YZeroPoint], YType);
        if (Bias is not null) m.Constant("B", Bias, Bias.Length);
        return G.AddAttributes(m).QOutput("y", YType, G.YShape);
    }

    public override string ToString() =>
        $"QLinearConv #{Index}: {G}; x {OracleCases.Name(XType)} scale {XScale:R} zp {XZeroPoint}; " +
        $"w {OracleCases.Name(WType)} scale{(WScales.Length > 1 ? "s (per channel)" : "")} [{string.Join(",", WScales.Select(s => s.ToString("R")))}] " +
        $"zp [{string.Join(",", WZeroPoints)}]; y scale {YScale:R} zp {YZeroPoint}; bias {(Bias is null ? "none" : "int32")}; scales {ScaleKind}";
}

/// <summary>
/// A random ConvInteger: x int8/uint8 and w int8/uint8 (all four pairs), zero points per tensor.
/// ORT's ConvInteger kernel takes only a scalar w_zero_point (conv_integer.cc:
/// "IsScalarOr1ElementVector(W_Zero_Point) was false"), so the golden model's per-channel weight
/// zero points are checked against ORT through QLinearConv instead.
/// </summary>
internal sealed record ConvIntegerCase(int Index, ConvGeometry G, QuantizedType XType, int XZeroPoint, int[] X,
    QuantizedType WType, int[] WZeroPoints, int[] W)
{
    /// <summary>
    /// Whether ORT runs it on MLAS's uint8 x int8 GEMM (<see cref="OrtInt8Exactness"/>): ORT multiplies w
    /// (MLAS's A) by x's im2col (its B), so uint8 w with int8 x does; int8 w with uint8 x runs an exact kernel.
    /// </summary>
    public bool OnMlasU8S8Gemm => WType == QuantizedType.UInt8 && XType == QuantizedType.Int8;

    public static ConvIntegerCase Make(int index)
    {
        var r = OracleCases.Rng(2, index);
        var g = ConvGeometry.Random(r);
        var xt = OracleCases.AnyType(r);
        var wt = OracleCases.AnyType(r);
        int xzp = r.Next(4) == 0 ? 0 : OracleCases.ZeroPoint(r, xt);
        int[] wzp = [r.Next(4) == 0 ? 0 : OracleCases.ZeroPoint(r, wt)];
        return new ConvIntegerCase(index, g, xt, xzp, OracleCases.Values(r, g.XLength, xt), wt, wzp, OracleCases.Values(r, g.WLength, wt));
    }

    public Tensor<int> Golden() => Ops.ConvInteger(new Tensor<int>(G.XShape, X), XZeroPoint, new Tensor<int>(G.WShape, W), WZeroPoints, G.Attributes);

    public OrtModel Model()
    {
        var m = new OrtModel("ConvInteger")
            .QInput("x", X, XType, G.XShape)
            .QConstant("w", W, WType, G.WShape)
            .QConstant("x_zero_point", [XZeroPoint], XType)
            .QConstant("w_zero_point", WZeroPoints, WType, WZeroPoints.Length == 1 ? [] : [WZeroPoints.Length]);
        return G.AddAttributes(m).Output<int>("y", G.YShape);
    }

    public override string ToString() =>
        $"ConvInteger #{Index}: {G}; x {OracleCases.Name(XType)} zp {XZeroPoint}; w {OracleCases.Name(WType)} zp [{string.Join(",", WZeroPoints)}]";
}

/// <summary>
/// A random matrix product, A [M,K] or [B,M,K] (a graph input) times B [K,N] or [B,K,N] (an
/// initializer), for MatMulInteger and QLinearMatMul, zero points per tensor.
/// </summary>
internal sealed record MatMulCase(int Index, int[] AShape, int[] BShape,
    QuantizedType AType, float AScale, int AZeroPoint, int[] A,
    QuantizedType BType, float BScale, int BZeroPoint, int[] B,
    float YScale, int YZeroPoint, string ScaleKind)
{
    public QuantizedType YType => AType;
    public int M => AShape[^2];
    public int K => AShape[^1];
    public int N => BShape[^1];

    /// <summary>QLinearMatMul cases the fast model's PE-array path runs: 2-D, int8, all zero points 0.</summary>
    public bool OnFastModel => AShape.Length == 2 && BShape.Length == 2 && AType == QuantizedType.Int8 && BType == QuantizedType.Int8
        && AZeroPoint == 0 && BZeroPoint == 0 && YZeroPoint == 0;

    /// <summary>
    /// Whether ORT runs it on MLAS's uint8 x int8 GEMM (<see cref="OrtInt8Exactness"/>): uint8 A times int8 B
    /// does; int8 A times uint8 B runs an exact kernel.
    /// </summary>
    public bool OnMlasU8S8Gemm => AType == QuantizedType.UInt8 && BType == QuantizedType.Int8;

    /// <summary>
    /// <paramref name="qlinear"/>: ORT's QLinearMatMul has no int8-A/uint8-B kernel, so int8 A takes int8 B;
    /// MatMulInteger takes all four pairs.
    /// </summary>
    public static MatMulCase Make(int index, bool qlinear)
    {
        var r = OracleCases.Rng(qlinear ? 4 : 3, index);
        bool fast = qlinear && r.NextDouble() < 0.4;
        int m = r.Next(1, 41), k = r.Next(1, 65), n = r.Next(1, 41);
        int[] aShape = [m, k], bShape = [k, n];
        if (!fast && r.Next(4) == 0)
        {
            int batch = r.Next(1, 4);
            aShape = [batch, m, k];
            if (r.Next(2) == 0) bShape = [batch, k, n];
        }
        var at = fast ? QuantizedType.Int8 : OracleCases.AnyType(r);
        var bt = fast || (qlinear && at == QuantizedType.Int8) ? QuantizedType.Int8 : OracleCases.AnyType(r);
        int Zp(QuantizedType t) => fast || r.Next(4) == 0 ? 0 : OracleCases.ZeroPoint(r, t);
        int azp = Zp(at), bzp = Zp(bt), yzp = Zp(at);
        var (xs, ws, ys, kind) = QLinearConvCase.Scales(r, 1, k);
        var a = OracleCases.Values(r, aShape.Aggregate(1, (p, d) => p * d), at, narrow: r.Next(8) == 0);
        var b = OracleCases.Values(r, bShape.Aggregate(1, (p, d) => p * d), bt, narrow: r.Next(8) == 0);
        return new MatMulCase(index, aShape, bShape, at, xs, azp, a, bt, ws[0], bzp, b, ys, yzp, kind);
    }

    public Tensor<int> GoldenInteger() => Ops.MatMulInteger(new Tensor<int>(AShape, A), AZeroPoint, new Tensor<int>(BShape, B), [BZeroPoint]);

    public Tensor<int> GoldenQLinear() => Ops.QLinearMatMul(new Tensor<int>(AShape, A), AScale, AZeroPoint,
        new Tensor<int>(BShape, B), [BScale], [BZeroPoint], YScale, YZeroPoint, YType);

    public int[] OutputShape => AShape.Length == 3 ? [AShape[0], M, N] : BShape.Length == 3 ? [BShape[0], M, N] : [M, N];

    public OrtModel IntegerModel() => new OrtModel("MatMulInteger")
        .QInput("A", A, AType, AShape).QConstant("B", B, BType, BShape)
        .QConstant("a_zero_point", [AZeroPoint], AType).QConstant("b_zero_point", [BZeroPoint], BType)
        .Output<int>("Y", OutputShape);

    public OrtModel QLinearModel() => new OrtModel("QLinearMatMul")
        .QInput("a", A, AType, AShape).Constant("a_scale", [AScale]).QConstant("a_zero_point", [AZeroPoint], AType)
        .QConstant("b", B, BType, BShape).Constant("b_scale", [BScale]).QConstant("b_zero_point", [BZeroPoint], BType)
        .Constant("y_scale", [YScale]).QConstant("y_zero_point", [YZeroPoint], YType)
        .QOutput("y", YType, OutputShape);

    public override string ToString() =>
        $"#{Index}: A[{string.Join(",", AShape)}] {OracleCases.Name(AType)} scale {AScale:R} zp {AZeroPoint}; " +
        $"B[{string.Join(",", BShape)}] {OracleCases.Name(BType)} scale {BScale:R} zp {BZeroPoint}; y scale {YScale:R} zp {YZeroPoint}; scales {ScaleKind}";
}
