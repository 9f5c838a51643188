namespace Sim.Tests.Robustness;

/// <summary>Runs a file's mutants one by one over the file and collects what each class gave: counts, and every failure.</summary>
internal sealed class MutationTally
{
    private readonly SortedDictionary<string, (int Refused, int Accepted)> _classes = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Writes each mutant over <paramref name="file"/>, runs <paramref name="args"/>, judges it, and puts the file back.</summary>
    public void Run(string file, IEnumerable<Mutant> mutants, string[] args, IReadOnlyList<ErrorPlace> places)
    {
        byte[] original = File.ReadAllBytes(file);
        try
        {
            foreach (var m in mutants)
            {
                File.WriteAllBytes(file, m.Content);
                var outcome = InProcessSim.Run(args, MutantVerdict.Timeout);
                var (refused, accepted) = _classes.GetValueOrDefault(m.Class);
                _classes[m.Class] = outcome.Exit == 0 ? (refused, accepted + 1) : (refused + 1, accepted);
                if (MutantVerdict.Judge(m, outcome, places) is { } why)
                    _failures.Add($"{m.Class}: {m.Change}: {why}");
            }
        }
        finally
        {
            File.WriteAllBytes(file, original);
        }
    }

    /// <summary>"self-alias 1 refused; deleted-key 1 accepted; ..." for the test's output.</summary>
    public override string ToString() => string.Join("; ", _classes.Select(c =>
        $"{c.Key} {c.Value.Refused + c.Value.Accepted}" + (c.Value.Accepted > 0 ? $" ({c.Value.Accepted} still valid)" : "")));

    /// <summary>A seed for one file that does not change between runs (string.GetHashCode does).</summary>
    public static int SeedFor(string name)
    {
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        return (int)(h ^ (uint)MutationBudget.Seed);
    }
}
