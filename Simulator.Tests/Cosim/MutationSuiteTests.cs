using Sim.Cosim;

namespace Sim.Tests.Cosim;

/// <summary>
/// The RTL mutation suite, on demand (<c>.ci/mutation-suite</c>, or <c>dotnet test --filter "FullyQualifiedName~MutationSuite"</c>):
/// each build below carries one deliberate fault (a <c>SIM_DEFECT_*</c> define, described where pe.v, pe_array.v and
/// os_array.v read it), and the constrained-random budget CI runs on the clean builds (<see cref="ConstrainedRandomCosimTests"/>:
/// the same seed and number of runs) must find a difference on it. Each fault is built on the shape CI's budget runs
/// that exercises it: two weight buffers for the bank faults, narrow counters for the counter fault, the
/// output-stationary array for its own. Explicit: each is a Verilator build of its own (20 to 60 s).
/// </summary>
[Explicit("builds one RTL per fault; run by .ci/mutation-suite")]
[Category("Mutation")]
public class MutationSuiteTests
{
    public static IEnumerable<TestCaseData> Faults =>
    [
        Fault("the adder's bit 5 stuck at zero", new RtlConfig(7, 5, 16, "SIM_DEFECT_ACC_BIT=5")),
        Fault("column 2's sums a cycle late", new RtlConfig(7, 5, 16, "SIM_DEFECT_LATE_COLUMN=2")),
        Fault("the 2:4 index mux picks the pair's other activation", new RtlConfig(6, 5, 16, "SIM_DEFECT_INDEX_MUX") { WeightBuffers = 2 }),
        Fault("the MAC ignores the bank", new RtlConfig(6, 5, 16, "SIM_DEFECT_BANK") { WeightBuffers = 2 }),
        Fault("an output-stationary row holds its sum on drain", new RtlConfig(6, 6, 16, "SIM_DEFECT_OS_DRAIN_ROW=1") { OutputStationary = true }),
        Fault("reset leaves the partial sums", new RtlConfig(7, 5, 16, "SIM_DEFECT_PSUM_NO_RESET")),
        Fault("reset leaves the activations' valid bits", new RtlConfig(7, 5, 16, "SIM_DEFECT_VALID_NO_RESET")),
        Fault("the MAC uses the weight shifting in during a load", new RtlConfig(7, 5, 16, "SIM_DEFECT_LOAD_BYPASS")),
        Fault("zero gating ignores zero weights", new RtlConfig(7, 5, 16, "SIM_DEFECT_GATE_ACT_ONLY")),
        Fault("a repeated operand counted across tiles", new RtlConfig(6, 5, 16, "SIM_DEFECT_REPEAT_ANY_BANK") { WeightBuffers = 2 }),
        Fault("the product keeps one bit too few", new RtlConfig(4, 4, 8, "SIM_DEFECT_PRODUCT_TRUNC") { CounterWidth = 10 }),
        Fault("the 2:4 index loads a mode switch late", new RtlConfig(6, 5, 16, "SIM_DEFECT_MODE_LATE") { WeightBuffers = 2 }),
        Fault("the MAC counters saturate", new RtlConfig(4, 4, 8, "SIM_DEFECT_COUNTER_SATURATE") { CounterWidth = 10 }),
        Fault("an output-stationary tile starts from the last one's sums", new RtlConfig(6, 6, 16, "SIM_DEFECT_OS_TOP_KEEPS") { OutputStationary = true }),
        Fault("a column emits each sum twice", new RtlConfig(7, 5, 16, "SIM_DEFECT_EXTRA_OUTPUT=3")),
    ];

    private static TestCaseData Fault(string what, RtlConfig build) => new TestCaseData(build).SetArgDisplayNames(build.Name).SetDescription(what);

    [TestCaseSource(nameof(Faults))]
    public void TheCiBudgetCatchesTheFault(RtlConfig build)
    {
        var result = ConstrainedRandomCosim.Run(build, seed: 1, ConstrainedRandomCosim.CiRuns);
        Assert.That(result.Mismatch, Is.Not.Null, $"{build.Name}: {result.Runs} runs found no difference");
        TestContext.Out.WriteLine($"{build.Name}: caught at run {result.Runs - 1}: {result.Mismatch}");
    }
}
