using Sim.Accelerator;
using Sim.Config;
using Sim.Run;

namespace Sim.Tests.Run;

/// <summary>Utilisation, mapping loss and stall loss: each PE-cycle a layer held the array counted once.</summary>
public class UtilisationSplitTests
{
    [Test]
    public void AHandWorkedLayerSplitsIntoThreeFractionsOfOne()
    {
        // 1,000 cycles, 20 of them charged to a neighbour: 980 charged x 256 PEs = 250,880 PE-cycles.
        // Computing: 600 compute cycles less 20 stalled on bank conflicts = 580.
        //   utilisation  = 100,000 MACs / 250,880                      = 0.398597...
        //   mapping loss = (580 x 256 - 100,000) / 250,880 = 48,480 / 250,880 = 0.193240...
        //   stall loss   = (980 - 580) / 980 = 400 / 980 (DRAM 300 + link 50 + idle 30 + conflicts 20) = 0.408163...
        var timing = new LayerTiming(Cycles: 1000, ComputeCycles: 600, DramStallCycles: 300, LinkStallCycles: 50, IdleCycles: 30,
            ConflictCycles: 20) { OverlapCycles = 20 };
        var split = UtilisationSplit.Of(timing, macs: 100_000, peCount: 256);
        Assert.That(split.Utilisation, Is.EqualTo(100_000 / 250_880.0).Within(1e-15));
        Assert.That(split.MappingLoss, Is.EqualTo(48_480 / 250_880.0).Within(1e-15));
        Assert.That(split.StallLoss, Is.EqualTo(400 / 980.0).Within(1e-15));
        Assert.That(split.Utilisation + split.MappingLoss + split.StallLoss, Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void ARunLayersColumnsAddUpAndMatchItsTilePlan()
    {
        // The GEMM of ScenarioRunnerTests.GemmCyclesAndTrafficFollowTheTilePlan with a single-ported accumulator
        // buffer: 5 tiles of 75 cycles computing (375), plus 200 cycles of bank conflicts, 14,000 MACs on 256 PEs.
        // Mapping loss = (375 x 256 - 14,000) / (C x 256) = 82,000 / 256C; stall loss = (C - 375) / C.
        var run = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(outputPorts: 1), new GemmLayer("fc", 5, 70, 40)));
        var fc = run.Layers.Single();
        double c = fc.Cycles - fc.Timing.OverlapCycles;
        Assert.That(fc.Split!.Value.MappingLoss, Is.EqualTo(82_000 / (256 * c)).Within(1e-12));
        Assert.That(fc.Split!.Value.StallLoss, Is.EqualTo((c - 375) / c).Within(1e-12));

        // As layers.csv writes them (six decimals each): they add up to one within the rounding of three cells.
        var row = ReportWriter.LayersCsv(run).Split('\n');
        var header = row[0].Split(',').ToList();
        var cells = row[1].Split(',');
        double Cell(string column) => double.Parse(cells[header.IndexOf(column)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Cell("utilisation") + Cell("mapping_loss") + Cell("stall_loss"), Is.EqualTo(1).Within(1.5e-6));
    }

    [Test]
    public void LayersOffThePeArrayHaveNoSplit()
    {
        var run = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(), new ReluLayer("relu", [1, 5, 7, 9])));
        Assert.That(run.Layers.Single().Split, Is.Null);
        var lines = ReportWriter.LayersCsv(run).Split('\n');
        var header = lines[0].Split(',').ToList();
        Assert.That(lines[1].Split(',')[header.IndexOf("mapping_loss")], Is.Empty);
        Assert.That(lines[1].Split(',')[header.IndexOf("stall_loss")], Is.Empty);
    }
}
