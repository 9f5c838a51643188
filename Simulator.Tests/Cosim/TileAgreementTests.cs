using Sim.Cosim;

namespace Sim.Tests.Cosim;

/// <summary>
/// Whole tiles on the Verilog PE array, driven with the register-level model's protocol, must give
/// the fast <see cref="Sim.PeArray.TileModel"/>'s outputs and cycle counts exactly: 600 random tiles
/// on each of two builds (1,200 in all), full and partial in K and N, and zeros placed at random,
/// in whole activation vectors, whole weight rows or whole weight columns.
/// </summary>
[Category("Cosim")]
public class TileAgreementTests
{
    private const int TilesPerBuild = 600;

    private enum ZeroPattern { Scattered, ActivationVectors, WeightRows, WeightColumns }

    private static readonly double[] ZeroFractions = [0, 0.3, 0.7, 1];

    private static readonly RtlConfig[] Builds = [RtlBuilds.Int8Array16, RtlBuilds.Int16Array7x5];

    [TestCaseSource(nameof(Builds))]
    public void RandomTilesMatchTheFastModel(RtlConfig config)
    {
        var random = new Random(0x711E + config.Rows);
        using var cosim = new TileCosim(config);
        for (int i = 0; i < TilesPerBuild; i++)
        {
            int m = random.Next(1, 49);
            int k = random.Next(2) == 0 ? config.Rows : random.Next(1, config.Rows + 1);
            int n = random.Next(2) == 0 ? config.Cols : random.Next(1, config.Cols + 1);
            var pattern = (ZeroPattern)random.Next(4);
            double zeros = ZeroFractions[random.Next(ZeroFractions.Length)];
            var activations = Operands(random, config, m, k, pattern == ZeroPattern.ActivationVectors ? zeros : 0, rowWise: true);
            var weights = Operands(random, config, k, n, pattern switch
            {
                ZeroPattern.WeightRows or ZeroPattern.WeightColumns => zeros,
                _ => 0,
            }, rowWise: pattern == ZeroPattern.WeightRows);
            if (pattern == ZeroPattern.Scattered)
                Scatter(random, zeros, activations, weights);

            var (fastCycles, rtlCycles, mismatch) = cosim.Run(activations, weights, m, k, n);

            Assert.That(mismatch, Is.Null, $"tile {i}: M={m} K={k} N={n}, {pattern} zeros {zeros}");
            Assert.That(rtlCycles, Is.EqualTo(2L * config.Rows + m + n - 2));
        }
    }

    /// <summary>
    /// A rows x cols matrix of the build's whole operand range, extremes included, with a
    /// <paramref name="zeroLines"/> fraction of its rows (or columns) entirely zero.
    /// </summary>
    private static short[] Operands(Random random, RtlConfig config, int rows, int cols, double zeroLines, bool rowWise)
    {
        short[] extremes = [config.MinOperand, config.MaxOperand, -1, 1];
        var values = new short[rows * cols];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.Next(8) == 0
                ? extremes[random.Next(extremes.Length)]
                : (short)random.Next(config.MinOperand, config.MaxOperand + 1);
        int lines = rowWise ? rows : cols;
        for (int line = 0; line < lines; line++)
        {
            if (random.NextDouble() >= zeroLines)
                continue;
            for (int j = 0; j < (rowWise ? cols : rows); j++)
                values[rowWise ? line * cols + j : j * cols + line] = 0;
        }
        return values;
    }

    private static void Scatter(Random random, double zeros, short[] activations, short[] weights)
    {
        foreach (var values in new[] { activations, weights })
            for (int i = 0; i < values.Length; i++)
                if (random.NextDouble() < zeros)
                    values[i] = 0;
    }
}
