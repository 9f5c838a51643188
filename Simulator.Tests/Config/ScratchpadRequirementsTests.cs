using Sim.Config;

namespace Sim.Tests.Config;

public class ScratchpadRequirementsTests
{
    [Test]
    public void DoubleBufferedTilesAtOperandAndAccumulatorSize() =>
        Assert.That(ScratchpadRequirements.Minimum(32, 16, Sim.Numerics.ElementFormat.Int8),
            Is.EqualTo(new ScratchpadMinimums(InputBytes: 2 * 32, WeightBytes: 2 * 32 * 16, OutputBytes: 2 * 16 * 4)));

    [Test]
    public void Uint8OperandsAreOneByte() =>
        Assert.That(ScratchpadRequirements.OperandBits(Sim.Numerics.ElementFormat.Uint8), Is.EqualTo(8));

    [Test]
    public void Int4OperandsPackTwoToAByteAndSizesRoundUp()
    {
        Assert.That(ScratchpadRequirements.Minimum(3, 5, Sim.Numerics.ElementFormat.Int4),
            Is.EqualTo(new ScratchpadMinimums(InputBytes: 3, WeightBytes: 15, OutputBytes: 40)));
        Assert.That(ScratchpadRequirements.Minimum(4, 4, Sim.Numerics.ElementFormat.Bf16, Sim.Numerics.ElementFormat.Fp16),
            Is.EqualTo(new ScratchpadMinimums(InputBytes: 16, WeightBytes: 64, OutputBytes: 16)));
    }

    [Test]
    public void LargestArrayDoesNotOverflow() =>
        Assert.That(ScratchpadRequirements.Minimum(ConfigBounds.MaxPeDimension, ConfigBounds.MaxPeDimension, Sim.Numerics.ElementFormat.Int8).WeightBytes,
            Is.EqualTo(2L * 4096 * 4096));

    [Test]
    public void ExampleConfigsSatisfyTheRule()
    {
        foreach (var name in new[] { "ws-32x32-int8.yaml", "ws-16x16-int8.yaml" })
        {
            var hw = HardwareLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs", name));
            var min = ScratchpadRequirements.Minimum(hw.PeArray, hw.NumberFormat);
            Assert.That(hw.Scratchpads.Weight.CapacityBytes, Is.GreaterThanOrEqualTo(min.WeightBytes), name);
        }
    }
}
