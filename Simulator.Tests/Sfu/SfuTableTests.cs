using Sim.Config;
using Sim.Numerics;
using Sim.Sfu;
using static Sim.Tests.Sfu.SfuTestSupport;

namespace Sim.Tests.Sfu;

/// <summary>Each function's table and results against hand calculations at a few points.</summary>
[TestFixture]
public class SfuTableTests
{
    private static float At(SfuFunction f, float x, SfuConfig? c = null)
    {
        var kernel = SpecialFunctionUnit.Kernel(f);
        return kernel.Evaluate(x, kernel.Table(c ?? Default));
    }

    [Test]
    public void ExpTableOf16Bf16Entries()
    {
        // Entry i is 2^(i / 15) rounded to bf16 (7 fraction bits): 2^(1/3) = 1.259921 -> 1 + 33/128; 2^(2/3) = 1.587401 -> 1 + 75/128.
        var table = new ExpKernel().Table(Configured(16, SfuInterpolation.Linear, ElementFormat.Bf16));
        Assert.That(new[] { table[0], table[5], table[10], table[15] }, Is.EqualTo(new[] { 1f, 1 + 33 / 128f, 1 + 75 / 128f, 2f }));
    }

    [Test]
    public void ExpAtHandPoints()
    {
        Assert.That(At(SfuFunction.Exp, 0f), Is.EqualTo(1f));
        // t = x log2(e) rounds to 1 + 2^-23 for x = ln 2 in fp32: n = 1, r = 2^-23, 2 x (1 + 2^-23 x 255 x (2^(1/255) - 1)...) stays in [2, 2.001].
        Assert.That(At(SfuFunction.Exp, 0.6931472f), Is.InRange(2f, 2.001f));
        Assert.That(At(SfuFunction.Exp, float.NegativeInfinity), Is.EqualTo(0f));
        Assert.That(At(SfuFunction.Exp, float.PositiveInfinity), Is.EqualTo(float.PositiveInfinity));
        Assert.That(At(SfuFunction.Exp, 89f), Is.EqualTo(float.PositiveInfinity));
        Assert.That(At(SfuFunction.Exp, float.NaN), Is.NaN);
    }

    [Test]
    public void SigmoidIsOneHalfAtZeroAndSymmetric()
    {
        Assert.That(At(SfuFunction.Sigmoid, 0f), Is.EqualTo(0.5f));
        foreach (float x in new[] { 0.3f, 1f, 2.5f, 7f, 15.9f })
            Assert.That(At(SfuFunction.Sigmoid, x) + At(SfuFunction.Sigmoid, -x), Is.EqualTo(1f), $"x = {x}");
        Assert.That(At(SfuFunction.Sigmoid, 16f), Is.EqualTo(1f));
        Assert.That(At(SfuFunction.Sigmoid, -100f), Is.EqualTo(0f));
    }

    [Test]
    public void TanhIsOddAndSaturates()
    {
        Assert.That(At(SfuFunction.Tanh, 0f), Is.EqualTo(0f));
        Assert.That(At(SfuFunction.Tanh, -1.5f), Is.EqualTo(-At(SfuFunction.Tanh, 1.5f)));
        Assert.That(At(SfuFunction.Tanh, 8f), Is.EqualTo(1f));
        Assert.That(At(SfuFunction.Tanh, -100f), Is.EqualTo(-1f));
    }

    [Test]
    public void GeluAtHandPoints()
    {
        Assert.That(At(SfuFunction.Gelu, 0f), Is.EqualTo(0f));
        Assert.That(At(SfuFunction.Gelu, 10f), Is.EqualTo(10f));
        Assert.That(At(SfuFunction.Gelu, -10f), Is.EqualTo(0f));
        // Phi's table at 8u, 256 entries: x = 8 x 51/255 = 1.6 is entry 51 exactly (f = 0), Phi(1.6) = 0.945201 -> bf16 242/256.
        Assert.That(new GeluKernel(false).Table(Default)[51], Is.EqualTo(242 / 256f));
    }

    [Test]
    public void ReciprocalAtHandPoints()
    {
        Assert.That(At(SfuFunction.Reciprocal, 1f), Is.EqualTo(1f));
        Assert.That(At(SfuFunction.Reciprocal, -4f), Is.EqualTo(-0.25f));
        // 3 = 1.5 x 2^1: u = 0.5, p = 127.5 between 1/(1 + 127/255) = 0.667539 -> bf16 171/256 and
        // 1/(1 + 128/255) = 0.665796 -> 170/256; halfway 170.5/256, times 2^-1.
        Assert.That(At(SfuFunction.Reciprocal, 3f), Is.EqualTo(170.5f / 512));
        Assert.That(At(SfuFunction.Reciprocal, -0f), Is.EqualTo(float.NegativeInfinity));
        Assert.That(At(SfuFunction.Reciprocal, float.PositiveInfinity), Is.EqualTo(0f));
    }

    [Test]
    public void ErfAtHandPoints()
    {
        Assert.That(At(SfuFunction.Erf, 0f), Is.EqualTo(0f));
        // erf's table at 4u, 256 entries: entry 51 is erf(0.8) = 0.742101 -> bf16 190/256; entry 255 is erf(4) = 1 - 1.5e-8 -> 1.
        var table = new ErfKernel().Table(Default);
        Assert.That(new[] { table[0], table[51], table[255] }, Is.EqualTo(new[] { 0f, 190 / 256f, 1f }));
        // x = 0.5: u = 1/8, p = 31.875 between erf(124/255) = 0.508356 -> 130/256 and erf(128/255) = 0.522221 -> 134/256:
        // 130/256 + 0.875 x 4/256 = 133.5/256, within 1e-3 of erf(0.5) = 0.5204998778.
        Assert.That(At(SfuFunction.Erf, 0.5f), Is.EqualTo(133.5f / 256));
        Assert.That(At(SfuFunction.Erf, 0.5f), Is.EqualTo(0.5204998778).Within(1e-3));
        Assert.That(At(SfuFunction.Erf, -0.5f), Is.EqualTo(-133.5f / 256), "odd");
        Assert.That(At(SfuFunction.Erf, 4f), Is.EqualTo(1f));
        Assert.That(At(SfuFunction.Erf, -100f), Is.EqualTo(-1f));
        Assert.That(At(SfuFunction.Erf, float.NaN), Is.NaN);
    }

    [Test]
    public void RsqrtAtHandPoints()
    {
        Assert.That(At(SfuFunction.Rsqrt, 4f), Is.EqualTo(0.5f));
        // 2 = 1 x 2^1, an odd exponent: the second half's first entry, 1/sqrt(2) = 0.707107 -> bf16 181/256, times 2^0.
        Assert.That(At(SfuFunction.Rsqrt, 2f), Is.EqualTo(181 / 256f));
        // 0.125 = 1 x 2^-3, odd: the same entry times 2^2.
        Assert.That(At(SfuFunction.Rsqrt, 0.125f), Is.EqualTo(181 / 64f));
        Assert.That(At(SfuFunction.Rsqrt, -1f), Is.NaN);
        Assert.That(At(SfuFunction.Rsqrt, 0f), Is.EqualTo(float.PositiveInfinity));
    }

    [Test]
    public void NearestReadsTheNearerEntry()
    {
        // reciprocal of 3 with nearest: p = 127.5, f = 1/2 takes entry 128, 170/256, times 2^-1.
        Assert.That(At(SfuFunction.Reciprocal, 3f, Configured(256, SfuInterpolation.Nearest, ElementFormat.Bf16)), Is.EqualTo(170f / 512));
    }
}
