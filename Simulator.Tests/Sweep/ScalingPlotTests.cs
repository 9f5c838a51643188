using Sim.Sweep;
using Sim.Tests.Run;

namespace Sim.Tests.Sweep;

/// <summary>The scale-out plot reads each point's cores and batch from its resolved configuration, whichever axis set them.</summary>
public class ScalingPlotTests
{
    private static PointRecord Point(int cores, int batch, double latencyUs, double energyUj, string axes)
    {
        var scenario = TestScenarios.Of(TestScenarios.Array16() with { Cores = cores }) with { Batch = batch };
        return new PointRecord("k", "s", 0, axes, "s", "h", 0, latencyUs, energyUj, true, "[]", 0, "", "", 0, "", ConfigHash.Canonical(scenario));
    }

    [Test]
    public void ThroughputIsTheBatchOverTheLatencyAndEnergyIsPerInference()
    {
        // Batch 8 in 1,000 us: 8,000 inferences a second; 80 uJ for the batch: 10 uJ each.
        var points = ScalingPlot.Points([
            Point(1, 8, 1000, 80, """{"chip":"one"}"""),
            Point(4, 8, 400, 40, """{"chip":"four"}"""),
        ]);
        Assert.That(points.Select(p => (p.Cores, p.Batch)), Is.EqualTo(new[] { (1, 8), (4, 8) }));
        Assert.That(points[0].InferencesPerSecond, Is.EqualTo(8000).Within(1e-9));
        Assert.That(points[1].InferencesPerSecond, Is.EqualTo(20000).Within(1e-9));
        Assert.That(points.Select(p => p.EnergyUjPerInference), Is.EqualTo(new[] { 10.0, 5.0 }));
        // The axis that set the cores names no series.
        Assert.That(points.Select(p => p.Others), Is.All.Empty);
    }

    [Test]
    public void OtherAxesNameTheSeries()
    {
        var points = ScalingPlot.Points([
            Point(1, 8, 1000, 80, """{"cores":1,"memory":"ddr4"}"""),
            Point(2, 8, 600, 80, """{"cores":2,"memory":"ddr4"}"""),
            Point(1, 8, 900, 80, """{"cores":1,"memory":"hbm2"}"""),
            Point(2, 8, 450, 80, """{"cores":2,"memory":"hbm2"}"""),
        ]);
        Assert.That(points.Select(p => p.Others), Is.EqualTo(new[] { "memory = ddr4", "memory = ddr4", "memory = hbm2", "memory = hbm2" }));
    }

    [Test]
    public void NoPlotWithoutTwoCoreCounts() =>
        Assert.That(ScalingPlot.Points([Point(2, 1, 100, 1, """{"a":1}"""), Point(2, 1, 50, 1, """{"a":2}""")]), Is.Empty);
}
