using Sim.Cosim;

namespace Sim.Tests.Cosim;

/// <summary>
/// The constrained-random budget (<see cref="ConstrainedRandomCosim"/>) on its builds (<see cref="ConstrainedRandomCosim.Builds"/>).
/// CI runs <see cref="ConstrainedRandomCosim.CiRuns"/> runs a build from seed 1; <c>SIM_COSIM_BUDGET=N</c> and
/// <c>SIM_COSIM_SEED=S</c> run a longer hunt:
/// <c>SIM_COSIM_BUDGET=5000 SIM_COSIM_SEED=7 dotnet test Simulator.Tests -c Release --filter "FullyQualifiedName~ConstrainedRandom"</c>.
/// </summary>
[Category("Cosim")]
public class ConstrainedRandomCosimTests
{
    public static IEnumerable<RtlConfig> Builds => ConstrainedRandomCosim.Builds;

    public static int Runs => int.TryParse(Environment.GetEnvironmentVariable("SIM_COSIM_BUDGET"), out int n) && n > 0 ? n : ConstrainedRandomCosim.CiRuns;
    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SIM_COSIM_SEED"), out int s) ? s : 1;

    /// <summary>
    /// The budget on each build, counting coverage (a coverage build is the same RTL, instrumented): no difference,
    /// the stimulus doing what it claims, and every coverage figure at or above its floor (<see cref="CoverageFloor"/>).
    /// </summary>
    [TestCaseSource(nameof(Builds))]
    public void TheBudgetFindsNoDifferenceAndReachesTheCoverageFloor(RtlConfig verification)
    {
        var build = verification with { Coverage = true };
        string file = Path.Combine(Path.GetTempPath(), $"sim-coverage-{build.Name}-{Environment.ProcessId}.dat");
        try
        {
            var result = ConstrainedRandomCosim.Run(build, Seed, Runs, file);
            Assert.That(result.Mismatch, Is.Null);
            Assert.That(result.Runs, Is.EqualTo(Runs));
            // Resets mid-run happened, and the narrow counters wrapped.
            Assert.That(result.Resets, Is.GreaterThan(0));
            if (build.CounterWidth < 32) Assert.That(result.MostColumnMacs, Is.GreaterThan(1L << build.CounterWidth));
            var code = CodeCoverage.Read(file);
            Assert.That(CoverageFloor.Shortfalls(build, code, result.Coverage), Is.Empty);
            TestContext.Out.WriteLine($"{build.Name}: {result.Runs} runs, {result.Tiles} tiles, {result.Edges} edges, {result.Resets} resets; " +
                                      $"lines {code.LineFraction:P1}, toggles {code.ToggleFraction:P1}");
        }
        finally { File.Delete(file); }
    }

    [Test]
    public void TheSameSeedGivesTheSameStimulus()
    {
        var narrowCounters = ConstrainedRandomCosim.Builds.Single(b => b.CounterWidth < 32);
        var first = ConstrainedRandomCosim.Run(narrowCounters, 5, 20);
        var second = ConstrainedRandomCosim.Run(narrowCounters, 5, 20);
        Assert.That(second with { Coverage = [] }, Is.EqualTo(first with { Coverage = [] }));
        Assert.That(second.Coverage, Is.EqualTo(first.Coverage));
    }
}
