namespace Sim.Accelerator;

/// <summary>
/// A vector-unit or special-function-unit layer split across cores by elements: every step's elements are dealt out in
/// equal runs, core c taking the part [c/C, (c+1)/C) of each of the step's loads, stores and cycles (cut at whole bytes
/// and cycles, so the parts add up to the step). Each core runs its parts of the steps in the layer's order; the
/// element-wise numerics do not depend on who computes what, so no output bit changes.
/// </summary>
internal static class ElementSplit
{
    /// <summary>
    /// The steps in core order (core 0's parts of every step, then core 1's, ...) and how many each core runs. Layer
    /// pipelining cuts a batched layer into its inferences' parts the same way (<see cref="Sim.Run.PipelinedProgram"/>).
    /// </summary>
    public static (List<TileStep> Steps, int[] CoreStepCounts) Of(IReadOnlyList<TileStep> steps, int cores)
    {
        var split = new List<TileStep>(steps.Count * cores);
        var counts = new int[cores];
        for (int c = 0; c < cores; c++)
        {
            foreach (var s in steps)
                split.Add(new TileStep(Part(s.Activations, c, cores), Part(s.Weights, c, cores), Share(s.ComputeCycles, c, cores),
                    Part(s.Store, c, cores), Share(s.ConflictCycles, c, cores))
                {
                    Residual = Part(s.Residual, c, cores),
                });
            counts[c] = steps.Count;
        }
        return (split, counts);
    }

    private static MemoryRange Part(MemoryRange range, int core, int cores) =>
        new(range.Address + range.Bytes * core / cores, Share(range.Bytes, core, cores));

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of a whole: the parts add up to it.</summary>
    public static long Share(long total, int part, int parts) => total * (part + 1) / parts - total * part / parts;
}
