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
        string[] args = ["validate", ValidatedFor(relative, file)];
        Assert.That(InProcessSim.Run(args, MutantVerdict.Timeout).Exit, Is.Zero, "the shipped file itself is valid");

        var tally = new MutationTally();
        var mutants = YamlMutator.Mutants(File.ReadAllText(file), new Random(MutationTally.SeedFor(relative)), MutationBudget.PerClass, _tree.Root);
        tally.Run(file, mutants.ToList(), args, positioned: true);
        TestContext.Out.WriteLine($"{relative}: {tally}");
        Assert.That(tally.Failures, Is.Empty, $"seed {MutationBudget.Seed}, budget {MutationBudget.PerClass}");
    }

    /// <summary>
    /// The file <c>sim validate</c> checks for a mutant of <paramref name="file"/>: the file itself, but for an energy
    /// or area table, which only a hardware configuration reads, a copy of a shipped one that names the table.
    /// </summary>
    private string ValidatedFor(string relative, string file)
    {
        string? key = relative.StartsWith("configs/energy/") ? "energy" : relative.StartsWith("configs/area/") ? "area" : null;
        if (key is null) return file;
        string hardware = Path.Combine(_tree.Root, "configs", $"with-{key}-table.yaml");
        File.WriteAllText(hardware, File.ReadAllText(Path.Combine(_tree.Root, "configs", "ws-16x16-int8.yaml")) + $"{key}: {file}\n");
        return hardware;
    }
}
