using Sim.Config;
using Sim.Golden;
using Sim.Numerics;
using Sim.Sfu;
using Sim.Tensors;
using static Sim.Tests.Sfu.SfuTestSupport;

namespace Sim.Tests.Sfu;

/// <summary>
/// The SFU against the golden model, bit for bit, and against the float64 reference within its stated bound, for every
/// function on every table format, both interpolations and three table sizes; prints the measured errors.
/// </summary>
[TestFixture]
public class SfuGoldenTests
{
    private static IEnumerable<TestCaseData> Configurations() =>
        from f in SfuFunctions.Names
        from entries in new[] { 16, 256, 4096 }
        from linear in new[] { false, true }
        from format in new[] { ElementFormat.Bf16, ElementFormat.Fp16, ElementFormat.Fp32 }
        select new TestCaseData(f.Name, entries, linear, format);

    [TestCaseSource(nameof(Configurations))]
    public void BitExactAndWithinBound(string name, int entries, bool linear, ElementFormat format)
    {
        var f = SfuFunctions.Names.Single(n => n.Name == name).Value;
        var interpolation = linear ? SfuInterpolation.Linear : SfuInterpolation.Nearest;
        var config = Configured(entries, interpolation, format);
        var x = new Tensor<float>([4024], Arguments(f, 4000, 17 + entries + (int)f));
        var kernel = SpecialFunctionUnit.Kernel(f);
        var y = new SpecialFunctionUnit(config, 1 << 16).Run(kernel, x);
        var golden = Ops.SpecialFunction(f, false, config, x);
        Assert.That(golden.Data.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(y.Data.Select(BitConverter.SingleToInt32Bits)), "golden vs SFU, bit for bit");

        var reference = Ops.SpecialFunctionDouble(f, false, x);
        var bound = new SfuErrorBound(kernel, config);
        double maxAbs = 0, maxRel = 0, worstRatio = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = reference.Data[i], got = y.Data[i];
            if (double.IsNaN(r)) { Assert.That(got, Is.NaN, $"x = {x.Data[i]:R}"); continue; }
            // Past fp32's range the result is the infinity fp32 rounds to, as exp's own.
            if (float.IsInfinity((float)r) || r.Equals(got)) { Assert.That(got, Is.EqualTo((double)(float)r), $"x = {x.Data[i]:R}"); continue; }
            double error = Math.Abs(got - r), allowed = bound.Allowed(x.Data[i], r);
            // A result within its bound of fp32's largest value may round past it, to infinity.
            if (float.IsInfinity(y.Data[i]) && Math.Abs(r) + allowed >= float.MaxValue) continue;
            Assert.That(error, Is.LessThanOrEqualTo(allowed), $"{f} at x = {x.Data[i]:R}: got {got:R}, reference {r:R}");
            if (Math.Abs(x.Data[i]) <= 100 && Math.Abs(r) < 1e30) maxAbs = Math.Max(maxAbs, error);
            if (Math.Abs(r) > 1e-30) maxRel = Math.Max(maxRel, error / Math.Abs(r));
            worstRatio = Math.Max(worstRatio, error / allowed);
        }
        TestContext.Out.WriteLine($"{f} {entries} {interpolation} {format}: table error {bound.TableError:G3}; max abs {maxAbs:G3}, max rel {maxRel:G3}; worst error / bound {worstRatio:F2}");
    }
}
