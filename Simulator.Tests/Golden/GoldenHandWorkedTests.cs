using Sim.Golden;
using Sim.Tensors;

namespace Sim.Tests.Golden;

/// <summary>Small golden-model cases whose expected values are worked out by hand in the comments.</summary>
[TestFixture]
public class GoldenHandWorkedTests
{
    [Test]
    public void Conv2D_StridedWithAsymmetricPadding()
    {
        // x = 1 2 3      w = 1 1     stride 2, pads top 1, left 0, bottom 0, right 1, bias 0.5
        //     4 5 6          1 1
        //     7 8 9
        // oH = (3 + 1 + 0 - 2) / 2 + 1 = 2, oW = (3 + 0 + 1 - 2) / 2 + 1 = 2
        // (0,0): rows -1..0, cols 0..1 -> 1 + 2 = 3          (0,1): rows -1..0, cols 2..3 -> 3
        // (1,0): rows 1..2, cols 0..1 -> 4 + 5 + 7 + 8 = 24  (1,1): rows 1..2, cols 2..3 -> 6 + 9 = 15
        var x = new Tensor<float>([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var w = new Tensor<float>([1, 1, 2, 2], [1, 1, 1, 1]);
        var bias = new Tensor<float>([1], [0.5f]);
        var a = new ConvAttributes(2, 2, PadTop: 1, PadLeft: 0, PadBottom: 0, PadRight: 1, 1, 1, 1);
        var y = Ops.Conv2D(x, w, bias, a);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new[] { 1, 1, 2, 2 }));
            Assert.That(y.Data, Is.EqualTo(new[] { 3.5f, 3.5f, 24.5f, 15.5f }));
        });
    }

    [Test]
    public void Conv2D_Grouped()
    {
        // 4 input channels x = [1, 2, 3, 4] (1x1 each), 2 groups of 2 channels, 1x1 kernels.
        // out 0 sees channels 0,1 with w = [1, 10]:     1*1 + 2*10 = 21
        // out 1 sees channels 2,3 with w = [100, 1000]: 3*100 + 4*1000 = 4300
        var x = new Tensor<float>([1, 4, 1, 1], [1, 2, 3, 4]);
        var w = new Tensor<float>([2, 2, 1, 1], [1, 10, 100, 1000]);
        var y = Ops.Conv2D(x, w, null, ConvAttributes.Default with { Groups = 2 });
        Assert.That(y.Data, Is.EqualTo(new[] { 21f, 4300f }));
    }

    [Test]
    public void Conv2D_Depthwise()
    {
        // channel 0: 1 2  * 1 1  = 1+2+3+4 = 10      channel 1: 5 6  *  1  0  = 5 - 8 = -3
        //            3 4    1 1                                 7 8     0 -1
        var x = new Tensor<float>([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        var w = new Tensor<float>([2, 1, 2, 2], [1, 1, 1, 1, 1, 0, 0, -1]);
        var y = Ops.Conv2D(x, w, null, ConvAttributes.Default with { Groups = 2 });
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new[] { 1, 2, 1, 1 }));
            Assert.That(y.Data, Is.EqualTo(new[] { 10f, -3f }));
        });
    }

    [Test]
    public void ConvInteger_DepthwisePerChannelZeroPoints()
    {
        // Same as the float depthwise case after removing zero points:
        // x - 1 = [0 1; 2 3] and [4 5; 6 7]; w0 - 0 = ones -> 0+1+2+3 = 6; w1 - 2 = [1 0; 0 -1] -> 4 - 7 = -3
        var x = new Tensor<int>([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        var w = new Tensor<int>([2, 1, 2, 2], [1, 1, 1, 1, 3, 2, 2, 1]);
        var y = Ops.ConvInteger(x, 1, w, [0, 2], ConvAttributes.Default with { Groups = 2 });
        Assert.That(y.Data, Is.EqualTo(new[] { 6, -3 }));
    }

    [Test]
    public void Requantize_RoundsHalfToEvenAndSaturates()
    {
        // multiplier = 1 * 1 / 2 = 0.5 exactly, so acc * 0.5 lands on .5 for odd acc.
        float m = Ops.RequantizeMultiplier(1f, 1f, 2f);
        Assert.Multiple(() =>
        {
            Assert.That(m, Is.EqualTo(0.5f));
            Assert.That(Ops.RequantizeValue(1, m, 0, QuantizedType.Int8), Is.EqualTo(0));     // 0.5 -> 0
            Assert.That(Ops.RequantizeValue(3, m, 0, QuantizedType.Int8), Is.EqualTo(2));     // 1.5 -> 2
            Assert.That(Ops.RequantizeValue(5, m, 0, QuantizedType.Int8), Is.EqualTo(2));     // 2.5 -> 2
            Assert.That(Ops.RequantizeValue(7, m, 0, QuantizedType.Int8), Is.EqualTo(4));     // 3.5 -> 4
            Assert.That(Ops.RequantizeValue(-1, m, 0, QuantizedType.Int8), Is.EqualTo(0));    // -0.5 -> 0
            Assert.That(Ops.RequantizeValue(-3, m, 0, QuantizedType.Int8), Is.EqualTo(-2));   // -1.5 -> -2
            Assert.That(Ops.RequantizeValue(-5, m, 0, QuantizedType.Int8), Is.EqualTo(-2));   // -2.5 -> -2
            Assert.That(Ops.RequantizeValue(5, m, 128, QuantizedType.UInt8), Is.EqualTo(130)); // 2 + 128
            // Rounding happens before the zero point: 2.5 -> 2, + 1 = 3 (not round(3.5) = 4).
            Assert.That(Ops.RequantizeValue(5, m, 1, QuantizedType.Int8), Is.EqualTo(3));
            // Saturation: 150 -> 127, -150 -> -128 (int8); -15 + 10 -> 0, 300 + 10 -> 255 (uint8).
            Assert.That(Ops.RequantizeValue(300, m, 0, QuantizedType.Int8), Is.EqualTo(127));
            Assert.That(Ops.RequantizeValue(-300, m, 0, QuantizedType.Int8), Is.EqualTo(-128));
            Assert.That(Ops.RequantizeValue(-30, m, 10, QuantizedType.UInt8), Is.EqualTo(0));
            Assert.That(Ops.RequantizeValue(600, m, 10, QuantizedType.UInt8), Is.EqualTo(255));
        });
    }

    [Test]
    public void Requantize_PerChannelScales()
    {
        // acc [1, 2, 1, 1] = [10, 10]; channel 0 multiplier 1*0.5/1 = 0.5 -> 5; channel 1 multiplier 1*0.25/1 -> 2.5 -> 2
        var acc = new Tensor<int>([1, 2, 1, 1], [10, 10]);
        var y = Ops.Requantize(acc, 1f, [0.5f, 0.25f], 1f, 0, QuantizedType.Int8);
        Assert.That(y.Data, Is.EqualTo(new[] { 5, 2 }));
    }

    [Test]
    public void QuantizeLinear_RoundsHalfToEvenAndSaturates()
    {
        // x / 1: 2.5 -> 2, 3.5 -> 4, -2.5 -> -2 (+ zp 0); 300 -> 255 (uint8); -1 -> 0 (uint8)
        var x = new Tensor<float>([5], [2.5f, 3.5f, -2.5f, 300f, -1f]);
        Assert.Multiple(() =>
        {
            Assert.That(Ops.QuantizeLinear(x, 1f, 0, QuantizedType.Int8).Data, Is.EqualTo(new[] { 2, 4, -2, 127, -1 }));
            Assert.That(Ops.QuantizeLinear(x, 1f, 0, QuantizedType.UInt8).Data, Is.EqualTo(new[] { 2, 4, 0, 255, 0 }));
        });
    }

    [Test]
    public void Relu_IntegerUsesZeroPoint()
    {
        var u8 = new Tensor<int>([3], [100, 128, 200]);   // uint8 with zp 128: real zero is 128
        var i8 = new Tensor<int>([3], [-10, -5, 3]);      // int8 with zp -5
        var sym = new Tensor<int>([2], [-3, 4]);           // int8 with zp 0
        Assert.Multiple(() =>
        {
            Assert.That(Ops.Relu(u8, 128).Data, Is.EqualTo(new[] { 128, 128, 200 }));
            Assert.That(Ops.Relu(i8, -5).Data, Is.EqualTo(new[] { -5, -5, 3 }));
            Assert.That(Ops.Relu(sym, 0).Data, Is.EqualTo(new[] { 0, 4 }));
        });
    }

    [Test]
    public void AveragePool_IntegerRoundsHalfToEven()
    {
        // 1x2 windows over rows: (1+2)/2 = 1.5 -> 2, (2+3)/2 = 2.5 -> 2, (-2-3)/2 = -2.5 -> -2,
        // (-1-2)/2 = -1.5 -> -2, (1+4)/2 = 2.5 -> 2, (4+5)/2 = 4.5 -> 4
        var x = new Tensor<int>([1, 1, 6, 2], [1, 2, 2, 3, -2, -3, -1, -2, 1, 4, 4, 5]);
        var a = new PoolAttributes(1, 2, 1, 1, 0, 0, 0, 0);
        Assert.That(Ops.AveragePool(x, a).Data, Is.EqualTo(new[] { 2, 2, -2, -2, 2, 4 }));
    }

    [Test]
    public void AveragePool_IntegerWithPadding()
    {
        // x = 1 2   2x2 kernel, stride 1, pad 1 on bottom and right.
        //     3 5
        // (0,0): 1+2+3+5 = 11 / 4 = 2.75 -> 3
        // (0,1): 2+5 = 7; without pad count /2 = 3.5 -> 4; with pad count /4 = 1.75 -> 2
        // (1,0): 3+5 = 8; /2 = 4; /4 = 2
        // (1,1): 5; /1 = 5; /4 = 1.25 -> 1
        var x = new Tensor<int>([1, 1, 2, 2], [1, 2, 3, 5]);
        var a = new PoolAttributes(2, 2, 1, 1, 0, 0, 1, 1);
        Assert.Multiple(() =>
        {
            Assert.That(Ops.AveragePool(x, a).Data, Is.EqualTo(new[] { 3, 4, 4, 5 }));
            Assert.That(Ops.AveragePool(x, a with { CountIncludePad = true }).Data, Is.EqualTo(new[] { 3, 2, 2, 1 }));
        });
    }

    [TestCase(5, 2, 2)]
    [TestCase(7, 2, 4)]
    [TestCase(-5, 2, -2)]
    [TestCase(-7, 2, -4)]
    [TestCase(10, 4, 2)]   // 2.5 -> 2
    [TestCase(11, 4, 3)]   // 2.75 -> 3
    [TestCase(-11, 4, -3)] // -2.75 -> -3
    [TestCase(9, 3, 3)]
    public void DivideRoundHalfToEven(long dividend, long divisor, long expected) =>
        Assert.That(Ops.DivideRoundHalfToEven(dividend, divisor), Is.EqualTo(expected));

    [Test]
    public void MatMul_BroadcastsBatchAndVectors()
    {
        // a [2, 1, 2] x b [2, 1]: batch 0: [1 2]·[1 1] = 3; batch 1: [3 4]·[1 1] = 7 -> [2, 1, 1]
        var a = new Tensor<float>([2, 1, 2], [1, 2, 3, 4]);
        var b = new Tensor<float>([2, 1], [1, 1]);
        var y = Ops.MatMul(a, b);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new[] { 2, 1, 1 }));
            Assert.That(y.Data, Is.EqualTo(new[] { 3f, 7f }));
        });
        // vector x vector is a scalar: [1 2]·[3 4] = 11
        var v = Ops.MatMul(new Tensor<float>([2], [1, 2]), new Tensor<float>([2], [3, 4]));
        Assert.Multiple(() =>
        {
            Assert.That(v.Shape, Is.Empty);
            Assert.That(v.Data, Is.EqualTo(new[] { 11f }));
        });
    }

    [Test]
    public void ReduceMean_SumsInIndexOrderThenDivides()
    {
        // [1e8, 1, -1e8, 1] in fp32, in index order: 1e8 + 1 rounds to 1e8 (fp32's spacing there is 8), - 1e8 gives 0,
        // + 1 gives 1; 1 / 4 = 0.25 (the true mean is 0.5: the order is part of the result).
        var x = new Tensor<float>([1, 4], [1e8f, 1, -1e8f, 1]);
        Assert.That(Ops.ReduceMean(x, [1], keepDims: true).Data, Is.EqualTo(new[] { 0.25f }));
        // [[1, 2], [3, 4]]: over axis 0, (1 + 3) / 2 = 2 and (2 + 4) / 2 = 3; over axis 1, 1.5 and 3.5; over none, itself.
        var m = new Tensor<float>([2, 2], [1, 2, 3, 4]);
        var down = Ops.ReduceMean(m, [0], keepDims: false);
        Assert.That(down.Shape, Is.EqualTo(new[] { 2 }));
        Assert.That(down.Data, Is.EqualTo(new[] { 2f, 3f }));
        var across = Ops.ReduceMean(m, [1], keepDims: true);
        Assert.That(across.Shape, Is.EqualTo(new[] { 2, 1 }));
        Assert.That(across.Data, Is.EqualTo(new[] { 1.5f, 3.5f }));
        Assert.That(Ops.ReduceMean(m, [], keepDims: true).Data, Is.EqualTo(m.Data));
        // The mean of negative zeros is -0: the sum starts at -0, the identity of addition.
        Assert.That(BitConverter.SingleToInt32Bits(Ops.ReduceMean(new Tensor<float>([2], [-0f, -0f]), [0], keepDims: false).Data[0]),
            Is.EqualTo(BitConverter.SingleToInt32Bits(-0f)));
    }

    [Test]
    public void Pow_MultipliesFromTheLeft()
    {
        // 1.3f^4 from the left, ((x x) x) x, is 0x4036CA56; squaring the square, (x x)(x x), would give 0x4036CA55
        // (both worked in fp32 with Python's struct rounding). Negative exponents divide once: 2^-2 = 1 / (2 x 2) = 0.25.
        Assert.That(BitConverter.SingleToInt32Bits(Ops.Pow(new Tensor<float>([1], [1.3f]), 4).Data[0]), Is.EqualTo(0x4036CA56));
        Assert.That(Ops.Pow(new Tensor<float>([2], [2f, -2f]), -2).Data, Is.EqualTo(new[] { 0.25f, 0.25f }));
        // x^0 is 1 for every x, NaN too; x^1 is x.
        Assert.That(Ops.Pow(new Tensor<float>([2], [float.NaN, 0f]), 0).Data, Is.EqualTo(new[] { 1f, 1f }));
        Assert.That(Ops.Pow(new Tensor<float>([1], [-3.5f]), 1).Data, Is.EqualTo(new[] { -3.5f }));
    }
}
