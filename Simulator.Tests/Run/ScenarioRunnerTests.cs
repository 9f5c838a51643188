using System.Globalization;
using Sim.Config;
using Sim.Run;

namespace Sim.Tests.Run;

public class ScenarioRunnerTests
{
    [Test]
    public void EveryLayerTypeRunsBitExact()
    {
        var scenario = TestScenarios.Of(TestScenarios.Array16(),
            TestScenarios.Conv("conv", c: 3, h: 17, w: 15, oc: 20, k: 3, stride: 2, pad: 1),
            new Conv2DLayer("asym", 2, 8, 9, 11, 12, 3, 2, 1, 2, new Padding2D(0, 1, 2, 0), 1, 1, 1),
            TestScenarios.Conv("grouped", c: 8, h: 10, w: 10, oc: 12, k: 3, dilation: 2, groups: 4),
            TestScenarios.Conv("depthwise", c: 24, h: 12, w: 12, oc: 24, k: 3, pad: 1, groups: 24),
            new GemmLayer("fc", 3, 70, 40),
            new ReluLayer("relu", [1, 5, 7, 9]),
            new PoolLayer("max", PoolKind.Max, 1, 4, 9, 9, 3, 3, 2, 2, new Padding2D(1, 1, 1, 1)),
            new PoolLayer("avg", PoolKind.Average, 2, 3, 7, 6, 2, 3, 2, 1, new Padding2D(0, 1, 1, 0)));

        var run = ScenarioRunner.Run(scenario);

        Assert.That(run.Layers.Select(l => l.Mismatch), Is.All.Null);
        Assert.That(run.AllBitExact, Is.True);
        Assert.That(run.Layers.Select(l => l.Type),
            Is.EqualTo(new[] { "conv2d", "conv2d", "conv2d", "depthwise", "gemm", "relu", "maxpool", "avgpool" }));
        foreach (var l in run.Layers)
        {
            var t = l.Timing;
            Assert.That(t.ComputeCycles + t.DramStallCycles + t.LinkStallCycles + t.IdleCycles + t.OverlapCycles, Is.EqualTo(t.Cycles), l.Name);
            Assert.That(t.IdleCycles, Is.GreaterThanOrEqualTo(0), l.Name);
        }
    }

    [Test]
    public void GemmCyclesAndTrafficFollowTheTilePlan()
    {
        // Y[5,40] = A[5,70] x W[70,40] on a 16x16 array at 1 GHz with 12.8 GB/s memory. Five rows of A
        // would stream through each of 15 weight tiles, so the mapper turns the GEMM round and holds A:
        // Y^T[40,5] = W^T[40,70] x A^T[70,5] (see MapperTests for the choice). K in chunks of
        // 16,16,16,16,6; N' = 5 columns in one block; all 40 rows of W^T stream through each tile.
        // A tile takes 2R + M' + N' - 2 = 32 + 40 + 5 - 2 = 75 cycles: 5 x 75 = 375.
        // Memory: W^T once (2,800 B), A^T once (350 B), 200 B of int8 outputs stored.
        var run = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(), new GemmLayer("fc", 5, 70, 40)));
        var fc = run.Layers.Single();
        Assert.That(fc.WeightsStream, Is.True);
        Assert.That(fc.Macs, Is.EqualTo(5 * 70 * 40));
        Assert.That(fc.Tiles, Is.EqualTo(5));
        Assert.That(fc.Timing.ComputeCycles, Is.EqualTo(375));
        Assert.That(fc.Timing.ConflictCycles, Is.Zero);
        Assert.That(fc.DramBytesRead, Is.EqualTo(2800 + 350));
        Assert.That(fc.DramBytesWritten, Is.EqualTo(200));
        // The weights are preloaded before the inference (2,800 bytes); only A goes up the link (350), Y down (200).
        Assert.That(run.Setup!.WeightBytes, Is.EqualTo(2800));
        Assert.That(fc.LinkBytesToDevice, Is.EqualTo(350));
        Assert.That(fc.LinkBytesToHost, Is.EqualTo(200));
        Assert.That(run.TotalCycles, Is.EqualTo(fc.Cycles));
        // Each tensor once: A 350 + W 2,800 + Y 200, which is what this mapping moves too.
        Assert.That(fc.DramBytesMinimum, Is.EqualTo(350 + 2800 + 200));
        // The plan above: M' = 40 rows streamed through one tile (all fit), K_t = 16, N' = 5; W^T's 70 x 5 int8
        // (350 bytes) fit in half the weight scratchpad, so they stay resident.
        Assert.That(fc.Mapping, Is.EqualTo("activations stationary; g>n>m>k; Mt 40 Kt 16 Nt 5; weights resident"));
        Assert.That(fc.Utilisation, Is.EqualTo(14000.0 / (fc.Cycles * 256.0)).Within(1e-12));
        Assert.That(fc.BitExact, Is.True);
    }

    [Test]
    public void ASinglePortedAccumulatorBufferStallsEveryVector()
    {
        // The same GEMM with one port on the output scratchpad: each cycle's row of 5 int32 partial sums
        // (one 64-byte line) is read and written, two accesses to one bank: 2 cycles a vector.
        // 5 tiles x 40 vectors = 200 extra cycles on top of the 375.
        var run = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(outputPorts: 1), new GemmLayer("fc", 5, 70, 40)));
        var fc = run.Layers.Single();
        Assert.That(fc.Timing.ConflictCycles, Is.EqualTo(200));
        Assert.That(fc.Timing.ComputeCycles, Is.EqualTo(575));
        Assert.That(fc.BitExact, Is.True);
    }

    [Test]
    public void LowerBandwidthStallsAMemoryBoundLayer()
    {
        // The same layer with a hundredth of the bandwidth: the array does the same work, but waits. (The
        // textbook mapping on both, since the search may map a starved layer differently.)
        var fixedMapping = new MapperConfig(MapperMode.Fixed, MapperObjective.Latency);
        var fast = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(12.8) with { Mapper = fixedMapping }, new GemmLayer("fc", 5, 70, 40))).Layers[0];
        var slow = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(0.128) with { Mapper = fixedMapping }, new GemmLayer("fc", 5, 70, 40))).Layers[0];
        Assert.That(slow.Timing.ComputeCycles, Is.EqualTo(fast.Timing.ComputeCycles));
        Assert.That(slow.Timing.DramStallCycles, Is.GreaterThan(fast.Timing.DramStallCycles));
        // 3,350 bytes at 0.128 GB/s take 26,172 ns: the DRAM stalls cannot be shorter than that
        // less the compute they overlap (725 cycles: 5 K chunks x (51 + 51 + 43), weights held).
        Assert.That(slow.Timing.ComputeCycles, Is.EqualTo(725));
        Assert.That(slow.Timing.DramStallCycles, Is.GreaterThanOrEqualTo(26_172 - 725));
        Assert.That(slow.Bound, Is.EqualTo("DRAM"));
    }

    [Test]
    public void SameScenarioGivesByteIdenticalReports()
    {
        var scenario = TestScenarios.Of(TestScenarios.Array16(),
            TestScenarios.Conv("conv", c: 6, h: 12, w: 12, oc: 18, k: 3, pad: 1), new GemmLayer("fc", 2, 50, 30));
        var first = ScenarioRunner.Run(scenario);
        var second = ScenarioRunner.Run(scenario);
        Assert.That(ReportWriter.LayersCsv(second), Is.EqualTo(ReportWriter.LayersCsv(first)));
        // wall_seconds measures the host; everything else must match to the byte.
        Assert.That(ReportWriter.SummaryJson(second with { WallSeconds = 0 }),
            Is.EqualTo(ReportWriter.SummaryJson(first with { WallSeconds = 0 })));
    }

    [Test]
    public void ReportsAreWrittenWhole()
    {
        var run = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(), new GemmLayer("fc", 2, 20, 20)));
        string dir = Path.Combine(Path.GetTempPath(), "sim-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            ReportWriter.Write(run, dir);
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "actions.csv", "energy.csv", "layers.csv", "summary.json" }));
            var csv = File.ReadAllLines(Path.Combine(dir, "layers.csv"));
            Assert.That(csv, Has.Length.EqualTo(2));
            Assert.That(csv[1], Does.StartWith($"fc,gemm,pe_array,{run.Layers[0].Cycles},"));
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            Assert.That(json.RootElement.GetProperty("total_cycles").GetInt64(), Is.EqualTo(run.TotalCycles));
            Assert.That(json.RootElement.GetProperty("layers")[0].GetProperty("bit_exact").GetBoolean(), Is.True);
            // actions.csv: count x pJ each = pJ on every row, and a component's rows add up to its energy.csv total.
            var rows = File.ReadAllLines(Path.Combine(dir, "actions.csv")).Skip(1).Select(r => r.Split(',')).ToList();
            foreach (var r in rows)
                Assert.That(double.Parse(r[5], CultureInfo.InvariantCulture),
                    Is.EqualTo(double.Parse(r[3], CultureInfo.InvariantCulture) * double.Parse(r[4], CultureInfo.InvariantCulture)).Within(0.01), string.Join(",", r));
            foreach (var e in File.ReadAllLines(Path.Combine(dir, "energy.csv")).Skip(1).Select(r => r.Split(',')))
                Assert.That(rows.Where(r => r[0] == e[0] && r[1] == e[1]).Sum(r => double.Parse(r[5], CultureInfo.InvariantCulture)),
                    Is.EqualTo(double.Parse(e[2], CultureInfo.InvariantCulture) + double.Parse(e[3], CultureInfo.InvariantCulture)).Within(0.05), e[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
