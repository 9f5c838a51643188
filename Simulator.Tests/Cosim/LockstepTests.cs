using Sim.Cosim;
using Sim.PeArray;

namespace Sim.Tests.Cosim;

/// <summary>
/// The Verilog PE array against the register-level model, cycle by cycle, on input streams no
/// tile driver would produce: weight loads at random moments, activations valid or not at random,
/// stale values on the wires of invalid lanes, resets mid-stream.
/// </summary>
[Category("Cosim")]
public class LockstepTests
{
    private static readonly RtlConfig[] Builds = [RtlBuilds.Int16Array7x5, RtlBuilds.Int8Array16];

    [TestCaseSource(nameof(Builds))]
    public void RandomInputStreamsAgreeEveryCycle(RtlConfig config)
    {
        const int cycles = 20_000;
        var random = new Random(config.Rows * 1000 + config.OperandWidth);
        using var cosim = new LockstepCosimulator(config, waveformDirectory: null);
        var weights = new short[config.Cols];
        var activations = new short[config.Rows];
        var valid = new bool[config.Rows];

        short Operand() => (short)random.Next(config.MinOperand, config.MaxOperand + 1);

        for (int i = 0; i < cycles; i++)
        {
            if (random.Next(5000) == 0)
                cosim.Reset();
            bool load = random.Next(4) == 0;
            for (int c = 0; c < weights.Length; c++) weights[c] = Operand();
            for (int r = 0; r < activations.Length; r++)
            {
                activations[r] = random.Next(4) == 0 ? (short)0 : Operand();
                valid[r] = random.Next(3) != 0;
            }
            cosim.Step(new PeArrayInputs(load, weights, activations, valid));
        }

        Assert.That(cosim.Cycle, Is.GreaterThan(0));
    }

    [Test]
    public void OperandOutsideTheBuildsWidthIsRefused()
    {
        using var rtl = new RtlPeArray(RtlBuilds.Int8Array16);
        var weights = new short[16];
        weights[3] = 200;
        var activations = new short[16];
        var valid = new bool[16];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => rtl.Step(new PeArrayInputs(true, weights, activations, valid)));
        Assert.That(error!.Message, Does.Contain("weight_in[3] = 200"));
    }
}
