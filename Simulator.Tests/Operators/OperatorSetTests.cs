using Onnx;
using Sim.Accelerator;
using Sim.Config;
using Sim.Operators;
using Sim.Tensors;
using Sim.Tests.Run;

namespace Sim.Tests.Operators;

/// <summary>
/// The one operator set: the ONNX operators it imports (listed, in order, when a model uses another), the
/// scenario layers it lowers, one class for an operator that is both, and the entry a network Sim builds
/// itself lowers its layers through.
/// </summary>
[TestFixture]
public class OperatorSetTests
{
    [Test]
    public void AnUnsupportedNodeIsRefusedListingEverySupportedOperatorInOrder()
    {
        var e = Assert.Throws<InputError>(() => OperatorSet.Check(new NodeProto { OpType = "Sin" }, "s"))!;
        Assert.That(e.Message, Is.EqualTo("error: node 's': operator Sin is not supported; supported operators: " +
            "Conv, Gemm, MatMul, QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger, Relu, Clip, MaxPool, AveragePool, " +
            "GlobalAveragePool, Add, Sub, Mul, Div, Pow, Sqrt, ReduceMean, Concat, Flatten, Reshape, Transpose, Softmax, LayerNormalization, Exp, Sigmoid, Tanh, Gelu, Erf, Reciprocal, HardSigmoid, HardSwish, " +
            "BatchNormalization, QuantizeLinear, " +
            "DequantizeLinear, Constant"));
    }

    [Test]
    public void ANodeOfAnotherDomainIsRefused()
    {
        var e = Assert.Throws<InputError>(() => OperatorSet.Check(new NodeProto { OpType = "Relu", Domain = "com.microsoft" }, "r"))!;
        Assert.That(e.Message, Is.EqualTo("error: node 'r': operator com.microsoft.Relu is not supported (only the default ONNX domain is)"));
        Assert.DoesNotThrow(() => OperatorSet.Check(new NodeProto { OpType = "Constant" }, "c"));
        Assert.DoesNotThrow(() => OperatorSet.Check(new NodeProto { OpType = "Relu", Domain = "ai.onnx" }, "r"));
    }

    [TestCase("conv", "Conv")]
    [TestCase("gemm", "Gemm")]
    [TestCase("relu", "Relu")]
    [TestCase("clip", "Clip")]
    [TestCase("add", "Add")]
    [TestCase("maxpool", "MaxPool")]
    [TestCase("avgpool", "AveragePool")]
    public void AScenarioLayerAndTheOnnxOperatorOfTheSameComputationShareOneOperator(string layer, string opType)
    {
        LayerSpec spec = layer switch
        {
            "conv" => TestScenarios.Conv("c", c: 4, h: 4, w: 4, oc: 4, k: 1),
            "gemm" => new GemmLayer("g", 2, 8, 4),
            "relu" => new ReluLayer("r", [1, 4]),
            "clip" => new ClipLayer("c", [1, 4], 0, 6),
            "add" => new AddLayer("a", [1, 4]),
            _ => new PoolLayer("p", layer == "maxpool" ? PoolKind.Max : PoolKind.Average, 1, 1, 4, 4, 2, 2, 2, 2, Padding2D.None),
        };
        var op = OperatorSet.For(spec);
        Assert.That(op.LayerType, Is.EqualTo(spec.GetType()));
        Assert.That(op, Is.InstanceOf<IOnnxOperator>());
        Assert.That(((IOnnxOperator)op).OpTypes, Does.Contain(opType));
    }

    [Test]
    public void AVectorLayerOverGivenInputsIsTheSeededLayersPassWithoutItsGoldenModel()
    {
        var hw = TestScenarios.Array16();
        var x = new Tensor<short>([2, 3, 4, 4], Enumerable.Range(0, 96).Select(i => (short)(i * 37 % 256 - 128)).ToArray());
        var pool = new PoolLayer("p", PoolKind.Max, 2, 3, 4, 4, 2, 2, 2, 2, Padding2D.None);
        bool checkedHere = false;
        var work = OperatorSet.OnVectorUnit(hw, pool, [x], () =>
        {
            checkedHere = true;
            return new LayerCheck(null, 0, 0);
        });
        var expected = GoldenReference.Pool(pool, new Tensor<sbyte>(x.Shape, Array.ConvertAll(x.Data, v => (sbyte)v)));
        Assert.That(work.Output!.Shape, Is.EqualTo(new[] { 2, 3, 2, 2 }));
        Assert.That(work.Output.Data.Select(v => (int)v), Is.EqualTo(expected.Data.Select(v => (int)v)));
        Assert.That(work.Unit, Is.EqualTo("vector"));
        Assert.That(work.VectorOps, Is.EqualTo(2 * 3 * 2 * 2 * 4), "kh x kw reads an output");
        Assert.That(work.Check().Mismatch, Is.Null);
        Assert.That(checkedHere, "the caller's check");
        Assert.Throws<ArgumentException>(() => OperatorSet.OnPeArray(hw, pool, x, x, GemmNumerics.Int8(1f, 0), () => null!));
    }
}
