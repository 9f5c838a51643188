using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>
/// The fast tile model must reproduce the register-level array exactly: every output and the cycle
/// count, over many random tile shapes, value ranges and starting accumulators.
/// </summary>
public class ModelEquivalenceTests
{
    private const int Seed = 0x5EED_CAFE;
    private const int RandomShapeCount = 200;

    public readonly record struct TileCase(int Rows, int Cols, int M, int K, int N, ValueRange Range, bool NonZeroAccumulators, int Seed)
    {
        public override string ToString() => $"{Rows}x{Cols} array, M={M} K={K} N={N}, {Range}, {(NonZeroAccumulators ? "accumulate" : "fresh")}";
    }

    private static readonly (int Rows, int Cols)[] FixedArrays = [(1, 1), (16, 16), (4, 8), (8, 3), (2, 5), (7, 1), (1, 9)];

    public static IEnumerable<TestCaseData> Cases()
    {
        var random = new Random(Seed);
        var ranges = Enum.GetValues<ValueRange>();

        TileCase Make(int rows, int cols, int k, int n) => new(
            rows, cols, random.Next(1, 41), k, n,
            ranges[random.Next(ranges.Length)], random.Next(2) == 0, random.Next());

        // The corners of every fixed array: full tile, 1x1 edge tile, and the two mixed edges.
        foreach (var (rows, cols) in FixedArrays)
            foreach (var (k, n) in new[] { (rows, cols), (1, 1), (rows, 1), (1, cols) })
                yield return new TestCaseData(Make(rows, cols, k, n));

        for (int i = 0; i < RandomShapeCount; i++)
        {
            var (rows, cols) = i % 4 == 0 ? FixedArrays[random.Next(FixedArrays.Length)] : (random.Next(1, 17), random.Next(1, 17));
            // Half the tiles fill the array in one dimension, so full and edge tiles both recur.
            int k = random.Next(2) == 0 ? rows : random.Next(1, rows + 1);
            int n = random.Next(2) == 0 ? cols : random.Next(1, cols + 1);
            yield return new TestCaseData(Make(rows, cols, k, n));
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void FastModelMatchesRegisterLevelModel(TileCase tile)
    {
        var random = new Random(tile.Seed);
        var activations = TileOperands.Random(random, tile.M * tile.K, tile.Range);
        var weights = TileOperands.Random(random, tile.K * tile.N, tile.Range);
        var initial = TileOperands.Accumulators(random, tile.M * tile.N, tile.NonZeroAccumulators);

        var registerLevel = (int[])initial.Clone();
        long registerCycles = new TileDriver(new SystolicArray(tile.Rows, tile.Cols))
            .Run(activations, weights, registerLevel, tile.M, tile.K, tile.N);

        var fast = (int[])initial.Clone();
        TileModel.Compute(activations, weights, fast, tile.M, tile.K, tile.N);

        var reference = (int[])initial.Clone();
        TileOperands.ReferenceMatMul(activations, weights, reference, tile.M, tile.K, tile.N);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TileModel.Cycles(tile.Rows, tile.Cols, tile.M, tile.K, tile.N), Is.EqualTo(registerCycles), "cycles");
            Assert.That(fast, Is.EqualTo(registerLevel), "outputs");
            Assert.That(registerLevel, Is.EqualTo(reference), "register-level outputs against the textbook product");
        }
    }

    [Test]
    public void KSplitOverSeveralTilesAccumulatesLikeOneProduct()
    {
        // A layer with K = 3 * Rows + 2 runs as four tiles (the last one a K edge tile) on one array,
        // each adding into the same accumulator; the driver reuses the array between tiles.
        const int rows = 5, cols = 6, m = 17, layerK = 3 * rows + 2, n = 4;
        var random = new Random(Seed);
        var activations = TileOperands.Random(random, m * layerK, ValueRange.FullInt16);
        var weights = TileOperands.Random(random, layerK * n, ValueRange.FullInt16);
        var initial = TileOperands.Accumulators(random, m * n, nonZero: true);

        var driver = new TileDriver(new SystolicArray(rows, cols));
        var registerLevel = (int[])initial.Clone();
        long registerCycles = 0, fastCycles = 0;
        for (int k0 = 0; k0 < layerK; k0 += rows)
        {
            int kt = Math.Min(rows, layerK - k0);
            var tileActivations = new short[m * kt];
            for (int i = 0; i < m; i++)
                activations.AsSpan(i * layerK + k0, kt).CopyTo(tileActivations.AsSpan(i * kt));
            var tileWeights = weights.AsSpan(k0 * n, kt * n);

            registerCycles += driver.Run(tileActivations, tileWeights, registerLevel, m, kt, n);
            fastCycles += TileModel.Cycles(rows, cols, m, kt, n);
        }

        // The fast model's Compute is not bound by the array, so it can do the whole K at once.
        var fast = (int[])initial.Clone();
        TileModel.Compute(activations, weights, fast, m, layerK, n);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(registerLevel, Is.EqualTo(fast));
            Assert.That(fastCycles, Is.EqualTo(registerCycles));
            Assert.That(registerCycles, Is.EqualTo(4 * (2 * rows + m + n - 2)));
        }
    }
}
