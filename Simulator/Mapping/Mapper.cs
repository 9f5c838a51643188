using Sim.Config;
using Sim.PeArray;

namespace Sim.Mapping;

/// <summary>A GEMM as the mapper lays it on the array: the way round it runs, its operands that way round, and its tile plan.</summary>
internal sealed record MappedGemm(GemmShape Shape, IGemmOperands Operands, TilePlan Plan, bool WeightsStream);

/// <summary>
/// Chooses each PE-array layer's mapping (Timeloop's split: the workload is the GEMM, the architecture the
/// hardware, the mapping this choice), by <c>mapper.mode</c>:
/// <list type="bullet">
/// <item>search: over which operand the array holds (weights, or the activations with the weights streaming:
///   Y^T = W^T x A^T), the loop order (<see cref="LoopOrder"/>), M_t, and how each buffer splits between data
///   that stays and data that streams, costed by <see cref="MappingCost"/> and ranked by the objective;</item>
/// <item>fixed: the textbook mapping of the array's dataflow (<see cref="Textbook"/>; input-stationary holds the
///   activations, so the GEMM runs turned), for one-to-one comparisons;</item>
/// <item>orientation_only: the textbook mapping either way round, whichever the cost model prices lower.</item>
/// </list>
/// Tile sizes are bound by the dataflow (<see cref="IDataflow.TileLimits"/>); an output-stationary array cannot
/// turn the GEMM round (it holds outputs, not an operand). With on-chip
/// im2col (<see cref="Im2ColSource"/>), activations move as raw row bands (<see cref="InputRows"/>).
/// </summary>
internal static class Mapper
{
    private sealed record Candidate(MappedGemm Mapping, MappingEstimate Cost);

    /// <param name="choice">The layer's own <c>mapping:</c>: the search keeps to it, whatever the mode.</param>
    public static MappedGemm Map(HardwareConfig hw, GemmShape shape, IGemmOperands operands, LayerFormat format, bool structured24,
        MappingChoice? choice = null)
    {
        var normal = new MappedGemm(shape, operands, TilePlan.For(shape, hw, format, structured24), false);
        var dataflow = hw.PeArray.Dataflow;
        // 2:4 compressed weights and a packed depthwise group's windows only work as the stationary operand.
        var turned = structured24 || shape.Window > 0 || !dataflow.CanTurn ? null : Turned(hw, shape, operands, format);
        if (choice is not null) return Chosen(hw, normal, turned, format, choice);
        switch (hw.Mapper.Mode)
        {
            case MapperMode.Fixed:
                return Textbook(hw, dataflow.HoldsActivations && turned is not null ? turned : normal);
            case MapperMode.OrientationOnly:
            {
                var held = Textbook(hw, normal);
                if (turned is null) return held;
                var other = Textbook(hw, turned);
                return Cost(hw, other, format, false).Cycles < Cost(hw, held, format, false).Cycles ? other : held;
            }
            default:
            {
                var best = Search(hw, turned is null ? [normal] : [normal, turned], format, new MappingChoice(null, null, null));
                // Tile by tile at M_t = 1 always fits buffers the configuration check accepts; the textbook plan guards the rest.
                return best ?? Textbook(hw, normal);
            }
        }
    }

    /// <summary>A layer's own mapping: the best of the search's plans that keep to it.</summary>
    private static MappedGemm Chosen(HardwareConfig hw, MappedGemm normal, MappedGemm? turned, LayerFormat format, MappingChoice choice)
    {
        if (choice.WeightsStationary is not null && !hw.PeArray.Dataflow.CanTurn)
            throw new InputError($"stationary: hardware '{hw.Name}' is {hw.PeArray.Dataflow.Name}: it holds outputs, not an operand");
        var ways = choice.WeightsStationary switch
        {
            true => [normal],
            false => turned is null
                ? throw new InputError("stationary: activations: this layer's weights only run held in the array (2:4 compressed, or a packed depthwise group)")
                : new[] { turned },
            null => turned is null ? [normal] : new[] { normal, turned },
        };
        return Search(hw, ways, format, choice)
               ?? throw new InputError($"no mapping with {Describe(choice)} fits the buffers of hardware '{hw.Name}' " +
                                       $"(M_t can be at most {MaxMt(hw, normal.Plan)}, and its blocks must fit the input and output scratchpads)");
    }

    private static string Describe(MappingChoice c) => string.Join(", ", new[]
    {
        c.WeightsStationary is { } w ? $"stationary {(w ? "weights" : "activations")}" : null,
        c.Order is { } o ? $"order {o.Name()}" : null,
        c.Mt is { } mt ? $"mt {mt}" : null,
    }.Where(s => s is not null));

    /// <summary>The best of the plans that keep to <paramref name="choice"/>, by the hardware's objective, or null when none fits.</summary>
    private static MappedGemm? Search(HardwareConfig hw, IEnumerable<MappedGemm> ways, LayerFormat format, MappingChoice choice)
    {
        var candidates = ways
            .SelectMany(way => Plans(hw, way, choice).Select(plan => way with { Plan = plan }))
            .Select(m => new Candidate(m, Cost(hw, m, format, energy: false))).ToList();
        if (candidates.Count == 0) return null;
        if (hw.Mapper.Objective != MapperObjective.Latency)
            // Energy is priced (a walk over the tiles) only for the mappings no other beats on both time and
            // DRAM bytes, the two terms that dominate it; the scratchpad lines only break ties among those.
            candidates = candidates.Where(c => !candidates.Any(o => Dominates(o.Cost, c.Cost)))
                .Select(c => c with { Cost = Cost(hw, c.Mapping, format, energy: true) }).ToList();
        var best = candidates[0];
        foreach (var c in candidates.Skip(1))
            if (Better(hw.Mapper.Objective, c.Cost, best.Cost)) best = c;
        return best.Mapping;
    }

    private static MappedGemm Turned(HardwareConfig hw, GemmShape shape, IGemmOperands operands, LayerFormat format)
    {
        var s = new GemmShape(shape.Groups, shape.N, shape.K, shape.M);
        return new MappedGemm(s, new TransposedOperands(operands, shape), TilePlan.For(s, hw, format), true);
    }

    private static MappingEstimate Cost(HardwareConfig hw, MappedGemm m, LayerFormat format, bool energy) =>
        MappingCost.Of(m.Plan, hw, format, energy);

    private static bool Dominates(MappingEstimate a, MappingEstimate b) =>
        a.Cycles <= b.Cycles && a.DramBytes <= b.DramBytes && (a.Cycles < b.Cycles || a.DramBytes < b.DramBytes);

    private static bool Better(MapperObjective objective, MappingEstimate a, MappingEstimate b) => objective switch
    {
        MapperObjective.Energy => a.EnergyPj < b.EnergyPj || (a.EnergyPj == b.EnergyPj && a.Cycles < b.Cycles),
        MapperObjective.Edp => a.EnergyPj * a.Cycles < b.EnergyPj * b.Cycles,
        _ => a.Cycles < b.Cycles || (a.Cycles == b.Cycles && a.DramBytes < b.DramBytes),
    };

    /// <summary>
    /// The textbook mapping: g>n>m>k, every buffer split in halves (one computes, one loads), the largest M_t
    /// that fits; a column block's weights stay when they fit in half the weight buffer. On-chip im2col: a band
    /// of rows must fit in half the input buffer, and the whole input stays when it does.
    /// </summary>
    private static MappedGemm Textbook(HardwareConfig hw, MappedGemm m)
    {
        if (hw.PeArray.Im2Col == Im2ColSource.Dram) return m;
        var plan = m.Plan;
        var rows = m.Operands.Rows;
        long half = hw.Scratchpads.Input.CapacityBytes / 2;
        foreach (int mt in MtCandidates(plan.Shape.M, MaxMt(hw, plan)))
        {
            var banded = plan with { Mt = mt, Bands = rows };
            if (LargestBandBytes(banded, withNext: false) > half) continue;
            return m with { Plan = banded with { ActivationsResident = GroupInputBytes(banded) <= half } };
        }
        return m;
    }

    /// <summary>
    /// Every plan the search weighs for one way round: both loop orders, each M_t, activations tile by tile or (with
    /// on-chip im2col) as row bands, and residency where it fits.
    /// </summary>
    private static IEnumerable<TilePlan> Plans(HardwareConfig hw, MappedGemm m, MappingChoice choice)
    {
        var basePlan = m.Plan;
        var s = basePlan.Shape;
        var pads = hw.Scratchpads;
        var rows = hw.PeArray.Im2Col == Im2ColSource.OnChip ? m.Operands.Rows : null;
        long weightTile = basePlan.OperandBytes((long)basePlan.Kt * basePlan.Nt);
        int maxMt = MaxMt(hw, basePlan);
        var mts = choice.Mt is { } chosen ? chosen <= Math.Min(maxMt, s.M) ? [chosen] : [] : MtCandidates(s.M, maxMt);
        foreach (var order in choice.Order is { } only ? [only] : new[] { LoopOrder.WeightsOuter, LoopOrder.ActivationsOuter })
        {
            // Weights that stay share the buffer with the next block's first tile, loading behind them.
            long stay = order == LoopOrder.WeightsOuter ? basePlan.OperandBytes((long)s.K * basePlan.Nt) : basePlan.OperandBytes((long)s.K * s.N);
            bool weightsResident = stay + weightTile <= pads.Weight.CapacityBytes;
            foreach (int mt in mts)
            {
                var plan = basePlan with { Mt = mt, Order = order, WeightsResident = weightsResident };
                // Tile by tile: each tile's M_t x K_t block, double-buffered (for a matrix, the raw rows' slice;
                // for a convolution, its im2col block read from memory).
                if (2L * plan.OperandBytes((long)mt * plan.Kt) <= pads.Input.CapacityBytes) yield return plan;
                if (rows is null) continue;
                // Raw row bands: a band stays while the next block's new rows load beside it.
                plan = plan with { Bands = rows };
                if (LargestBandBytes(plan, withNext: true) > pads.Input.CapacityBytes) continue;
                yield return plan with
                {
                    ActivationsResident = order == LoopOrder.ActivationsOuter || GroupInputBytes(plan) <= pads.Input.CapacityBytes,
                };
            }
        }
    }

    /// <summary>The largest M_t the dataflow allows whose two blocks of partial sums fit the output buffer.</summary>
    private static int MaxMt(HardwareConfig hw, TilePlan plan) =>
        (int)Math.Min(Math.Min(plan.Shape.M, hw.PeArray.Dataflow.TileLimits(plan.Rows, plan.Cols, false).M),
            hw.Scratchpads.Output.CapacityBytes * 8 / 2 / ((long)plan.Nt * plan.AccumulatorBits));

    /// <summary>
    /// M_t values to weigh, largest first: M cut into b equal blocks for b from the fewest the output buffer allows,
    /// a few steps up, then doubling (equal blocks leave no thin edge block).
    /// </summary>
    public static IEnumerable<int> MtCandidates(int m, int maxMt)
    {
        int fewest = (m + maxMt - 1) / maxMt, last = 0;
        for (long b = fewest; b <= m; b = b < fewest + 3 ? b + 1 : b * 2)
        {
            int mt = (int)((m + b - 1) / b);
            if (mt == last) continue;
            last = mt;
            yield return mt;
        }
    }

    /// <summary>The most bytes of rows one block holds (with the next block's new rows loading beside it, when asked).</summary>
    private static long LargestBandBytes(TilePlan plan, bool withNext)
    {
        var rows = plan.Bands!;
        long largest = 0;
        for (int mb = 0; mb < plan.MBlocks; mb++)
        {
            var (first, last) = rows.Band(mb * plan.Mt, plan.MSize(mb));
            long held = Math.Max(0, last - first + 1);
            if (withNext && mb + 1 < plan.MBlocks)
                held += Math.Max(0, rows.Band((mb + 1) * plan.Mt, plan.MSize(mb + 1)).Last - last);
            largest = Math.Max(largest, plan.OperandBytes(held * rows.RowElements));
        }
        return largest;
    }

    private static long GroupInputBytes(TilePlan plan) => plan.OperandBytes((long)plan.Bands!.Count * plan.Bands.RowElements);
}
