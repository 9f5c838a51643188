using Sim.Config;
using static Sim.Tests.Config.ConfigTestSupport;
using Sim.Scenarios;

namespace Sim.Tests.Config;

/// <summary>Each test writes a scenario whose only layer is on line 8: <c>  - { ... }</c>.</summary>
public class LayerValidationTests
{
    private TempConfigDir _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempConfigDir();
        _dir.Write("hw.yaml", Hardware);
    }

    [TearDown] public void TearDown() => _dir.Dispose();

    private const string LinePrefix = "  - ";

    private string Write(string layer) => _dir.Write("scenario.yaml", ScenarioHead + LinePrefix + layer + "\n");

    private LayerSpec LoadOne(string layer) => ScenarioLoader.Load(Write(layer)).Layers.Single();

    /// <summary>Asserts the error is at line 8, at the first occurrence of <paramref name="token"/> in the layer text.</summary>
    private void AssertLayerError(string layer, string token, string reason)
    {
        string path = Write(layer);
        int column = (LinePrefix + layer).IndexOf(token, StringComparison.Ordinal) + 1;
        Assert.That(column, Is.Positive, "token not in layer text");
        AssertError(() => ScenarioLoader.Load(path), $"{path}:8:{column}: error: {reason}");
    }

    [Test]
    public void ConvolutionDefaults()
    {
        var c = (Conv2DLayer)LoadOne("{ name: c, type: conv2d, input: [2, 8, 10, 12], out_channels: 16, kernel: [3, 5] }");
        Assert.That(c, Is.EqualTo(new Conv2DLayer("c", 2, 8, 10, 12, 16, 3, 5, 1, 1, Padding2D.None, 1, 1, 1)));
        Assert.That((c.OutHeight, c.OutWidth), Is.EqualTo((8, 8)));
    }

    [Test]
    public void ScalarPaddingAndKernel()
    {
        var c = (Conv2DLayer)LoadOne("{ name: c, type: conv2d, input: [1, 8, 10, 10], out_channels: 8, kernel: 3, padding: 1 }");
        Assert.Multiple(() =>
        {
            Assert.That((c.KernelH, c.KernelW), Is.EqualTo((3, 3)));
            Assert.That(c.Padding, Is.EqualTo(new Padding2D(1, 1, 1, 1)));
        });
    }

    [Test]
    public void TwoValuePaddingIsHeightThenWidth()
    {
        var c = (Conv2DLayer)LoadOne("{ name: c, type: conv2d, input: [1, 8, 10, 10], out_channels: 8, kernel: [3, 3], padding: [1, 2] }");
        Assert.That(c.Padding, Is.EqualTo(new Padding2D(Top: 1, Left: 2, Bottom: 1, Right: 2)));
    }

    [Test]
    public void DepthwiseWithMultiplier()
    {
        var c = (Conv2DLayer)LoadOne("{ name: d, type: depthwise, input: [1, 8, 10, 10], kernel: [3, 3], channel_multiplier: 2 }");
        Assert.Multiple(() =>
        {
            Assert.That(c.Groups, Is.EqualTo(8));
            Assert.That(c.OutChannels, Is.EqualTo(16));
            Assert.That(c.InChannels, Is.EqualTo(8));
        });
    }

    [Test]
    public void MatmulIsAGemm() =>
        Assert.That(LoadOne("{ name: mm, type: matmul, m: 3, k: 4, n: 5 }"), Is.EqualTo(new GemmLayer("mm", 3, 4, 5)));

    [Test]
    public void ReluKeepsItsShape() =>
        Assert.That(((ReluLayer)LoadOne("{ name: r, type: relu, input: [2, 3] }")).Shape, Is.EqualTo(new[] { 2, 3 }));

    [Test]
    public void MaxPoolDefaultsToStrideOne()
    {
        var p = (PoolLayer)LoadOne("{ name: p, type: maxpool, input: [1, 4, 8, 8], kernel: [2, 2], output: [1, 4, 7, 7] }");
        Assert.That(p, Is.EqualTo(new PoolLayer("p", PoolKind.Max, 1, 4, 8, 8, 2, 2, 1, 1, Padding2D.None)));
    }

    // 11. Shapes that do not agree.
    [Test]
    public void DeclaredOutputDiffersFromComputed() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 10, 10], out_channels: 16, kernel: [3, 3], output: [1, 16, 10, 10] }",
        "[1, 16, 10, 10]", "layers[0].output: declared [1, 16, 10, 10] but the layer computes [1, 16, 8, 8]");

    [Test]
    public void InChannelsNotDivisibleByGroups() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 30, 10, 10], out_channels: 16, kernel: [3, 3], groups: 4 }",
        "4 }", "layers[0].groups: the 30 input channels (input[1]) are not divisible by groups 4");

    [Test]
    public void OutChannelsNotDivisibleByGroups() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 32, 10, 10], out_channels: 18, kernel: [3, 3], groups: 4 }",
        "4 }", "layers[0].groups: out_channels 18 is not divisible by groups 4");

    [Test]
    public void KernelLargerThanPaddedInput() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 3, 3], out_channels: 8, kernel: [7, 7], padding: 1 }",
        "[7, 7]", "layers[0].kernel: the 7 x 7 kernel (dilated extent 7 x 7) is larger than the padded input 5 x 5, so the output would be empty");

    [Test]
    public void DilatedKernelLargerThanInput() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 8, 8], out_channels: 8, kernel: [3, 3], dilation: [4, 4] }",
        "[3, 3]", "layers[0].kernel: the 3 x 3 kernel (dilated extent 9 x 9) is larger than the padded input 8 x 8, so the output would be empty");

    [Test]
    public void PoolWindowLargerThanInput() => AssertLayerError(
        "{ name: p, type: avgpool, input: [1, 8, 4, 4], kernel: [5, 5] }",
        "[5, 5]", "layers[0].kernel: the 5 x 5 window is larger than the padded input 4 x 4, so the output would be empty");

    [Test]
    public void PoolPaddingNotSmallerThanKernel() => AssertLayerError(
        "{ name: p, type: maxpool, input: [1, 8, 4, 4], kernel: [2, 2], padding: 2 }",
        "2 }", "layers[0].padding: each padding must be smaller than the 2 x 2 kernel (a window would lie wholly in the padding)");

    [Test]
    public void PoolDeclaredOutputWrong() => AssertLayerError(
        "{ name: p, type: maxpool, input: [1, 8, 8, 8], kernel: [2, 2], stride: [2, 2], output: [1, 8, 3, 4] }",
        "[1, 8, 3, 4]", "layers[0].output: declared [1, 8, 3, 4] but the layer computes [1, 8, 4, 4]");

    // 12. Absurd sizes: tensors over 2^31 - 1 elements.
    [Test]
    public void InputTensorTooLarge() => AssertLayerError(
        "{ name: r, type: relu, input: [1, 1024, 2048, 2048] }",
        "[1, 1024", "layers[0].input: input tensor [1, 1024, 2048, 2048] has 4294967296 elements, more than the limit of 2147483647 (2^31 - 1)");

    [Test]
    public void WeightTensorTooLarge() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 65536, 1, 1], out_channels: 65536, kernel: 1 }",
        "1 }", "layers[0].kernel: weight tensor [65536, 65536, 1, 1] has 4294967296 elements, more than the limit of 2147483647 (2^31 - 1)");

    [Test]
    public void GemmOperandTooLarge() => AssertLayerError(
        "{ name: g, type: gemm, m: 100000, k: 100000, n: 1 }",
        "100000, n", "layers[0]: A [m, k] tensor [100000, 100000] has 10000000000 elements, more than the limit of 2147483647 (2^31 - 1)");

    [Test]
    public void DimensionTooLarge() => AssertLayerError(
        "{ name: g, type: gemm, m: 1, k: 100000000, n: 1 }",
        "100000000", "layers[0].k: expected a positive integer no larger than 16777216 (sanity bound), got 100000000");

    // Shape syntax.
    [Test]
    public void InputOfWrongRank() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 10], out_channels: 16, kernel: [3, 3] }",
        "[1, 8, 10]", "layers[0].input: expected a list of 4 positive integers [N, C, H, W], got a list of 3");

    [Test]
    public void NegativeShapeElement() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, -10, 10], out_channels: 16, kernel: [3, 3] }",
        "-10", "layers[0].input[2]: expected a positive integer, got -10");

    [Test]
    public void NegativePadding() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 10, 10], out_channels: 16, kernel: [3, 3], padding: [1, -1] }",
        "-1", "layers[0].padding[1]: expected a non-negative integer, got -1");

    [Test]
    public void ThreeValuePadding() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 10, 10], out_channels: 16, kernel: [3, 3], padding: [1, 1, 1] }",
        "[1, 1, 1]", "layers[0].padding: expected a list of 1 or 2 or 4 non-negative integers [top, left, bottom, right] or [h, w] or a single value, got a list of 3");

    [Test]
    public void ReluShapeMustBeAList() => AssertLayerError(
        "{ name: r, type: relu, input: 5 }",
        "5 }", "layers[0].input: expected a list of 1 to 8 positive integers (a shape such as [N, C, H, W]), got 5");

    // Layer keys and types.
    [Test]
    public void UnknownLayerKey() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 10, 10], out_channels: 16, kernel: [3, 3], strides: [2, 2] }",
        "strides", "unknown key 'strides' in layers[0] (conv2d layer) (expected one of: name, type, input, out_channels, kernel, stride, padding, dilation, groups, output, format, activation_density, weight_density, weight_pruning, mapping, inputs, fuse); did you mean 'stride'?");

    [Test]
    public void GroupsIsNotADepthwiseKey() => AssertLayerError(
        "{ name: d, type: depthwise, input: [1, 8, 10, 10], kernel: [3, 3], groups: 8 }",
        "groups", "unknown key 'groups' in layers[0] (depthwise layer) (expected one of: name, type, input, kernel, stride, padding, dilation, channel_multiplier, output, format, activation_density, weight_density, weight_pruning, mapping, inputs, fuse)");

    [Test]
    public void UnknownLayerType() => AssertLayerError(
        "{ name: x, type: conv3d, input: [1, 8, 10, 10] }",
        "conv3d", "layers[0].type: unknown value 'conv3d' (expected one of: conv2d, depthwise, gemm, matmul, relu, clip, maxpool, avgpool, add, exp, sigmoid, tanh, gelu, softmax, layernorm, hardsigmoid, hardswish); did you mean 'conv2d'?");

    [Test]
    public void MissingLayerType() => AssertLayerError(
        "{ name: x, input: [1, 8, 10, 10] }",
        "{", "layers[0]: missing required key 'type' (one of: conv2d, depthwise, gemm, matmul, relu, clip, maxpool, avgpool, add, exp, sigmoid, tanh, gelu, softmax, layernorm, hardsigmoid, hardswish)");

    [Test]
    public void MissingOutChannels() => AssertLayerError(
        "{ name: c, type: conv2d, input: [1, 8, 10, 10], kernel: [3, 3] }",
        "{", "layers[0]: missing required key 'out_channels'");

    [Test]
    public void MissingLayerName() => AssertLayerError(
        "{ type: gemm, m: 1, k: 2, n: 3 }",
        "{", "layers[0]: missing required key 'name'");

    [Test]
    public void LayerNotAMapping() => AssertLayerError(
        "conv2d",
        "conv2d", "layers[0]: expected a mapping of keys, got conv2d");
}
