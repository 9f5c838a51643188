using Sim.Golden;
using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// ONNX Runtime as a second, independent oracle for the quantized operators: random cases from
/// fixed seeds, whose outputs must be identical in ORT, the golden model and, where it runs the
/// case, the fast model (PE-array path through <see cref="Sim.Accelerator.GemmExecutor"/>). Where ORT's
/// uint8 x int8 GEMM saturates (<see cref="OrtInt8Exactness"/>), the ORT comparison is skipped and
/// <see cref="OrtSaturationTests"/> checks ORT against the saturating model instead.
/// </summary>
[TestFixture]
public class IntegerOracleTests
{
    private static IEnumerable<int> QLinearConvIndices => Enumerable.Range(0, OracleCases.QLinearConvCount);
    private static IEnumerable<int> ConvIntegerIndices => Enumerable.Range(0, OracleCases.ConvIntegerCount);
    private static IEnumerable<int> MatMulIntegerIndices => Enumerable.Range(0, OracleCases.MatMulIntegerCount);
    private static IEnumerable<int> QLinearMatMulIndices => Enumerable.Range(0, OracleCases.QLinearMatMulCount);

    [TestCaseSource(nameof(QLinearConvIndices))]
    public void QLinearConv(int index)
    {
        var c = QLinearConvCase.Make(index);
        var golden = c.Golden();
        if (c.OnFastModel)
        {
            var hw = FastModel.For(index);
            var fast = FastModel.Conv(c.G, c.X, c.W, Ops.RequantizeMultiplier(c.XScale, c.WScales[0], c.YScale), hw);
            AssertIdentical(c.ToString(), $"fast model ({hw.Name})", fast, golden.Shape, "golden", golden);
        }
        OrtInt8Exactness.IgnoreOrtIfSaturating(c.OnMlasU8S8Gemm);
        var (ort, shape) = c.Model().RunQuantized(c.YType);
        AssertIdentical(c.ToString(), "ORT", ort, shape, "golden", golden);
    }

    [TestCaseSource(nameof(ConvIntegerIndices))]
    public void ConvInteger(int index)
    {
        var c = ConvIntegerCase.Make(index);
        var golden = c.Golden();
        OrtInt8Exactness.IgnoreOrtIfSaturating(c.OnMlasU8S8Gemm);
        var (ort, shape) = c.Model().Run<int>();
        AssertIdentical(c.ToString(), "ORT", ort, shape, "golden", golden);
    }

    [TestCaseSource(nameof(MatMulIntegerIndices))]
    public void MatMulInteger(int index)
    {
        var c = MatMulCase.Make(index, qlinear: false);
        var golden = c.GoldenInteger();
        OrtInt8Exactness.IgnoreOrtIfSaturating(c.OnMlasU8S8Gemm);
        var (ort, shape) = c.IntegerModel().Run<int>();
        AssertIdentical("MatMulInteger " + c, "ORT", ort, shape, "golden", golden);
    }

    [TestCaseSource(nameof(QLinearMatMulIndices))]
    public void QLinearMatMul(int index)
    {
        var c = MatMulCase.Make(index, qlinear: true);
        var golden = c.GoldenQLinear();
        if (c.OnFastModel)
        {
            var hw = FastModel.For(index);
            var fast = FastModel.Gemm(c.M, c.K, c.N, c.A, c.B, Ops.RequantizeMultiplier(c.AScale, c.BScale, c.YScale), hw);
            AssertIdentical("QLinearMatMul " + c, $"fast model ({hw.Name})", fast, golden.Shape, "golden", golden);
        }
        OrtInt8Exactness.IgnoreOrtIfSaturating(c.OnMlasU8S8Gemm);
        var (ort, shape) = c.QLinearModel().RunQuantized(c.YType);
        AssertIdentical("QLinearMatMul " + c, "ORT", ort, shape, "golden", golden);
    }

    /// <summary>
    /// The generators give every kind of case: fast-model cases, per-channel weights, biases,
    /// uint8 activations, power-of-two scales (exact ties). Prints the counts.
    /// </summary>
    [Test]
    public void CaseMix()
    {
        var convs = QLinearConvIndices.Select(QLinearConvCase.Make).ToList();
        var qmm = QLinearMatMulIndices.Select(i => MatMulCase.Make(i, qlinear: true)).ToList();
        int fastConv = convs.Count(c => c.OnFastModel), fastMm = qmm.Count(c => c.OnFastModel);
        int total = OracleCases.QLinearConvCount + OracleCases.ConvIntegerCount + OracleCases.MatMulIntegerCount + OracleCases.QLinearMatMulCount;
        TestContext.Out.WriteLine(
            $"integer cases: {total} (QLinearConv {convs.Count}, ConvInteger {OracleCases.ConvIntegerCount}, " +
            $"MatMulInteger {OracleCases.MatMulIntegerCount}, QLinearMatMul {qmm.Count}); " +
            $"also on the fast model: QLinearConv {fastConv}, QLinearMatMul {fastMm}");
        Assert.Multiple(() =>
        {
            Assert.That(total, Is.GreaterThanOrEqualTo(500));
            Assert.That(fastConv, Is.GreaterThanOrEqualTo(60), "QLinearConv cases on the fast model");
            Assert.That(fastMm, Is.GreaterThanOrEqualTo(40), "QLinearMatMul cases on the fast model");
            Assert.That(convs.Count(c => c.WScales.Length > 1), Is.GreaterThanOrEqualTo(30), "per-channel QLinearConv");
            Assert.That(convs.Count(c => c.WZeroPoints.Distinct().Count() > 1), Is.GreaterThanOrEqualTo(10), "QLinearConv with per-channel zero points that differ");
            Assert.That(convs.Count(c => c.Bias is not null), Is.GreaterThanOrEqualTo(30), "QLinearConv with bias");
            Assert.That(convs.Count(c => c.XType == QuantizedType.UInt8), Is.GreaterThanOrEqualTo(30), "uint8 QLinearConv");
            Assert.That(convs.Count(c => c.WType == QuantizedType.UInt8), Is.GreaterThanOrEqualTo(15), "uint8-weight QLinearConv");
            Assert.That(convs.Count(c => c.G.Groups == c.G.C && c.G.Groups > 1), Is.GreaterThanOrEqualTo(30), "depthwise QLinearConv");
            Assert.That(convs.Count(c => c.ScaleKind == "pow2"), Is.GreaterThanOrEqualTo(30), "power-of-two scales");
        });
    }

    internal static void AssertIdentical(string what, string actualName, int[] actual, int[] actualShape, string expectedName, Tensor<int> expected)
    {
        Assert.That(actualShape, Is.EqualTo(expected.Shape), $"{what}: {actualName} output shape differs from {expectedName}'s");
        for (int i = 0; i < actual.Length; i++)
            if (actual[i] != expected.Data[i])
            {
                int count = actual.Where((v, j) => v != expected.Data[j]).Count();
                string hint = what.StartsWith("QLinear") && actualName == "ORT" && Math.Abs(actual[i] - expected.Data[i]) == 1
                    ? "; off by one: check whether acc x multiplier is within half an fp32 ulp of .5, where ORT rounds the fp32 " +
                      "product and the golden model the exact one (see RequantizeRoundingTests)"
                    : "";
                Assert.Fail($"{what}: {actualName} differs from {expectedName} at {expected.IndexText(i)}: {actual[i]} vs {expected.Data[i]} " +
                    $"({count} of {actual.Length} elements differ){hint}");
            }
    }
}
