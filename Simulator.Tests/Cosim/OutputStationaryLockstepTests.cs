using Sim.Cosim;
using Sim.Numerics;
using Sim.PeArray;
using Sim.Tests.PeArray;

namespace Sim.Tests.Cosim;

/// <summary>
/// The output-stationary Verilog array against the register-level <see cref="OutputStationaryArray"/>, every
/// edge compared (psum_out, psum_valid_out, the three MAC counters): 1,200 random tiles through
/// <see cref="OutputStationaryDriver"/> on three array shapes, each tile's outputs also checked against the
/// textbook sum and its cycles against the hand formula; and random input streams no driver would produce.
/// </summary>
[Category("Cosim")]
public class OutputStationaryLockstepTests
{
    private const int TilesPerCase = 100;

    private static readonly RtlConfig[] Builds = [RtlBuilds.OsInt8Array5x3, RtlBuilds.OsInt16Array6x6, RtlBuilds.OsInt16Array2x5];

    public static IEnumerable<TestCaseData> TileCases() =>
        from config in Builds
        from gating in new[] { false, true }
        from skipping in new[] { false, true }
        select new TestCaseData(config, new PeArrayFeatures(gating, skipping, false))
            .SetName($"{config.Name}{(gating ? " gate" : "")}{(skipping ? " skip" : "")}");

    public static IEnumerable<TestCaseData> StreamCases() => Builds.Select(c => new TestCaseData(c).SetName(c.Name));

    /// <summary>The datapaths a build's operand width carries: uint8 values need 9 bits, so the 16-bit build.</summary>
    private static PeDatapath[] Datapaths(RtlConfig config) =>
        (config.OperandWidth == 8 ? new[] { ElementFormat.Int8, ElementFormat.Int4 } : [ElementFormat.Int16, ElementFormat.Int8, ElementFormat.Uint8])
        .Select(f => new PeDatapath(f, ElementFormat.Int32)).ToArray();

    [TestCaseSource(nameof(TileCases))]
    public void RandomTilesAgreeEveryCycle(RtlConfig config, PeArrayFeatures features)
    {
        var random = new Random(config.Rows * 1000 + config.Cols * 10 + (features.ZeroGating ? 1 : 0) + (features.SkipZeroVectors ? 2 : 0));
        using var lockstep = new OutputStationaryLockstep(config, waveformDirectory: null);
        var driver = new OutputStationaryDriver(lockstep);
        var datapaths = Datapaths(config);
        long repeated = 0, gated = 0, skippedSteps = 0;
        for (int tile = 0; tile < TilesPerCase; tile++)
        {
            var datapath = datapaths[random.Next(datapaths.Length)];
            int m = random.Next(1, config.Rows + 1), n = random.Next(1, config.Cols + 1), k = random.Next(1, 41);
            double zeros = new[] { 0.0, 0.5, 0.8, 0.95 }[random.Next(4)];
            var a = Operands(random, datapath, m * k, zeros);
            var w = Operands(random, datapath, k * n, zeros / 2);
            var outputs = new int[m * n];

            var stats = driver.Run(features, datapath, a, w, outputs, m, k, n);

            string where = $"tile {tile}: {datapath}, M {m} K {k} N {n}, zeros {zeros}";
            var expected = new int[m * n];
            FormatEquivalenceTests.Reference(datapath, a, w, expected, m, k, n);
            Assert.That(outputs, Is.EqualTo(expected), $"{where}: outputs against A x W");
            // K' steps issued: with skipping, a step whose M activations or whose N weights are all zero is not.
            int issued = Enumerable.Range(0, k).Count(p => !features.SkipZeroVectors ||
                (Enumerable.Range(0, m).Any(r => a[r * k + p] != 0) && Enumerable.Range(0, n).Any(c => w[p * n + c] != 0)));
            Assert.That(stats.VectorsStreamed, Is.EqualTo(issued), where);
            if (issued == 0)
            {
                Assert.That(stats, Is.EqualTo(default(TileStats)), $"{where}: a tile with nothing issued takes no cycle");
                continue;
            }
            // Stream: K' + M + N - 2 edges (a[r][k_j] meets w[k_j][c] at edge j + r + c); drain: row 0 leaves on the R-th.
            Assert.That(stats.Cycles, Is.EqualTo(issued + m + n - 2 + config.Rows), where);
            Assert.That(lockstep.Cycle, Is.EqualTo(stats.Cycles), $"{where}: the tile ends on the drain edge of row 0's sums");
            Assert.That(stats.MacsActive + stats.MacsGated, Is.EqualTo((long)issued * m * n), $"{where}: every PE of the block meets every issued step");
            if (!features.ZeroGating) Assert.That(stats.MacsGated, Is.Zero, where);
            repeated += stats.MacsRepeated;
            gated += stats.MacsGated;
            skippedSteps += k - issued;
        }
        Assert.That(repeated, Is.GreaterThan(0), "the tiles exercised the repeated-operand counter");
        if (features.ZeroGating) Assert.That(gated, Is.GreaterThan(0), "the tiles exercised zero gating");
        if (features.SkipZeroVectors) Assert.That(skippedSteps, Is.GreaterThan(0), "the tiles exercised zero-step skipping");
    }

    /// <summary>
    /// Random ports every cycle: valid bits independent of each other and of the data, stale values on invalid
    /// lanes, drain edges at random (also mid-stream, with valid operands on the wires), resets mid-stream, and
    /// zero gating switched at random moments.
    /// </summary>
    [TestCaseSource(nameof(StreamCases))]
    public void RandomInputStreamsAgreeEveryCycle(RtlConfig config)
    {
        var random = new Random(config.Rows * 100 + config.Cols);
        var datapath = new PeDatapath(config.OperandWidth == 8 ? ElementFormat.Int8 : ElementFormat.Int16, ElementFormat.Int32);
        using var lockstep = new OutputStationaryLockstep(config, waveformDirectory: null);
        var activations = new short[config.Rows];
        var activationValid = new bool[config.Rows];
        var weights = new short[config.Cols];
        var weightValid = new bool[config.Cols];
        short[] common = [0, 0, 1, -1, config.MaxOperand, config.MinOperand];
        short Operand() => random.Next(3) == 0 ? common[random.Next(common.Length)] : (short)random.Next(config.MinOperand, config.MaxOperand + 1);

        long validSums = 0, gated = 0, repeated = 0;
        lockstep.Configure(datapath, PeArrayFeatures.None);
        for (int i = 0; i < 8_000; i++)
        {
            if (random.Next(2000) == 0)
            {
                gated += Sum(lockstep.MacsGated);
                repeated += Sum(lockstep.MacsRepeated);
                lockstep.Reset();
            }
            if (random.Next(300) == 0)
                lockstep.Configure(datapath, new PeArrayFeatures(random.Next(2) == 0, false, false));
            for (int r = 0; r < config.Rows; r++)
            {
                activations[r] = Operand();
                activationValid[r] = random.Next(3) != 0;
            }
            for (int c = 0; c < config.Cols; c++)
            {
                weights[c] = Operand();
                weightValid[c] = random.Next(3) != 0;
            }
            lockstep.Step(new OutputStationaryInputs(activations, activationValid, weights, weightValid, drain: random.Next(6) == 0));
            validSums += lockstep.PartialSumOutValid.Count(true);
        }
        gated += Sum(lockstep.MacsGated);
        repeated += Sum(lockstep.MacsRepeated);

        Assert.That(validSums, Is.GreaterThan(0), "sums were drained out");
        Assert.That(gated, Is.GreaterThan(0), "zero gating was on for a while");
        Assert.That(repeated, Is.GreaterThan(0), "the repeated-operand counter was exercised");
    }

    [Test]
    public void TwoFourIsRefusedAsByTheRegisterLevelModelFloatIsRefusedGatingIsNot()
    {
        using var rtl = new RtlOsArray(RtlBuilds.OsInt8Array5x3);

        Assert.Throws<NotSupportedException>(() => rtl.Configure(PeDatapath.Int8, new PeArrayFeatures(false, false, true)));
        Assert.Throws<NotSupportedException>(() => rtl.Configure(PeDatapath.Int8, PeArrayFeatures.None with { Int4Pairs = true }));
        Assert.Throws<ArgumentException>(() => new OutputStationaryArray(5, 3).Configure(PeDatapath.Int8, new PeArrayFeatures(false, false, true)));
        var error = Assert.Throws<NotSupportedException>(() => rtl.Configure(new PeDatapath(ElementFormat.Bf16, ElementFormat.Fp32), PeArrayFeatures.None));
        Assert.That(error!.Message, Does.Contain("float datapaths and narrow accumulators are not in the RTL"));
        Assert.Throws<NotSupportedException>(() => rtl.Configure(new PeDatapath(ElementFormat.Int8, ElementFormat.Int16), PeArrayFeatures.None));
        Assert.DoesNotThrow(() => rtl.Configure(PeDatapath.Int8, new PeArrayFeatures(true, true, false)));
    }

    [Test]
    public void OperandOutsideTheBuildsWidthIsRefused()
    {
        using var rtl = new RtlOsArray(RtlBuilds.OsInt8Array5x3);
        var weights = new short[3];
        weights[2] = -129;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            rtl.Step(new OutputStationaryInputs(new short[5], new bool[5], weights, new bool[3], drain: false)));
        Assert.That(error!.Message, Does.Contain("weight_in[2] = -129"));
    }

    [Test]
    public void ABuildOfOneDataflowIsNotRunAsTheOther()
    {
        Assert.Throws<ArgumentException>(() => new RtlPeArray(RtlBuilds.OsInt8Array5x3));
        Assert.Throws<ArgumentException>(() => new RtlOsArray(RtlBuilds.Int16Array7x5));
        Assert.That(RtlBuilds.OsInt8Array5x3.Name, Is.EqualTo("5x3-w8-os"));
        Assert.That(RtlBuilds.OsInt8Array5x3, Is.Not.EqualTo(new RtlConfig(5, 3, 8)));
    }

    /// <summary>Sparse operands of the datapath; one tile in three draws from a few small values, so activations repeat.</summary>
    private static short[] Operands(Random random, PeDatapath datapath, int count, double zeroFraction)
    {
        var values = SparsityEquivalenceTests.Sparse(random, datapath.Operands, count, zeroFraction);
        if (random.Next(3) == 0)
            for (int i = 0; i < count; i++)
                if (values[i] != 0) values[i] = (short)random.Next(1, 3);
        return values;
    }

    private static long Sum(ReadOnlySpan<long> values)
    {
        long sum = 0;
        foreach (long v in values) sum += v;
        return sum;
    }
}
