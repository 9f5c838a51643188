using Sim.Golden;
using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// ONNX Runtime against the golden model's float operators (Conv, Gemm) on random seeded cases.
/// Float sums differ in order and precision (ORT accumulates in fp32 with its own blocking, the
/// golden model in double), so outputs are compared within |ort - golden| &lt;= atol + rtol x |golden|,
/// rtol 1e-3 and atol 1e-5 (ONNX's backend-test rtol; an atol for sums of O(1) terms near zero).
/// </summary>
[TestFixture]
public class FloatOracleTests
{
    public const double RTol = 1e-3, ATol = 1e-5;

    private static IEnumerable<int> ConvIndices => Enumerable.Range(0, OracleCases.FloatConvCount);
    private static IEnumerable<int> GemmIndices => Enumerable.Range(0, OracleCases.GemmCount);

    [TestCaseSource(nameof(ConvIndices))]
    public void Conv(int index)
    {
        var r = OracleCases.Rng(5, index);
        var g = ConvGeometry.Random(r);
        var x = OracleCases.Floats(r, g.XLength);
        var w = OracleCases.Floats(r, g.WLength, 0.5);
        float[]? bias = r.Next(3) == 0 ? null : OracleCases.Floats(r, g.M, 2);
        string what = $"Conv #{index}: {g}; bias {(bias is null ? "none" : "yes")}";

        var golden = Ops.Conv2D(new Tensor<float>(g.XShape, x), new Tensor<float>(g.WShape, w),
            bias is null ? null : new Tensor<float>([g.M], bias), g.Attributes);
        var model = new OrtModel("Conv").Input("X", x, g.XShape).Constant("W", w, g.WShape);
        if (bias is not null) model.Constant("B", bias, g.M);
        var (ort, shape) = g.AddAttributes(model).Output<float>("Y", g.YShape).Run<float>();
        AssertClose(what, ort, shape, golden);
    }

    [TestCaseSource(nameof(GemmIndices))]
    public void Gemm(int index)
    {
        var r = OracleCases.Rng(6, index);
        int m = r.Next(1, 33), k = r.Next(1, 65), n = r.Next(1, 33);
        bool transA = r.Next(2) == 0, transB = r.Next(2) == 0;
        float alpha = r.Next(4) == 0 ? 1f : (float)(r.NextDouble() * 4 - 2);
        float beta = r.Next(4) == 0 ? 1f : (float)(r.NextDouble() * 4 - 2);
        int[] aShape = transA ? [k, m] : [m, k], bShape = transB ? [n, k] : [k, n];
        // C: none, or any shape that broadcasts unidirectionally to [M, N].
        int[][] cShapes = [[], [1], [n], [1, 1], [m, 1], [1, n], [m, n]];
        int cKind = r.Next(cShapes.Length + 1);
        int[]? cShape = cKind == cShapes.Length ? null : cShapes[cKind];
        var a = OracleCases.Floats(r, m * k);
        var b = OracleCases.Floats(r, k * n);
        var c = cShape is null ? null : OracleCases.Floats(r, Tensor<float>.ElementCount(cShape), 3);
        string what = $"Gemm #{index}: A[{string.Join(",", aShape)}] B[{string.Join(",", bShape)}] " +
            $"C{(cShape is null ? " none" : "[" + string.Join(",", cShape) + "]")} alpha {alpha:R} beta {beta:R} transA {transA} transB {transB}";

        var golden = Ops.Gemm(new Tensor<float>(aShape, a), new Tensor<float>(bShape, b),
            c is null ? null : new Tensor<float>(cShape!, c), alpha, beta, transA, transB);
        var model = new OrtModel("Gemm").Input("A", a, aShape).Constant("B", b, bShape);
        if (c is not null) model.Constant("C", c, cShape!);
        var (ort, shape) = model
            .Attribute("alpha", alpha).Attribute("beta", beta)
            .Attribute("transA", transA ? 1L : 0L).Attribute("transB", transB ? 1L : 0L)
            .Output<float>("Y", [m, n]).Run<float>();
        AssertClose(what, ort, shape, golden);
    }

    private static void AssertClose(string what, float[] actual, int[] shape, Tensor<float> expected)
    {
        Assert.That(shape, Is.EqualTo(expected.Shape), $"{what}: ORT output shape differs from golden's");
        for (int i = 0; i < actual.Length; i++)
        {
            double e = expected.Data[i], d = Math.Abs(actual[i] - e);
            if (!(d <= ATol + RTol * Math.Abs(e)))
                Assert.Fail($"{what}: ORT differs from golden at {expected.IndexText(i)}: {actual[i]:R} vs {e:R} " +
                    $"(|diff| {d:G3} > atol {ATol} + rtol {RTol} x |golden|)");
        }
    }
}
