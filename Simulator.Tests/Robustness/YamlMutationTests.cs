namespace Sim.Tests.Robustness;

/// <summary>
/// Every shipped YAML file (hardware, DRAM parts, energy and area tables, scenarios, sweeps, the regression suite),
/// mutated class by class (<see cref="YamlMutator"/>) and checked with <c>sim validate</c>: each mutant is refused with
/// one positioned error line, or, where the mutation can leave a legal file, still valid. The budget and seed are
/// <see cref="MutationBudget"/>'s.
/// </summary>
[NonParallelizable]
public class YamlMutationTests
{
    private ShippedTree _tree = null!;

    [OneTimeSetUp] public void CopyTree() => _tree = new ShippedTree();

    [OneTimeTearDown] public void RemoveTree() => _tree.Dispose();

    private static IEnumerable<string> Files() => ShippedTree.YamlFiles();

    [TestCaseSource(nameof(Files))]
    public void EveryMutantIsRefusedInOneLineOrStillValid(string relative)
    {
        string file = Path.Combine(_tree.Root, relative);
        var (validated, places) = ValidatedFor(relative, file);
        string[] args = ["validate", validated];
        Assert.That(InProcessSim.Run(args, MutantVerdict.Timeout).Exit, Is.Zero, "the shipped file itself is valid");

        var tally = new MutationTally();
        var mutants = YamlMutator.Mutants(File.ReadAllText(file), new Random(MutationTally.SeedFor(relative)), MutationBudget.PerClass, _tree.Root);
        tally.Run(file, mutants.ToList(), args, places);
        TestContext.Out.WriteLine($"{relative}: {tally}");
        Assert.That(tally.Failures, Is.Empty, $"seed {MutationBudget.Seed}, budget {MutationBudget.PerClass}");
    }

    /// <summary>
    /// The file <c>sim validate</c> checks for a mutant of <paramref name="file"/>, and where its errors may point: the
    /// file itself; but an energy or area table only a hardware configuration reads, so for a table a copy of a shipped
    /// hardware file that names it, whose errors point into the table or, for a table legal in itself that does not suit
    /// this hardware (no figures for its memory, say), at the hardware's key that chose it.
    /// </summary>
    private (string Validated, ErrorPlace[] Places) ValidatedFor(string relative, string file)
    {
        string? key = relative.StartsWith("configs/energy/") ? "energy" : relative.StartsWith("configs/area/") ? "area" : null;
        if (key is null) return (file, [new ErrorPlace(file, Positioned: true)]);
        string hardware = Path.Combine(_tree.Root, "configs", $"with-{key}-table.yaml");
        File.WriteAllText(hardware, File.ReadAllText(Path.Combine(_tree.Root, "configs", "ws-16x16-int8.yaml")) + $"{key}: {file}\n");
        return (hardware, [new ErrorPlace(file, Positioned: true), new ErrorPlace(hardware, Positioned: true, key)]);
    }
}
