using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>
/// Every dataflow's fast model against its register-level model: 200 random tiles for each datapath (operand and
/// accumulator format) and each sparsity mode the dataflow has, equal in outputs, cycles and MAC counts, and
/// equal in outputs to the plain textbook sum. Input-stationary tiles are the GEMM turned round (the array holds
/// the activations, the weights' columns stream), so its outputs are checked transposed against A x W.
/// </summary>
public class DataflowEquivalenceTests
{
    private const int TilesPerCase = 200;

    public static IEnumerable<TestCaseData> Cases()
    {
        int seed = 0x0D_F10;
        foreach (var dataflow in Dataflow.All)
            foreach (var datapath in FormatEquivalenceTests.Datapaths())
                foreach (var features in Modes(dataflow))
                    yield return new TestCaseData(dataflow.Name, datapath, features, seed++)
                        .SetName($"{dataflow.Name} {datapath} {(features.ZeroGating ? "gate" : "")}{(features.SkipZeroVectors ? " skip" : "")}{(features.Structured24 ? " 2:4" : "")}");
    }

    /// <summary>Every combination of the sparsity features the dataflow runs (2:4 only with weights held).</summary>
    private static IEnumerable<PeArrayFeatures> Modes(IDataflow dataflow)
    {
        bool structured = dataflow == Dataflow.WeightStationary;
        for (int i = 0; i < (structured ? 8 : 4); i++)
            yield return new PeArrayFeatures(i % 2 == 1, i / 2 % 2 == 1, i / 4 == 1);
    }

    [TestCaseSource(nameof(Cases))]
    public void FastModelMatchesRegisterLevelModel(string name, PeDatapath datapath, PeArrayFeatures features, int seed)
    {
        var dataflow = Dataflow.All.Single(d => d.Name == name);
        var random = new Random(seed);
        for (int tile = 0; tile < TilesPerCase; tile++)
        {
            int rows = random.Next(1, 9), cols = random.Next(1, 9);
            if (features.Structured24) rows = 2 * random.Next(1, 5);
            var (maxM, maxK, maxN) = dataflow.TileLimits(rows, cols, features.Structured24);
            // The layer's tile: M x K by K x N; turned round for input-stationary (M' = N, N' = M).
            int m = Math.Min(dataflow.HoldsActivations ? maxN : maxM, random.Next(1, 25));
            int k = Math.Min(maxK, random.Next(1, 25));
            int n = Math.Min(dataflow.HoldsActivations ? maxM : maxN, random.Next(1, 25));
            double zeros = new[] { 0.0, 0.5, 0.8, 0.95 }[random.Next(4)];
            var a = SparsityEquivalenceTests.Sparse(random, datapath.Operands, m * k, zeros);
            var w = SparsityEquivalenceTests.Sparse(random, datapath.Operands, k * n, zeros / 2);
            if (features.Structured24) SparsityEquivalenceTests.Prune24(random, w, k, n);

            var expected = new int[m * n];
            FormatEquivalenceTests.Reference(datapath, a, w, expected, m, k, n);
            var (held, streamed, tm, tn) = dataflow.HoldsActivations ? (Transpose(w, k, n), Transpose(a, m, k), n, m) : (a, w, m, n);
            var fast = new int[tm * tn];
            var fastStats = dataflow.Execute(features, datapath, rows, cols, held, streamed, fast, tm, k, tn, profile: null);
            var register = new int[tm * tn];
            var registerStats = dataflow.RunRegisterLevel(features, datapath, rows, cols, held, streamed, register, tm, k, tn);

            string where = $"tile {tile}: {rows}x{cols} array, M {m} K {k} N {n}, zeros {zeros}";
            Assert.That(fastStats, Is.EqualTo(registerStats), $"{where}: cycles and MAC counts");
            Assert.That(fast, Is.EqualTo(register), $"{where}: outputs");
            Assert.That(dataflow.HoldsActivations ? Transpose(fast, tm, tn) : fast, Is.EqualTo(expected), $"{where}: outputs against A x W");
            Assert.That(fastStats.MacsActive + fastStats.MacsGated,
                Is.EqualTo(fastStats.VectorsStreamed * Executed(dataflow, features, tm, k, tn)), $"{where}: every executed MAC is active or gated");
        }
    }

    /// <summary>MACs per issued vector (weight-stationary: every used row x N_t) or step (output-stationary: M_t x N_t).</summary>
    private static long Executed(IDataflow dataflow, PeArrayFeatures features, int m, int k, int n) =>
        dataflow == Dataflow.OutputStationary ? (long)m * n : (long)n * (features.Structured24 ? Structured24.CompressedRows(k) : k);

    private static T[] Transpose<T>(T[] x, int rows, int cols)
    {
        var t = new T[x.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                t[c * rows + r] = x[r * cols + c];
        return t;
    }
}
