using Sim.Config;
using Sim.Cosim;
using Sim.Numerics;
using Sim.Run;
using Sim.Tests.Run;
using Sim.PeArray;
using Sim.Tests.PeArray;

namespace Sim.Tests.Cosim;

/// <summary>
/// The Verilog array with two weight buffers per PE (WEIGHT_BUFFERS = 2) in lockstep with the register-level
/// model: runs of tiles back to back as <see cref="WeightPipeline"/> schedules them (the next tile's weights
/// loading into the other bank while the current one streams), random input streams with random banks, and a
/// build whose MAC ignores the bank, which must be caught.
/// </summary>
[Category("Cosim")]
public class WeightBufferCosimTests
{
    [Test]
    public void RunsOfTilesBackToBackAgreeEveryCycle()
    {
        var config = RtlBuilds.TwoBanks6x5;
        var random = new Random(0xB2);
        using var cosim = new LockstepCosimulator(config, waveformDirectory: null);
        var driver = new TileDriver(cosim);
        int tiles = 0;
        while (tiles < 1000)
        {
            var features = new PeArrayFeatures(random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0);
            var datapath = new PeDatapath(ElementFormat.Int16, ElementFormat.Int32);
            int kMax = features.Structured24 ? 2 * config.Rows : config.Rows;
            var jobs = new List<TileJob>();
            for (int t = random.Next(1, 7); t > 0; t--)
            {
                int m = random.Next(1, 3 * config.Rows), k = random.Next(1, kMax + 1), n = random.Next(1, config.Cols + 1);
                var a = SparsityEquivalenceTests.Sparse(random, datapath.Operands, m * k, new[] { 0.0, 0.5, 0.9 }[random.Next(3)]);
                var w = TileOperands.Random(random, k * n, ValueRange.FullInt16);
                if (features.Structured24) SparsityEquivalenceTests.Prune24(random, w, k, n);
                jobs.Add(new TileJob(a, w, new int[m * n], m, k, n));
            }
            // Every edge of the run is compared inside the lockstep array; the outputs against the textbook sum.
            var stats = driver.RunSequence(features, datapath, jobs);
            foreach (var j in jobs)
            {
                var expected = new int[j.M * j.N];
                TileOperands.ReferenceMatMul(j.Activations, j.Weights, expected, j.M, j.K, j.N);
                Assert.That(j.Accumulators, Is.EqualTo(expected));
            }
            // The tiles' cycles add up to the edge of the run's last output; the run then drains the columns past the
            // tiles' N_t, within a column's length, and ends with the array empty: idle edges bring out nothing.
            long drain = cosim.Cycle - stats.Sum(s => s.Cycles);
            Assert.That(drain, Is.InRange(0, config.Cols - 1));
            long end = cosim.Cycle;
            var idle = new PeArrayInputs(false, new short[config.Cols], new byte[config.Cols], new short[config.Rows], new bool[config.Rows],
                new short[4 * config.Rows]);
            for (int e = 0; e < config.Rows + config.Cols; e++)
            {
                cosim.Step(idle);
                Assert.That(cosim.PartialSumOutValid.ToArray(), Has.None.True, $"a sum {cosim.Cycle - end} edges after the run");
            }
            tiles += jobs.Count;
        }
    }

    [Test]
    public void RandomInputStreamsWithRandomBanksAgreeEveryCycle()
    {
        var config = RtlBuilds.TwoBanks6x5;
        var random = new Random(0xBA4C);
        using var cosim = new LockstepCosimulator(config, waveformDirectory: null, protocolAssertions: false);
        cosim.Configure(new PeDatapath(ElementFormat.Int16, ElementFormat.Int32), new PeArrayFeatures(true, false, true));
        var weights = new short[config.Cols];
        var indices = new byte[config.Cols];
        var activations = new short[config.Rows];
        var valid = new bool[config.Rows];
        var banks = new bool[config.Rows];
        var groups = new short[4 * config.Rows];
        for (int i = 0; i < 12_000; i++)
        {
            for (int c = 0; c < config.Cols; c++)
            {
                weights[c] = random.Next(4) == 0 ? (short)0 : (short)random.Next(short.MinValue, short.MaxValue + 1);
                indices[c] = (byte)random.Next(4);
            }
            for (int r = 0; r < config.Rows; r++)
            {
                activations[r] = (short)random.Next(-3, 4);
                valid[r] = random.Next(3) != 0;
                banks[r] = random.Next(2) == 0;
            }
            for (int j = 0; j < groups.Length; j++) groups[j] = (short)random.Next(-3, 4);
            cosim.Step(new PeArrayInputs(random.Next(3) == 0, weights, indices, activations, valid, groups)
            {
                WeightLoadBank = random.Next(2) == 0,
                ActivationBank = banks,
            });
        }
        Assert.That(cosim.Cycle, Is.EqualTo(12_000));
    }

    [Test]
    public void AMacThatIgnoresTheBankIsCaught()
    {
        // Two tiles of different weights: the second streams with bank 1, which the defective MAC never reads.
        var random = new Random(3);
        var jobs = Enumerable.Range(0, 2).Select(_ => new TileJob(
            TileOperands.Random(random, 8 * 4, ValueRange.Int8), TileOperands.Random(random, 4 * 4, ValueRange.Int8), new int[8 * 4], 8, 4, 4)).ToList();
        using var cosim = new LockstepCosimulator(RtlBuilds.BankDefect, waveformDirectory: null);
        var error = Assert.Throws<CosimMismatchException>(() => new TileDriver(cosim).RunSequence(PeArrayFeatures.None, PeDatapath.Int8, jobs));
        Assert.That(error!.Divergence.Signal, Does.StartWith("psum_out["));
    }

    [Test]
    public void SimCosimRunsEachLayerBackToBackOnTheTwoBankBuildAndMatchesTheRun()
    {
        // A 6x5 int16 array with two weight buffers: sim cosim picks the 6x5-w16-b2 build, runs every tile alone against
        // the fast model, and the layers back to back in lockstep, whose cycles are the ones sim run reports for them.
        var baseHw = TestScenarios.Array16();
        var hw = baseHw with
        {
            PeArray = new PeArrayConfig(6, 5, Dataflow.WeightStationary, 1000) { WeightBuffers = 2 },
            NumberFormat = ElementFormat.Int16,
            Accumulator = ElementFormat.Int32,
            Sparsity = new SparsityConfig(true, ZeroSkipping.Vector, false, Compression.None),
        };
        var scenario = TestScenarios.Of(hw,
            TestScenarios.Conv("conv", c: 3, h: 9, w: 9, oc: 7, k: 3, pad: 1),
            new GemmLayer("fc", 12, 20, 9));
        Assert.That(ScenarioCosim.RtlFor(hw), Is.EqualTo(RtlBuilds.TwoBanks6x5));
        var results = ScenarioCosim.Run(scenario);
        var run = ScenarioRunner.Run(scenario);
        foreach (var layer in results)
        {
            Assert.That(layer.Mismatch, Is.Null, layer.Layer);
            Assert.That(layer.RtlCycles, Is.EqualTo(layer.FastCycles), layer.Layer);
            var row = run.Layers.Single(l => l.Name == layer.Layer);
            Assert.That(row.Timing.ComputeCycles - row.Timing.ConflictCycles, Is.EqualTo(layer.BackToBackCycles), layer.Layer);
        }
    }

    [Test]
    public void ASingleBankBuildRefusesBankOne()
    {
        using var rtl = new RtlPeArray(RtlBuilds.Int16Array7x5);
        var error = Assert.Throws<NotSupportedException>(() => rtl.Step(new PeArrayInputs(true, new short[5], new short[7], new bool[7])
        {
            WeightLoadBank = true,
        }));
        Assert.That(error!.Message, Does.Contain("one weight buffer per PE"));
    }
}
