using Sim.Config;
using Sim.Cosim;
using Sim.PeArray;
using Sim.Tests.Run;

namespace Sim.Tests.Cosim;

/// <summary>
/// Proof that the output-stationary cosimulation can fail: os_array.v built with
/// <c>SIM_DEFECT_OS_DRAIN_ROW=1</c> (row 1 holds its accumulator on drain edges instead of taking row 0's) must
/// be caught at the cycle and on the signal worked out by hand, with a waveform of the moment.
/// </summary>
/// <remarks>
/// One tile on the 4x4 array (R = 4): M = 4, K = 1, N = 4, activations a = [1, 2, 3, 4] (row r's single K
/// value), weights w = [10, 20, 30, 40], so y[r][c] = 10 (r + 1)(c + 1): column 0 holds 10, 20, 30, 40 down
/// its rows. By hand, counting edges from reset:
/// <list type="bullet">
/// <item>Stream: a[r] meets w[c] in PE(r,c) at edge index r + c, so the last MAC (PE(3,3)) is at index 6: edges
///   1..7, K' + M + N - 2 = 1 + 4 + 4 - 2 = 7 of them. No drain yet, so psum_out is zero and invalid on both.</item>
/// <item>Drain, correct array: each drain edge registers the bottom row's accumulator on psum_out and shifts the
///   column down. Edge 8 puts out row 3's sum, edge 9 row 2's, edge 10 row 1's, edge 11 row 0's: y[0][0] = 10.</item>
/// <item>Drain, defective array (column 0; rows top to bottom): before edge 8 [10, 20, 30, 40]. Edge 8 puts out
///   40 and leaves [0, 20 (held), 20, 30]; edge 9 puts out 30 and leaves [0, 20, 20, 20]; edge 10 puts out 20,
///   as the model does; edge 11 puts out 20 where the model puts out 10. Every sum out is valid on both sides
///   (row 1's valid bit is held with its sum).</item>
/// </list>
/// So the first divergence is cycle 11 on psum_out[0] (columns are compared in order; every column differs
/// there), expected 10, RTL 20. The MAC counters agree: no MAC happens on a drain edge.
/// </remarks>
[Category("Cosim")]
public class OutputStationaryDefectTests
{
    private const long DivergenceCycle = 11;

    private static readonly short[] Activations = [1, 2, 3, 4];
    private static readonly short[] Weights = [10, 20, 30, 40];

    private string _waveforms = "";

    [SetUp]
    public void CreateWaveformDirectory() =>
        _waveforms = Directory.CreateTempSubdirectory("sim-cosim-os-defect-").FullName;

    [TearDown]
    public void DeleteWaveformDirectory() => Directory.Delete(_waveforms, recursive: true);

    [Test]
    public void RowHoldingItsSumOnDrainIsCaughtOnTheSumAtCycle11()
    {
        using var lockstep = new OutputStationaryLockstep(RtlBuilds.OsDrainRowDefect, _waveforms);
        var driver = new OutputStationaryDriver(lockstep);

        var error = Assert.Throws<CosimMismatchException>(() =>
            driver.Run(PeArrayFeatures.None, PeDatapath.Int8, Activations, Weights, new int[16], 4, 1, 4));

        var divergence = error!.Divergence;
        Assert.That(divergence.Cycle, Is.EqualTo(DivergenceCycle));
        Assert.That(divergence.Signal, Is.EqualTo("psum_out[0]"));
        Assert.That(divergence.Expected, Is.EqualTo(10));
        Assert.That(divergence.Actual, Is.EqualTo(20));
        Assert.That(error.Message, Does.StartWith(
            "RTL 4x4-w16-os-SIM_DEFECT_OS_DRAIN_ROW_1 diverged from the register-level model at cycle 11: psum_out[0] expected 10, RTL gave 20"));
        Assert.That(Path.GetFileName(divergence.WaveformPath), Is.EqualTo("os_array-4x4-w16-os-SIM_DEFECT_OS_DRAIN_ROW_1-cycle11.vcd"));
        WaveformAssert.Covers(divergence);
    }

    /// <summary>
    /// The same tile compared whole: the driver files column c's j-th valid sum under row M - 1 - j, so the
    /// fourth sum out of column 0 (20, row 1's again) lands in y[0][0], which the fast model has as 10.
    /// </summary>
    [Test]
    public void TheTileComparisonNamesTheFirstWrongOutput()
    {
        using var tiles = new TileCosim(RtlBuilds.OsDrainRowDefect);

        var (fastCycles, rtlCycles, mismatch) = tiles.Run(Activations, Weights, 4, 1, 4);

        Assert.That(mismatch, Is.EqualTo("y[0][0]: fast model 10, RTL 20"));
        Assert.That(rtlCycles, Is.EqualTo(fastCycles).And.EqualTo(DivergenceCycle));
    }

    /// <summary>
    /// A scenario on output-stationary hardware run on the defective RTL: the layer's first tile differs, is rerun
    /// in lockstep, and its waveform written. The mapper splits M = 6 into two tiles of 3 rows (K_t = 12, N_t = 4).
    /// By the derivation above with M_t = 3 (row 3 empty): the model puts out row 3 (invalid), 2, 1, 0 on drain edges
    /// 1..4, the defective array rows 3, 2, 1 and then row 1 again; so the divergence is row 0's sum on the R-th drain
    /// edge, the tile's last: K' + M_t + N_t + R - 2 = 12 + 3 + 4 + 4 - 2 = 21 (no skipping: K' = K_t).
    /// </summary>
    [Test]
    public void ScenarioCosimLocatesTheFirstDifferingTileInLockstep()
    {
        var hw = TestScenarios.Array16() with { PeArray = new PeArrayConfig(4, 4, Dataflow.OutputStationary, 1000) };
        var scenario = TestScenarios.Of(hw, new GemmLayer("fc", 6, 12, 5));

        var layer = ScenarioCosim.Run(scenario, _waveforms, RtlBuilds.OsDrainRowDefect).Single();

        Assert.That(layer.Equal, Is.False);
        Assert.That(layer.Mismatch, Does.StartWith("layer fc, tile 0 (group 0, rows 0.., k 0.., columns 0..; 3x12x4): y[0]["));
        Assert.That(layer.Mismatch, Does.Contain("; RTL 4x4-w16-os-SIM_DEFECT_OS_DRAIN_ROW_1 diverged from the register-level model at cycle 21: psum_out["));
        Assert.That(Directory.GetFiles(_waveforms, "os_array-*.vcd"), Has.Length.EqualTo(1));
    }
}
