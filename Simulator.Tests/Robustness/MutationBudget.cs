namespace Sim.Tests.Robustness;

/// <summary>
/// How many mutants of each class the suite draws per input file, and from which seed. CI takes the defaults (one per
/// class, seed 1), which keep the whole suite under a minute on two cores. A longer hunt sets the environment:
///   SIM_MUTATION_BUDGET=50 SIM_MUTATION_SEED=7 dotnet test Simulator.Tests -c Release --filter "FullyQualifiedName~Robustness"
/// A failure message names the class, the change and the seed, so any mutant found that way can be replayed.
/// </summary>
internal static class MutationBudget
{
    public static int PerClass => Read("SIM_MUTATION_BUDGET", 1);

    public static int Seed => Read("SIM_MUTATION_SEED", 1);

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) && v > 0 ? v : fallback;
}
