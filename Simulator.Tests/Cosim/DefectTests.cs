using Sim.Config;
using Sim.Cosim;
using Sim.PeArray;
using Sim.Tests.Run;

namespace Sim.Tests.Cosim;

/// <summary>
/// Proof that cosimulation can fail: RTL built with a deliberate defect must be caught at the
/// cycle and on the signal worked out by hand, with a waveform of the moment.
/// </summary>
/// <remarks>
/// Both tests run one tile on a 4x4 array (R = 4) through <see cref="TileDriver"/>: one activation
/// vector a = [1, 0, 0, 0] and weight row 0 = [1, 2, 32, 3] (rows 1..3 zero), so y[0] = [1, 2, 32, 3].
/// Timing by hand, counting edges from reset: edges 1..4 load the weights (R cycles). Stream cycle 0
/// is edge 5: a[0][0] is multiplied in PE(0,0) and its sum registered there. The activation moves one
/// column right per edge, so column c's row-0 sum is registered at edge 5 + c, and the sum moves one
/// row down per edge, reaching the bottom row, that is psum_out[c], at edge 5 + c + (R - 1) = 2R + c.
/// For column 2 that is cycle 10.
/// </remarks>
[Category("Cosim")]
public class DefectTests
{
    private const int Column = 2;
    private const long DivergenceCycle = 2 * 4 + Column;

    private static readonly short[] Activations = [1, 0, 0, 0];
    private static readonly short[] Weights =
    [
        1, 2, 32, 3,
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
    ];

    private string _waveforms = "";

    [SetUp]
    public void CreateWaveformDirectory() =>
        _waveforms = Directory.CreateTempSubdirectory("sim-cosim-defect-").FullName;

    [TearDown]
    public void DeleteWaveformDirectory() => Directory.Delete(_waveforms, recursive: true);

    /// <summary>
    /// Bit 5 stuck at zero: column 2's sum is 32 = bit 5 alone, so the RTL's is 0 in every row of
    /// column 2; the valid bits are untouched. The other columns' sums (1, 2, 3) do not use bit 5.
    /// </summary>
    [Test]
    public void StuckAccumulatorBitIsCaughtOnTheSumAtCycle10()
    {
        var divergence = RunUntilDivergence(RtlBuilds.AccBitDefect);

        Assert.That(divergence.Cycle, Is.EqualTo(DivergenceCycle));
        Assert.That(divergence.Signal, Is.EqualTo("psum_out[2]"));
        Assert.That(divergence.Expected, Is.EqualTo(32));
        Assert.That(divergence.Actual, Is.EqualTo(0));
        WaveformAssert.Covers(divergence);
    }

    /// <summary>
    /// Column 2 one register late: up to cycle 9 its bottom sum and valid bit are the reset zeros,
    /// so the late copy agrees; at cycle 10 y[0][2] arrives with its valid bit on time in the
    /// model, and the RTL still shows the previous cycle's invalid zero. The valid bit is compared
    /// first, so it is the signal named.
    /// </summary>
    [Test]
    public void LateColumnIsCaughtOnItsValidBitAtCycle10()
    {
        var divergence = RunUntilDivergence(RtlBuilds.LateColumnDefect);

        Assert.That(divergence.Cycle, Is.EqualTo(DivergenceCycle));
        Assert.That(divergence.Signal, Is.EqualTo("psum_valid_out[2]"));
        Assert.That(divergence.Expected, Is.EqualTo(1));
        Assert.That(divergence.Actual, Is.EqualTo(0));
        WaveformAssert.Covers(divergence);
    }

    /// <summary>
    /// Why lockstep matters: comparing whole tiles does not see the late column. Its valid bits move
    /// with its sums, so the driver still collects the right numbers, and its last output leaves at
    /// the same cycle as column 3's (2R + M + 2 for both), so even the cycle count agrees.
    /// </summary>
    [Test]
    public void LateColumnInsideTheTileEscapesATileLevelComparison()
    {
        using var tiles = new TileCosim(RtlBuilds.LateColumnDefect);

        var (fastCycles, rtlCycles, mismatch) = tiles.Run(Activations, Weights, 1, 4, 4);

        Assert.That(mismatch, Is.Null);
        Assert.That(rtlCycles, Is.EqualTo(fastCycles));
    }

    /// <summary>
    /// A scenario run on a defective RTL: the layer's first differing tile is named, rerun in
    /// lockstep to find the cycle and signal, and its waveform written. (Random int8 sums of eight
    /// products set bit 5 somewhere in the first tile; which cycle is first depends on the data.)
    /// </summary>
    [Test]
    public void ScenarioCosimLocatesTheFirstDifferingTileInLockstep()
    {
        var hw = TestScenarios.Array16() with { PeArray = new PeArrayConfig(4, 4, Dataflow.WeightStationary, 1000) };
        var scenario = TestScenarios.Of(hw, new GemmLayer("fc", 5, 8, 6));

        var layer = ScenarioCosim.Run(scenario, _waveforms, RtlBuilds.AccBitDefect).Single();

        Assert.That(layer.Equal, Is.False);
        Assert.That(layer.Mismatch, Does.StartWith("layer fc, tile 0 (group 0, rows 0.., k 0.., columns 0..; 5x4x4): y["));
        Assert.That(layer.Mismatch, Does.Contain("; RTL 4x4-w16-SIM_DEFECT_ACC_BIT_5 diverged from the register-level model at cycle "));
        Assert.That(Directory.GetFiles(_waveforms, "*.vcd"), Has.Length.EqualTo(1));
    }

    /// <summary>
    /// A fault only a run without resets shows: while a load shifts bank 0, the MAC multiplies by the weight shifting
    /// in (SIM_DEFECT_LOAD_BYPASS). Every tile from reset agrees with the fast model (a lone tile never streams while
    /// it loads); back to back, the next tile's load starts as the last vector of the tile before meets its last PE,
    /// so the scenario-long lockstep diverges there. The message names the layer and the tiles in flight, and the
    /// replay writes the waveform around the divergence (cycles counted from the scenario's first edge).
    /// </summary>
    [Test]
    public void ScenarioCosimCatchesAFaultOnlyBackToBackAndReplaysItsWaveform()
    {
        var build = new RtlConfig(4, 4, 16, "SIM_DEFECT_LOAD_BYPASS");
        var hw = TestScenarios.Array16() with { PeArray = new PeArrayConfig(4, 4, Dataflow.WeightStationary, 1000) };
        var scenario = TestScenarios.Of(hw, new GemmLayer("fc", 5, 8, 6));

        var layer = ScenarioCosim.Run(scenario, _waveforms, build).Single();

        Assert.That(layer.RtlCycles, Is.EqualTo(layer.FastCycles), "every tile alone agrees");
        Assert.That(layer.Mismatch, Does.Match(@"^layer fc, run back to back in lockstep \(tiles? [0-9, ]+ in flight\): RTL 4x4-w16-SIM_DEFECT_LOAD_BYPASS diverged from the register-level model at cycle \d+"));
        var vcd = Directory.GetFiles(_waveforms, "*.vcd").Single();
        Assert.That(layer.Mismatch, Does.Contain($"in {vcd}"));
        Assert.That(File.ReadAllText(vcd), Does.Contain("$enddefinitions"));
    }

    private CosimDivergence RunUntilDivergence(RtlConfig config)
    {
        using var cosim = new LockstepCosimulator(config, _waveforms);
        var driver = new TileDriver(cosim);
        var error = Assert.Throws<CosimMismatchException>(() => driver.Run(Activations, Weights, new int[4], 1, 4, 4));
        Assert.That(error!.Message, Does.Contain($"at cycle {DivergenceCycle}: {error.Divergence.Signal} expected"));
        return error.Divergence;
    }
}
