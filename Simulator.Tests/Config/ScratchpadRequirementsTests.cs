using Sim.Config;

namespace Sim.Tests.Config;

public class ScratchpadRequirementsTests
{
    [Test]
    public void DoubleBufferedTilesAtOperandAndAccumulatorSize() =>
        Assert.That(ScratchpadRequirements.Minimum(32, 16, NumberFormat.Int8),
            Is.EqualTo(new ScratchpadMinimums(InputBytes: 2 * 32, WeightBytes: 2 * 32 * 16, OutputBytes: 2 * 16 * 4)));

    [Test]
    public void Uint8OperandsAreOneByte() =>
        Assert.That(ScratchpadRequirements.OperandBytes(NumberFormat.Uint8), Is.EqualTo(1));

    [Test]
    public void LargestArrayDoesNotOverflow() =>
        Assert.That(ScratchpadRequirements.Minimum(ConfigBounds.MaxPeDimension, ConfigBounds.MaxPeDimension, NumberFormat.Int8).WeightBytes,
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
