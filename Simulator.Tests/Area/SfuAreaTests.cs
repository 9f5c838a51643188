using Sim.Area;
using Sim.Config;
using Sim.Numerics;
using Sim.Sfu;
using Sim.Tests.Run;
using Sim.Tests.Sfu;

namespace Sim.Tests.Area;

/// <summary>The special-function unit's area against a hand calculation from configs/area/45nm.yaml's figures.</summary>
public class SfuAreaTests
{
    private static readonly SfuFunction[] AllSix =
        [SfuFunction.Exp, SfuFunction.Sigmoid, SfuFunction.Tanh, SfuFunction.Gelu, SfuFunction.Reciprocal, SfuFunction.Rsqrt];

    private static double SfuMm2(HardwareConfig hw) => AreaModel.Of(hw).Components.Single(c => c.Component == "sfu").Mm2;

    [Test]
    public void TheExampleSfuByHand()
    {
        // 256 bf16 entries x 6 tables = 24,576 bits of 0.346 um^2 cells over 0.7 array efficiency: 12,147.5 um^2.
        double tables = 256 * 16 * 6 * 0.346 / 0.7;
        // 16 lanes, each a bf16 multiplier (867 um^2), a bf16 adder (1,360) and a 32-bit add's range reduction (137).
        double lanes = 16 * (867 + 1360 + 137);
        var hw = SfuTestHardware.With(AllSix);
        Assert.That(SfuArea.TableBits(hw.Sfu!), Is.EqualTo(24576));
        Assert.That(SfuMm2(hw), Is.EqualTo((tables + lanes) / 1e6).Within(1e-12));
        Assert.That(SfuMm2(hw), Is.EqualTo(0.0499715).Within(1e-7));
        // The rest of the machine is what it was without the SFU.
        Assert.That(AreaModel.Of(hw).TotalMm2 - SfuMm2(hw), Is.EqualTo(AreaModel.Of(TestScenarios.Array16()).TotalMm2).Within(1e-12));
    }

    [Test]
    public void NearestNeedsNoInterpolatorAndFp32TablesAreTwiceTheBits()
    {
        var hw = SfuTestHardware.With(SfuFunction.Exp, SfuFunction.Rsqrt);
        var nearest = hw with { Sfu = hw.Sfu! with { Interpolation = SfuInterpolation.Nearest, TableFormat = ElementFormat.Fp32, LutEntries = 1024 } };
        // 1,024 fp32 entries x 2 tables = 65,536 bits; 16 lanes of range reduction only.
        Assert.That(SfuMm2(nearest), Is.EqualTo((1024 * 32 * 2 * 0.346 / 0.7 + 16 * 137) / 1e6).Within(1e-12));
    }

    [Test]
    public void HardwareWithoutAnSfuHasNoSfuComponent() =>
        Assert.That(AreaModel.Of(TestScenarios.Array16()).Components.Select(c => c.Component), Has.No.Member("sfu"));
}
