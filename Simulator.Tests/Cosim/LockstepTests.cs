using Sim.Cosim;
using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Tests.Cosim;

/// <summary>
/// The Verilog PE array against the register-level model, cycle by cycle, on input streams no
/// tile driver would produce: weight loads at random moments, activations valid or not at random,
/// stale values on the wires of invalid lanes, resets mid-stream. Every mode: dense, zero gating,
/// 2:4 (random 2-bit indices and activation groups on every cycle), both, and the mode switched at
/// random moments; partial sums, valid bits and the three MAC counters compared on every edge.
/// </summary>
[Category("Cosim")]
public class LockstepTests
{
    private const int Cycles = 12_000;

    public enum Mode { Dense, ZeroGating, Structured24, Both, Switching }

    private static readonly RtlConfig[] Builds = [RtlBuilds.Int16Array7x5, RtlBuilds.Int8Array16];

    public static IEnumerable<TestCaseData> Cases() =>
        from config in Builds
        from mode in Enum.GetValues<Mode>()
        select new TestCaseData(config, mode).SetName($"{config.Name} {mode}");

    [TestCaseSource(nameof(Cases))]
    public void RandomInputStreamsAgreeEveryCycle(RtlConfig config, Mode mode)
    {
        var random = new Random(config.Rows * 1000 + config.OperandWidth + 17 * (int)mode);
        // Random valid bits and loads break the stream protocol on purpose: every state the ports reach is compared.
        using var cosim = new LockstepCosimulator(config, waveformDirectory: null, protocolAssertions: false);
        var weights = new short[config.Cols];
        var indices = new byte[config.Cols];
        var activations = new short[config.Rows];
        var valid = new bool[config.Rows];
        var groups = new short[4 * config.Rows];
        // A few values recur often, so repeated activations (and zeros, for gating) are common.
        short[] common = [0, 0, 1, -1, config.MaxOperand, config.MinOperand];

        short Operand() => random.Next(3) == 0
            ? common[random.Next(common.Length)]
            : (short)random.Next(config.MinOperand, config.MaxOperand + 1);

        PeArrayFeatures Features() => mode switch
        {
            Mode.Dense => PeArrayFeatures.None,
            Mode.ZeroGating => new(true, false, false),
            Mode.Structured24 => new(false, false, true),
            Mode.Both => new(true, true, true),
            _ => new(random.Next(2) == 0, false, random.Next(2) == 0),
        };

        var features = Features();
        cosim.Configure(PeDatapath.Int8, features);
        long gated = 0, repeated = 0;
        for (int i = 0; i < Cycles; i++)
        {
            if (random.Next(4000) == 0)
            {
                gated += Sum(cosim.MacsGated);
                repeated += Sum(cosim.MacsRepeated);
                cosim.Reset();
            }
            if (mode == Mode.Switching && random.Next(500) == 0)
                cosim.Configure(PeDatapath.Int8, features = Features());
            bool load = random.Next(4) == 0;
            for (int c = 0; c < weights.Length; c++)
            {
                weights[c] = Operand();
                indices[c] = (byte)random.Next(4);
            }
            for (int r = 0; r < activations.Length; r++)
            {
                activations[r] = Operand();
                valid[r] = random.Next(3) != 0;
            }
            for (int j = 0; j < groups.Length; j++) groups[j] = Operand();
            cosim.Step(features.Structured24
                ? new PeArrayInputs(load, weights, indices, activations, valid, groups)
                : new PeArrayInputs(load, weights, activations, valid));
        }
        gated += Sum(cosim.MacsGated);
        repeated += Sum(cosim.MacsRepeated);

        Assert.That(cosim.Cycle, Is.GreaterThan(0));
        Assert.That(repeated, Is.GreaterThan(0), "the stream exercised the repeated-operand counter");
        if (mode is Mode.ZeroGating or Mode.Both or Mode.Switching)
            Assert.That(gated, Is.GreaterThan(0), "the stream exercised zero gating");
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

    [Test]
    public void ActivationGroupOutsideTheBuildsWidthIsRefused()
    {
        using var rtl = new RtlPeArray(RtlBuilds.Int8Array16);
        rtl.Configure(PeDatapath.Int8, new PeArrayFeatures(false, false, true));
        var groups = new short[64];
        groups[9] = -129;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            rtl.Step(new PeArrayInputs(false, new short[16], new byte[16], new short[16], new bool[16], groups)));
        Assert.That(error!.Message, Does.Contain("act_group_in[9] = -129"));
    }

    [Test]
    public void FloatDatapathsAndNarrowAccumulatorsAreRefusedSparsityIsNot()
    {
        using var rtl = new RtlPeArray(RtlBuilds.Int8Array16);
        var all = new PeArrayFeatures(true, true, true);

        var error = Assert.Throws<NotSupportedException>(() =>
            rtl.Configure(new PeDatapath(ElementFormat.Fp16, ElementFormat.Fp32), all));
        Assert.That(error!.Message, Does.Contain("float datapaths and narrow accumulators are not in the RTL"));
        Assert.Throws<NotSupportedException>(() =>
            rtl.Configure(new PeDatapath(ElementFormat.Int8, ElementFormat.Int16), PeArrayFeatures.None));
        Assert.DoesNotThrow(() => rtl.Configure(PeDatapath.Int8, all));
        Assert.DoesNotThrow(() => rtl.Configure(new PeDatapath(ElementFormat.Int4, ElementFormat.Int32), all));
    }

    private static long Sum(ReadOnlySpan<long> values)
    {
        long sum = 0;
        foreach (long v in values) sum += v;
        return sum;
    }
}
