using Sim.Config;

namespace Sim.Mapping;

/// <summary>Which of a GEMM's output dimensions a layer is split along across cores.</summary>
internal enum SplitDimension
{
    /// <summary>GEMM N: each core a run of column blocks (output channels; output pixels when the GEMM runs turned).</summary>
    Columns,

    /// <summary>GEMM M: each core a run of row blocks (output pixels; output channels when the GEMM runs turned).</summary>
    Rows,
}

/// <summary>
/// A PE-array layer split across the cores of a chip: the mapped plan's blocks of one output dimension dealt out in
/// runs, core c taking blocks [ceil(c B / C), ceil((c + 1) B / C)) of the B blocks (with fewer blocks than cores, the
/// cores nearest memory get them). Each core runs its run as a plan of its own (the
/// layer's plan cut to its blocks: same tile sizes, loop order and residency), so its weights, rows and pipeline are
/// its own; K is never split, so every output element is still accumulated by one core in the layer's order and a
/// split changes no output bit.
/// <para>The choice (<see cref="Choose"/>) prices both ways by the mapper's model (<see cref="MappingCost"/>): per group,
/// the larger of the busiest core's compute cycles (the dataflow's per-fold formula over its tiles) and all cores'
/// device-memory bytes at memory's peak bandwidth, which they share. A split by rows makes every core load the weights
/// it needs; a split by columns, the activations: the cheaper wins, columns on a tie. The NoC is not priced.</para>
/// </summary>
internal sealed record CoreSplit(SplitDimension Dimension, IReadOnlyList<(int First, int Count)> Runs)
{
    public int Cores => Runs.Count;

    public static CoreSplit Choose(TilePlan plan, HardwareConfig hw)
    {
        var columns = Deal(SplitDimension.Columns, plan.NBlocks, hw.Cores);
        // A packed depthwise group is one tile wide: its columns are not cut.
        if (plan.Shape.Window > 0) return Deal(SplitDimension.Rows, plan.MBlocks, hw.Cores);
        var rows = Deal(SplitDimension.Rows, plan.MBlocks, hw.Cores);
        return rows.Cost(plan, hw) < columns.Cost(plan, hw) ? rows : columns;
    }

    /// <summary>Cycles the split takes by the mapper's model: groups x max(busiest core's compute, all bytes / peak bytes a cycle).</summary>
    public double Cost(TilePlan plan, HardwareConfig hw)
    {
        long busiest = 0, bytes = 0;
        for (int c = 0; c < Cores; c++)
        {
            if (SliceOf(plan, c) is not { } slice) continue;
            busiest = Math.Max(busiest, MappingCost.ComputeCycles(slice, hw));
            bytes += MappingCost.Bytes(slice);
        }
        return plan.Shape.Groups * Math.Max(busiest, bytes / MappingCost.BytesPerCycle(hw));
    }

    /// <summary>Core <paramref name="core"/>'s own plan: the layer's, cut to its run of blocks (null when it has none).</summary>
    public TilePlan? SliceOf(TilePlan plan, int core)
    {
        var (first, count) = Runs[core];
        if (count == 0) return null;
        var s = plan.Shape;
        return Dimension == SplitDimension.Columns
            ? plan with { Shape = s with { N = Math.Min(count * plan.Nt, s.N - first * plan.Nt) } }
            : plan with { Shape = s with { M = Math.Min(count * plan.Mt, s.M - first * plan.Mt) } };
    }

    /// <summary>
    /// A tile of core <paramref name="core"/>'s plan where it sits in the layer: its blocks and first row and column
    /// moved by the core's run.
    /// </summary>
    public TileAt InLayer(TilePlan plan, int core, in TileAt t)
    {
        int first = Runs[core].First;
        return Dimension == SplitDimension.Columns
            ? t with { NBlock = t.NBlock + first, N0 = t.N0 + first * plan.Nt }
            : t with { MBlock = t.MBlock + first, M0 = t.M0 + first * plan.Mt };
    }

    public string Describe() => $"split by GEMM {(Dimension == SplitDimension.Columns ? "N" : "M")} over {Plural.Of(Cores, "core")}";

    private static CoreSplit Deal(SplitDimension dimension, int blocks, int cores)
    {
        int First(int core) => (core * blocks + cores - 1) / cores;
        return new(dimension, Enumerable.Range(0, cores).Select(c => (First(c), First(c + 1) - First(c))).ToArray());
    }
}
