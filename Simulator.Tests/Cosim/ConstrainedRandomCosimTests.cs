using Sim.Cosim;

namespace Sim.Tests.Cosim;

/// <summary>
/// The constrained-random budget (<see cref="ConstrainedRandomCosim"/>) on builds that between them have every
/// feature: two weight buffers (loads overlapping streams, 2:4), one buffer with an odd row count, int8 with MAC
/// counters narrow enough to wrap, and the output-stationary array. CI runs <see cref="CiRuns"/> runs a build from
/// seed 1; <c>SIM_COSIM_BUDGET=N</c> and <c>SIM_COSIM_SEED=S</c> run a longer hunt:
/// <c>SIM_COSIM_BUDGET=5000 SIM_COSIM_SEED=7 dotnet test Simulator.Tests -c Release --filter "FullyQualifiedName~ConstrainedRandom"</c>.
/// </summary>
[Category("Cosim")]
public class ConstrainedRandomCosimTests
{
    public const int CiRuns = 150;

    /// <summary>A 4x4 int8 build whose MAC counters are 10 bits, so a budget wraps them many times.</summary>
    public static readonly RtlConfig NarrowCounters4x4 = new(4, 4, 8) { CounterWidth = 10 };

    public static IEnumerable<RtlConfig> Builds =>
        [RtlBuilds.TwoBanks6x5, RtlBuilds.Int16Array7x5, NarrowCounters4x4, RtlBuilds.OsInt16Array6x6];

    public static int Runs => int.TryParse(Environment.GetEnvironmentVariable("SIM_COSIM_BUDGET"), out int n) && n > 0 ? n : CiRuns;
    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SIM_COSIM_SEED"), out int s) ? s : 1;

    [TestCaseSource(nameof(Builds))]
    public void TheBudgetFindsNoDifference(RtlConfig rtl)
    {
        var result = ConstrainedRandomCosim.Run(rtl, Seed, Runs);
        Assert.That(result.Mismatch, Is.Null);
        Assert.That(result.Runs, Is.EqualTo(Runs));
        // The stimulus did what it claims: resets mid-run happened, and the narrow counters wrapped.
        Assert.That(result.Resets, Is.GreaterThan(0));
        if (rtl.CounterWidth < 32) Assert.That(result.MostColumnMacs, Is.GreaterThan(1L << rtl.CounterWidth));
        TestContext.Out.WriteLine($"{rtl.Name}: {result.Runs} runs, {result.Tiles} tiles, {result.Edges} edges, {result.Resets} resets");
    }

    [Test]
    public void TheSameSeedGivesTheSameStimulus()
    {
        var first = ConstrainedRandomCosim.Run(NarrowCounters4x4, 5, 20);
        var second = ConstrainedRandomCosim.Run(NarrowCounters4x4, 5, 20);
        Assert.That(second, Is.EqualTo(first));
    }
}
