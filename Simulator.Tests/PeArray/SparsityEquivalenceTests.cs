using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>
/// Sparsity features on the fast model and the register-level array: outputs, cycles and MAC counts equal
/// with every feature combination and in every datapath; outputs equal to the dense result; skipping never
/// costs cycles; hand-derived cycles on crafted data.
/// </summary>
public class SparsityEquivalenceTests
{
    private const int Seed = 0x2_4_5EED;

    public static IEnumerable<TestCaseData> Cases()
    {
        var random = new Random(Seed);
        var datapaths = FormatEquivalenceTests.Datapaths().ToArray();
        for (int i = 0; i < 240; i++)
        {
            var features = new PeArrayFeatures(i % 2 == 0, i / 2 % 2 == 0, i / 4 % 2 == 0);
            var datapath = datapaths[random.Next(datapaths.Length)];
            int rows = 2 * random.Next(1, 9), cols = random.Next(1, 13);
            int kMax = features.Structured24 ? 2 * rows : rows;
            int k = random.Next(2) == 0 ? kMax : random.Next(1, kMax + 1);
            int n = random.Next(2) == 0 ? cols : random.Next(1, cols + 1);
            double zeroFraction = new[] { 0.0, 0.5, 0.8, 0.95 }[random.Next(4)];
            yield return new TestCaseData(features, datapath, rows, cols, random.Next(1, 41), k, n, zeroFraction, random.Next())
                .SetName($"#{i} {(features.ZeroGating ? "gate " : "")}{(features.SkipZeroVectors ? "skip " : "")}{(features.Structured24 ? "2:4 " : "")}{datapath} {rows}x{cols} M{{4}} K{k} N{n} zeros {zeroFraction}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void FastModelMatchesRegisterLevelModel(PeArrayFeatures features, PeDatapath datapath,
        int rows, int cols, int m, int k, int n, double zeroFraction, int seed)
    {
        var random = new Random(seed);
        var a = Sparse(random, datapath.Operands, m * k, zeroFraction);
        var w = FormatEquivalenceTests.Operands(random, datapath.Operands, k * n);
        if (features.Structured24) Prune24(random, w, k, n);

        var registerLevel = new int[m * n];
        var registerStats = new TileDriver(new SystolicArray(rows, cols)).Run(features, datapath, a, w, registerLevel, m, k, n);
        var fast = new int[m * n];
        var fastStats = TileModel.Execute(features, datapath, rows, cols, a, w, fast, m, k, n);
        var dense = new int[m * n];
        FormatEquivalenceTests.Reference(datapath, a, w, dense, m, k, n);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fastStats, Is.EqualTo(registerStats), "cycles and MAC counts");
            Assert.That(fast, Is.EqualTo(registerLevel), "outputs");
            Assert.That(registerLevel, Is.EqualTo(dense), "outputs against the dense textbook sum");
            if (fastStats.VectorsStreamed > 0)
                Assert.That(fastStats.Cycles, Is.LessThanOrEqualTo(TileModel.Cycles(rows, cols, m, Math.Min(k, rows), n)), "never more cycles than dense");
            long executed = fastStats.VectorsStreamed * n * (features.Structured24 ? Structured24.CompressedRows(k) : k);
            Assert.That(fastStats.MacsActive + fastStats.MacsGated, Is.EqualTo(executed), "every executed MAC is active or gated");
        }
    }

    [Test]
    public void SkippingSavesExactlyTheZeroVectors()
    {
        // 8x8 array, M = 20 vectors of K = 8, N = 8. Vectors 3, 4, 10..15 and 19 are all zero: 9 of 20.
        // Dense: 2R + M + N - 2 = 16 + 20 + 8 - 2 = 42 cycles. Skipping issues M' = 11: 16 + 11 + 6 = 33,
        // nine cycles (one per zero vector) fewer. A tile of only zero vectors takes no cycles at all.
        const int rows = 8, cols = 8, m = 20, k = 8, n = 8;
        var a = new short[m * k];
        var w = new short[k * n];
        for (int i = 0; i < m; i++)
            if (i is not (3 or 4) and not (>= 10 and <= 15) and not 19)
                a[i * k + i % k] = (short)(i + 1);
        for (int i = 0; i < w.Length; i++) w[i] = (short)(i % 7 - 3);
        var skip = new PeArrayFeatures(ZeroGating: false, SkipZeroVectors: true, Structured24: false);

        var dense = TileModel.Execute(PeArrayFeatures.None, PeDatapath.Int8, rows, cols, a, w, new int[m * n], m, k, n);
        var skipped = TileModel.Execute(skip, PeDatapath.Int8, rows, cols, a, w, new int[m * n], m, k, n);
        var register = new TileDriver(new SystolicArray(rows, cols)).Run(skip, PeDatapath.Int8, a, w, new int[m * n], m, k, n);
        var allZero = TileModel.Execute(skip, PeDatapath.Int8, rows, cols, new short[m * k], w, new int[m * n], m, k, n);

        Assert.That((dense.Cycles, skipped.Cycles, register.Cycles, allZero.Cycles), Is.EqualTo((42L, 33L, 33L, 0L)));
    }

    [Test]
    public void TwoToFourHalvesTheKSteps()
    {
        // K = 16 on an 8-row array: dense needs two tiles of K_t = 8, each 2R + M + N - 2 = 16 + 10 + 8 - 2
        // = 32 cycles, 64 in all; 2:4 packs the 16 K rows into 8 compressed rows, one tile of 32 cycles.
        const int rows = 8, cols = 8, m = 10, k = 16, n = 8;
        var random = new Random(3);
        var a = FormatEquivalenceTests.Operands(random, ElementFormat.Int8, m * k);
        var w = FormatEquivalenceTests.Operands(random, ElementFormat.Int8, k * n);
        Prune24(random, w, k, n);
        var sparse = new int[m * n];
        var stats = new TileDriver(new SystolicArray(rows, cols))
            .Run(new PeArrayFeatures(false, false, true), PeDatapath.Int8, a, w, sparse, m, k, n);
        var dense = new int[m * n];
        FormatEquivalenceTests.Reference(PeDatapath.Int8, a, w, dense, m, k, n);
        Assert.That(stats.Cycles, Is.EqualTo(32));
        Assert.That(2 * TileModel.Cycles(rows, cols, m, rows, n), Is.EqualTo(64));
        Assert.That(sparse, Is.EqualTo(dense));
    }

    [Test]
    public void GatingCountsByHand()
    {
        // 2x2 array, K = 2, N = 2, M = 3. a = [[0,1],[0,1],[2,1]], w = [[5,0],[6,7]].
        // Row 0 sees 0,0,2: column 0 (w=5) gates the two zeros, column 1 (w=0) gates all three: 5 gated.
        // Row 1 sees 1,1,1 against 6 and 7: all active, two repeats per column. Active 1 + 6 = 7, repeated 4.
        short[] a = [0, 1, 0, 1, 2, 1];
        short[] w = [5, 0, 6, 7];
        var gate = new PeArrayFeatures(true, false, false);
        var stats = TileModel.Execute(gate, PeDatapath.Int8, 2, 2, a, w, new int[6], 3, 2, 2);
        var register = new TileDriver(new SystolicArray(2, 2)).Run(gate, PeDatapath.Int8, a, w, new int[6], 3, 2, 2);
        Assert.That((stats.MacsActive, stats.MacsGated, stats.MacsRepeated), Is.EqualTo((7L, 5L, 4L)));
        Assert.That(register, Is.EqualTo(stats));
    }

    internal static short[] Sparse(Random random, ElementFormat format, int count, double zeroFraction)
    {
        var values = FormatEquivalenceTests.Operands(random, format, count);
        for (int i = 0; i < count; i++)
            if (random.NextDouble() < zeroFraction) values[i] = 0;
        return values;
    }

    /// <summary>Zeroes two random positions of every aligned group of four along K, in every column.</summary>
    public static void Prune24(Random random, short[] w, int k, int n)
    {
        for (int g = 0; g * 4 < k; g++)
            for (int c = 0; c < n; c++)
            {
                int keep0 = random.Next(4), keep1 = (keep0 + 1 + random.Next(3)) % 4;
                for (int i = 0; i < 4 && 4 * g + i < k; i++)
                    if (i != keep0 && i != keep1) w[(4 * g + i) * n + c] = 0;
            }
    }
}
