using Sim.Cosim;
using Sim.PeArray;

namespace Sim.Tests.Cosim;

/// <summary>
/// Proof that cosimulation catches a fault in the sparsity logic: the RTL built with
/// <c>SIM_DEFECT_INDEX_MUX</c> (every PE's 2:4 index mux picks activation i ^ 1 of its group instead of i)
/// is caught at the hand-derived cycle and signal, on the sum without zero gating and on the MAC counter,
/// two cycles earlier, with it.
/// </summary>
/// <remarks>
/// One 2:4 tile on a 4x4 array (R = 4): one activation vector a = [1, 2, 0, 8], K_t = 4 (one group) and
/// N_t = 4 with a single non-zero weight, w[3][2] = 1, so y[0] = [0, 0, 8, 0]. The loader compresses column 2's
/// group into two slots of ascending index: slot 0 = (weight 0, index 0), a filler, and slot 1 =
/// (weight 1, index 3); the other columns get (0, index 0) and (0, index 1). Slot s sits in PE row s;
/// rows 2 and 3 are unused (no valid activation). Edges 1..4 load the weights; stream cycle s is edge
/// R + 1 + s, and PE(r, c) sees the vector at stream cycle r + c, so PE(1, 2) multiplies at edge 8. Its
/// index is 3, so it should take a[3] = 8; the defective mux takes a[2] = 0.
/// <list type="bullet">
/// <item>Without gating the product is 0 instead of 8: the sum registered in PE(1, 2) at edge 8 goes down
///   rows 2 and 3 and leaves on psum_out[2] at edge 10 (= 2R + 2, as in the dense tests): expected 8, RTL 0.</item>
/// <item>With gating the zero it picked gates the MAC: at edge 8 column 2 has counted PE(0, 2) gated (zero
///   weight) and PE(1, 2) active in the model, gated in the RTL. The counters are compared every edge, so
///   mac_active_out[2] diverges at cycle 8: expected 1, RTL 0, before the wrong sum reaches the port.</item>
/// </list>
/// Every other PE holds a zero weight, so whichever activation its mux picks, its product and its class are
/// the same in both; and a dense tile never uses the mux, so the defective build agrees there.
/// </remarks>
[Category("Cosim")]
public class IndexMuxDefectTests
{
    private static readonly short[] Activations = [1, 2, 0, 8];
    private static readonly short[] Weights =
    [
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 1, 0,
    ];

    private string _waveforms = "";

    [SetUp]
    public void CreateWaveformDirectory() =>
        _waveforms = Directory.CreateTempSubdirectory("sim-cosim-defect-").FullName;

    [TearDown]
    public void DeleteWaveformDirectory() => Directory.Delete(_waveforms, recursive: true);

    [Test]
    public void WrongActivationIsCaughtOnTheSumAtCycle10()
    {
        var divergence = RunUntilDivergence(new PeArrayFeatures(ZeroGating: false, SkipZeroVectors: false, Structured24: true));

        Assert.That((divergence.Cycle, divergence.Signal, divergence.Expected, divergence.Actual),
            Is.EqualTo((10L, "psum_out[2]", 8L, 0L)));
    }

    [Test]
    public void WithZeroGatingItIsCaughtOnTheMacCounterAtCycle8()
    {
        var divergence = RunUntilDivergence(new PeArrayFeatures(ZeroGating: true, SkipZeroVectors: true, Structured24: true));

        Assert.That((divergence.Cycle, divergence.Signal, divergence.Expected, divergence.Actual),
            Is.EqualTo((8L, "mac_active_out[2]", 1L, 0L)));
        string vcd = File.ReadAllText(divergence.WaveformPath!);
        Assert.That(vcd, Does.Contain("mac_active_out"));
        Assert.That(vcd, Does.Contain("act_group_in"));
        Assert.That(vcd, Does.Contain("structured_2_4_en"));
    }

    [Test]
    public void DenseTilesDoNotUseTheMuxAndAgree()
    {
        using var cosim = new LockstepCosimulator(RtlBuilds.IndexMuxDefect, _waveforms);
        var outputs = new int[4];
        var stats = new TileDriver(cosim).Run(new PeArrayFeatures(true, true, false), PeDatapath.Int8, Activations, Weights, outputs, 1, 4, 4);
        Assert.That(outputs, Is.EqualTo(new[] { 0, 0, 8, 0 }));
        Assert.That(stats.Cycles, Is.EqualTo(2 * 4 + 1 + 4 - 2));
    }

    [Test]
    public void TileLevelComparisonNamesTheWrongOutput()
    {
        using var tiles = new TileCosim(RtlBuilds.IndexMuxDefect);
        var (_, _, mismatch) = tiles.Run(new PeArrayFeatures(false, false, true), PeDatapath.Int8, Activations, Weights, 1, 4, 4);
        Assert.That(mismatch, Is.EqualTo("y[0][2]: fast model 8, RTL 0"));
    }

    private CosimDivergence RunUntilDivergence(PeArrayFeatures features)
    {
        using var cosim = new LockstepCosimulator(RtlBuilds.IndexMuxDefect, _waveforms);
        var driver = new TileDriver(cosim);
        var error = Assert.Throws<CosimMismatchException>(() =>
            driver.Run(features, PeDatapath.Int8, Activations, Weights, new int[4], 1, 4, 4));
        var divergence = error!.Divergence;
        Assert.That(divergence.WaveformPath, Does.Exist);
        Assert.That(File.ReadAllText(divergence.WaveformPath!), Does.Contain($"\n#{CosimDivergence.WaveformTime(divergence.Cycle)}\n"));
        return divergence;
    }
}
