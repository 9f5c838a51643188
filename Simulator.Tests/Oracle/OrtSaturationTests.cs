using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// Where ORT's uint8 x int8 GEMM saturates (x86 without VNNI), <see cref="IntegerOracleTests"/> skips its
/// comparison with the golden model. Here ORT must instead equal <see cref="PairSaturatingModel"/> bit for
/// bit on every case so skipped, and the model must differ from the golden model on some: the skips are
/// explained, not assumed.
/// </summary>
[TestFixture]
public class OrtSaturationTests
{
    [SetUp]
    public void OnlyWhereOrtSaturates()
    {
        if (OrtInt8Exactness.UInt8TimesInt8IsExact) Assert.Ignore("ORT's uint8 x int8 GEMM is exact on this processor");
    }

    [Test]
    public void QLinearConv() => Check(Enumerable.Range(0, OracleCases.QLinearConvCount).Select(QLinearConvCase.Make)
        .Where(c => c.OnMlasU8S8Gemm)
        .Select(c => (c.ToString(), c.Model().RunQuantized(c.YType), PairSaturatingModel.QLinearConv(c), c.Golden())));

    [Test]
    public void ConvInteger() => Check(Enumerable.Range(0, OracleCases.ConvIntegerCount).Select(ConvIntegerCase.Make)
        .Where(c => c.OnMlasU8S8Gemm)
        .Select(c => (c.ToString(), c.Model().Run<int>(), PairSaturatingModel.ConvInteger(c), c.Golden())));

    [Test]
    public void MatMulInteger() => Check(Enumerable.Range(0, OracleCases.MatMulIntegerCount).Select(i => MatMulCase.Make(i, qlinear: false))
        .Where(c => c.OnMlasU8S8Gemm)
        .Select(c => ("MatMulInteger " + c, c.IntegerModel().Run<int>(), PairSaturatingModel.MatMulInteger(c), c.GoldenInteger())));

    [Test]
    public void QLinearMatMul() => Check(Enumerable.Range(0, OracleCases.QLinearMatMulCount).Select(i => MatMulCase.Make(i, qlinear: true))
        .Where(c => c.OnMlasU8S8Gemm)
        .Select(c => ("QLinearMatMul " + c, c.QLinearModel().RunQuantized(c.YType), PairSaturatingModel.QLinearMatMul(c), c.GoldenQLinear())));

    private static void Check(IEnumerable<(string What, (int[] Data, int[] Shape) Ort, Tensor<int> Model, Tensor<int> Golden)> cases)
    {
        int count = 0, saturated = 0;
        foreach (var (what, ort, model, golden) in cases)
        {
            IntegerOracleTests.AssertIdentical(what, "ORT", ort.Data, ort.Shape, "the pair-saturating model", model);
            count++;
            if (!model.Data.SequenceEqual(golden.Data)) saturated++;
        }
        TestContext.Out.WriteLine($"{count} cases on MLAS's uint8 x int8 GEMM, each equal to the model; {saturated} differ from the golden model");
        Assert.That(saturated, Is.GreaterThan(0), "no case saturates, so the model explains nothing");
    }
}
