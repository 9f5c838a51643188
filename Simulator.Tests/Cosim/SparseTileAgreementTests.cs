using Sim.Cosim;
using Sim.PeArray;
using Sim.Tests.PeArray;

namespace Sim.Tests.Cosim;

/// <summary>
/// Whole sparse tiles on the Verilog PE array (through <see cref="TileDriver"/>, zero gating, zero-vector
/// skipping and 2:4 on) against the fast model (<see cref="TileModel.Execute"/>): outputs, cycles, vectors
/// issued and active, gated and repeated MACs equal on 600 random tiles on each of two builds (1,200 in
/// all). Weights 2:4-pruned along K (K_t up to the 2 x rows / 2 groups the array covers), zeros placed at
/// random in the activations, in whole activation vectors (skipped), whole K groups of the weights or
/// whole weight columns; a few tiles are all zero (no vector issued, 0 cycles).
/// </summary>
[Category("Cosim")]
public class SparseTileAgreementTests
{
    private const int TilesPerBuild = 600;

    private enum ZeroPattern { Scattered, ActivationVectors, WeightGroups, WeightColumns, AllZeroActivations }

    private static readonly double[] ZeroFractions = [0, 0.3, 0.7, 1];

    private static readonly RtlConfig[] Builds = [RtlBuilds.Int8Array16, RtlBuilds.Int16Array7x5];

    [TestCaseSource(nameof(Builds))]
    public void RandomSparseTilesMatchTheFastModel(RtlConfig config)
    {
        var features = new PeArrayFeatures(ZeroGating: true, SkipZeroVectors: true, Structured24: true);
        var random = new Random(0x24_5EED + config.Rows);
        using var cosim = new TileCosim(config);
        int kMax = 4 * (config.Rows / 2);  // 2 ceil(K_t / 4) compressed rows must fit the array
        TileStats total = default;
        long tilesSkippedWhole = 0, vectors = 0;
        for (int i = 0; i < TilesPerBuild; i++)
        {
            int m = random.Next(1, 49);
            int k = random.Next(2) == 0 ? kMax : random.Next(1, kMax + 1);
            int n = random.Next(2) == 0 ? config.Cols : random.Next(1, config.Cols + 1);
            var pattern = random.Next(20) == 0 ? ZeroPattern.AllZeroActivations : (ZeroPattern)random.Next(4);
            double zeros = ZeroFractions[random.Next(ZeroFractions.Length)];

            var activations = Operands(random, config, m * k);
            var weights = Operands(random, config, k * n);
            SparsityEquivalenceTests.Prune24(random, weights, k, n);
            switch (pattern)
            {
                case ZeroPattern.Scattered:
                    for (int j = 0; j < activations.Length; j++)
                        if (random.NextDouble() < zeros) activations[j] = 0;
                    break;
                case ZeroPattern.ActivationVectors:
                    for (int r = 0; r < m; r++)
                        if (random.NextDouble() < zeros) activations.AsSpan(r * k, k).Clear();
                    break;
                case ZeroPattern.WeightGroups:
                    for (int g = 0; 4 * g < k; g++)
                        if (random.NextDouble() < zeros) weights.AsSpan(4 * g * n, Math.Min(4, k - 4 * g) * n).Clear();
                    break;
                case ZeroPattern.WeightColumns:
                    for (int c = 0; c < n; c++)
                        if (random.NextDouble() < zeros)
                            for (int r = 0; r < k; r++) weights[r * n + c] = 0;
                    break;
                case ZeroPattern.AllZeroActivations:
                    Array.Clear(activations);
                    break;
            }

            var (fast, rtl, mismatch) = cosim.Run(features, PeDatapath.Int8, activations, weights, m, k, n);

            Assert.That(mismatch, Is.Null, $"tile {i}: M={m} K={k} N={n}, {pattern} zeros {zeros}");
            Assert.That(rtl, Is.EqualTo(fast), $"tile {i}");
            total = total.Plus(rtl);
            vectors += m;
            if (rtl.VectorsStreamed == 0) tilesSkippedWhole++;
        }

        // The features were exercised, not just switched on.
        TestContext.Out.WriteLine($"{config.Name}: {total}, {vectors - total.VectorsStreamed} vectors skipped, {tilesSkippedWhole} tiles with none issued");
        Assert.That(total.MacsGated, Is.GreaterThan(0));
        Assert.That(total.MacsActive, Is.GreaterThan(0));
        Assert.That(total.MacsRepeated, Is.GreaterThan(0));
        Assert.That(total.VectorsStreamed, Is.LessThan(vectors));
        Assert.That(tilesSkippedWhole, Is.GreaterThan(0));
    }

    /// <summary>The build's whole operand range, extremes and small repeating values included.</summary>
    private static short[] Operands(Random random, RtlConfig config, int count)
    {
        short[] extremes = [config.MinOperand, config.MaxOperand, -1, 1];
        var values = new short[count];
        for (int i = 0; i < count; i++)
            values[i] = random.Next(8) == 0
                ? extremes[random.Next(extremes.Length)]
                : (short)random.Next(config.MinOperand, config.MaxOperand + 1);
        return values;
    }
}
