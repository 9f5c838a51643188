using Sim.Config;
using Sim.Mapping;
using Sim.Numerics;
using Sim.PeArray;
using Sim.Scratchpad;

namespace Sim.Accelerator;

/// <summary>How a GEMM layer's numbers are formed: its formats and, for integer layers, the requantisation.</summary>
internal sealed record GemmNumerics(LayerFormat Format, float Multiplier, int OutputZeroPoint)
{
    /// <summary>int8 operands, int32 accumulator, int8 output with this requantisation.</summary>
    public static GemmNumerics Int8(float multiplier, int outputZeroPoint) =>
        new(new LayerFormat(ElementFormat.Int8, ElementFormat.Int32, ElementFormat.Int8), multiplier, outputZeroPoint);

    /// <summary>
    /// Integer layers only: a multiplier and an int32 bias per output channel (a trained network's per-channel
    /// weight scales), used instead of <see cref="Multiplier"/>; null for one multiplier and no bias.
    /// </summary>
    public ChannelRequantization? PerChannel { get; init; }

    /// <summary>
    /// Integer layers with int32 outputs (ConvInteger, MatMulInteger): the output stage passes each finished
    /// block of accumulators here unconverted (stored as int32, 4 bytes each); null to convert as usual.
    /// </summary>
    public IAccumulatorSink? RawOutput { get; init; }
}

/// <summary>
/// A GEMM layer's command stream and what its tiles did on the array: cycles, MAC classes, whether it
/// ran 2:4 compressed weights, and the tile plan it ran (with the weights streaming when the mapper
/// turned the GEMM round, see <see cref="Mapper"/>).
/// </summary>
internal sealed record GemmRun(List<TileStep> Steps, TileStats Totals, bool Structured24, long VectorsSkipped, TilePlan Plan, bool WeightsStream)
{
    /// <summary>On a multi-core chip: how the layer was split, and how many of <see cref="Steps"/> (in core order) each core runs.</summary>
    public CoreSplit? Split { get; init; }
    public IReadOnlyList<int>? CoreStepCounts { get; init; }
}

/// <summary>
/// The fast model of a GEMM-shaped layer on the PE array: walks the tile plan in its loop order,
/// computes each tile's numerics in bulk with the tile model, and records each tile as a step of
/// the command stream (bytes to load, cycles on the array and any scratchpad stalls, bytes to
/// store) for the controller. On a multi-core chip the layer's blocks are split across the cores (<see cref="CoreSplit"/>)
/// and each core's tiles are walked in its own plan, core after core: the steps come in core order.
/// </summary>
/// <remarks>
/// Sparsity (<see cref="HardwareConfig.Sparsity"/>), from the real data, never changing a result:
/// <list type="bullet">
/// <item>Zero gating and zero-vector skipping: per tile, the dataflow's fast model (<see cref="IDataflow.Execute"/>).</item>
/// <item>2:4: used when the hardware has it and the layer's weights are 2:4 sparse along K (every aligned
///   group of four, per output channel, has at most two non-zeros; checked on the data). Tiles then cover
///   K_t = 2R, and a weight tile is stored as its 2 ceil(K_t/4) x N_t values plus 2-bit indices.</item>
/// <item>Bitmap compression: a tile of E elements with Z non-zeros of b bits moves
///   min(ceil(E b / 8), ceil(E / 8) + ceil(Z b / 8)) bytes: activation tiles, weight tiles (dense mode),
///   and stored output blocks.</item>
/// </list>
/// </remarks>
internal static class GemmExecutor
{
    /// <summary>An int8 layer (int32 accumulation, int8 output).</summary>
    public static List<TileStep> Execute(
        HardwareConfig hw, GemmShape shape, IGemmOperands operands, float multiplier, int outputZeroPoint) =>
        Execute(hw, shape, operands, GemmNumerics.Int8(multiplier, outputZeroPoint));

    public static List<TileStep> Execute(HardwareConfig hw, GemmShape shape, IGemmOperands operands, GemmNumerics numerics) =>
        Run(hw, shape, operands, numerics).Steps;

    /// <param name="choice">The layer's own <c>mapping:</c>, or null to leave it to the mapper.</param>
    public static GemmRun Run(HardwareConfig hw, GemmShape layerShape, IGemmOperands layerOperands, GemmNumerics numerics,
        MappingChoice? choice = null)
    {
        var format = numerics.Format;
        var datapath = format.Datapath;
        var sparsity = hw.Sparsity;
        bool structured = UsesStructured24(hw, layerShape, layerOperands, format);
        var (shape, operands, plan, weightsStream) = Mapper.Map(hw, layerShape, layerOperands, format, structured, choice);
        var a = new short[(long)shape.M * shape.K];
        var w = new short[(long)shape.K * shape.N];
        var features = new PeArrayFeatures(sparsity.ZeroGating, sparsity.ZeroSkipping == ZeroSkipping.Vector, structured)
        {
            DepthwiseWindow = shape.Window,
            Int4Pairs = hw.PairsInt4(format) && !structured && shape.Window == 0,
        };
        bool compress = sparsity.Compression == Compression.Bitmap;

        var scratchpads = new ScratchpadTraffic(hw.Scratchpads, plan.OperandBits, plan.AccumulatorBits);
        var dataflow = plan.Dataflow;
        var aTile = new short[plan.Mt * plan.Kt];
        var wTile = new short[plan.Kt * plan.Nt];
        var accumulators = new int[plan.Mt * plan.Nt];
        var outputs = new short[plan.Mt * plan.Nt];
        var steps = new List<TileStep>(plan.TilesPerGroup * shape.Groups);
        var layout = new TileLayout(plan);
        TileStats totals = default;
        long skipped = 0;
        var split = hw.Cores > 1 ? CoreSplit.Choose(plan, hw) : null;
        var coreStepCounts = new List<int>();

        // An activation tile meets every column block's weights: its profile is taken once per group.
        var profiles = new ActivationProfile[plan.MBlocks * plan.KChunks];
        for (int core = 0; core < (split?.Cores ?? 1); core++)
        {
            int stepsBefore = steps.Count;
            // The core's own plan; its tiles are placed in the layer (block indices, first row and column) as they run.
            var own = split is null ? plan : split.SliceOf(plan, core);
            // With two weight buffers the tiles stream back to back: each adds what the sequencer's schedule says.
            var pipeline = hw.PeArray.WeightBuffers == 2 ? new WeightPipeline(plan.Rows, plan.Cols) : null;
            foreach (var local in own?.Tiles() ?? [])
            {
                var t = split is null ? local : split.InLayer(plan, core, local);
                // The core's view of its tile: its own blocks, the layer's rows and columns.
                var mine = local with { M0 = t.M0, N0 = t.N0 };
                int g = t.Group, mb = t.MBlock, kc = t.KChunk, nb = t.NBlock;
                int mt = t.M, kt = t.K, nt = t.N, m0 = t.M0, n0 = t.N0;
                if (mine.StartsGroup)
                {
                    operands.LowerActivations(g, a);
                    operands.LowerWeights(g, w);
                    Array.Clear(profiles);
                }
                var acc = accumulators.AsSpan(0, mt * nt);
                if (kc == 0) acc.Clear();
                plan.CopyOperands(t, a, w, aTile, wTile);
                var aSpan = aTile.AsSpan(0, mt * kt);
                var wSpan = wTile.AsSpan(0, kt * nt);
                var profile = dataflow.ProfilesActivations
                    ? profiles[mb * plan.KChunks + kc] ??= ActivationProfile.Of(features, datapath, aSpan, mt, kt)
                    : null;
                var stats = dataflow.Execute(features, datapath, plan.Rows, plan.Cols, aSpan, wSpan, acc, mt, kt, nt, profile);
                if (pipeline is not null)
                    stats = stats with { Cycles = pipeline.Add((int)stats.VectorsStreamed, features.UsedRows(kt), nt) };
                totals = totals.Plus(stats);
                skipped += dataflow.StreamLength(mt, kt, nt) - stats.VectorsStreamed;

                long weightBytes = structured ? Structured24Bytes(kt, nt, plan.OperandBits)
                    : shape.Window > 0 ? plan.OperandBytes(plan.WeightElements(kt, nt))
                    : TileBytes(plan, wSpan, format.Operands, compress);
                var activations = ActivationLoad(own!, layout, mine, mb, aSpan, a, format.Operands, compress);
                var weights = own!.LoadsWeights(mine) ? layout.Weights(g, kc, nb, weightBytes) : MemoryRange.None;
                long stall = stats.VectorsStreamed == 0 ? 0 : scratchpads.StallCycles(plan.Accesses(t, stats.VectorsStreamed));
                var store = MemoryRange.None;
                if (kc == plan.KChunks - 1)
                {
                    var block = outputs.AsSpan(0, mt * nt);
                    if (numerics.RawOutput is { } raw)
                        raw.Write(g, m0, n0, mt, nt, acc, weightsStream);
                    else if (format.IsFloat)
                        OutputStage.Convert(acc, block, format.Output);
                    else if (numerics.PerChannel is { } rows && weightsStream)
                        // Turned round (Y^T = W^T A^T): the block's rows are the layer's output channels.
                        OutputStage.RequantizeRows(acc, block, rows, g * shape.M + m0, nt, numerics.OutputZeroPoint, format.Output);
                    else if (numerics.PerChannel is { } channels)
                        OutputStage.Requantize(acc, block, channels, g * shape.N + n0, nt, numerics.OutputZeroPoint, format.Output);
                    else
                        OutputStage.Requantize(acc, block, numerics.Multiplier, numerics.OutputZeroPoint, format.Output);
                    operands.WriteOutputBlock(g, m0, n0, mt, nt, block);
                    store = layout.Outputs(g, mb, nb, compress
                        ? BitmapBytes(block, format.Output, plan.OutputBits)
                        : plan.OutputBytes((long)mt * nt));
                }
                steps.Add(new TileStep(activations, weights, stats.Cycles + stall, store, stall));
            }
            coreStepCounts.Add(steps.Count - stepsBefore);
        }
        return new GemmRun(steps, totals, structured, skipped, plan, weightsStream)
        {
            Split = split,
            CoreStepCounts = split is null ? null : coreStepCounts,
        };
    }

    /// <summary>
    /// What a tile loads of its activations: its im2col block, or with on-chip im2col the rows of its block's
    /// band not yet on chip, a slice at a time ahead of use (<see cref="TilePlan.RowsLoadedBy"/>), dense or bitmap-compressed.
    /// <paramref name="plan"/> is the core's own, <paramref name="t"/> its tile in it, <paramref name="layerMBlock"/> the
    /// tile's M block in the layer (where its im2col block sits in memory).
    /// </summary>
    private static MemoryRange ActivationLoad(TilePlan plan, TileLayout layout, in TileAt t, int layerMBlock, ReadOnlySpan<short> tile, short[] a,
        ElementFormat format, bool compress)
    {
        if (plan.Bands is not { } rows)
            return layout.Activations(t.Group, layerMBlock, t.KChunk, TileBytes(plan, tile, format, compress));
        var (first, last) = plan.RowsLoadedBy(t);
        if (last < first) return MemoryRange.None;
        long elements = (long)(last - first + 1) * rows.RowElements;
        long bytes = compress
            ? CompressedBytes(elements, rows.NonZeros(t.Group, first, last, a, format), plan.OperandBits)
            : plan.OperandBytes(elements);
        return layout.Rows(t.Group, first, bytes);
    }

    /// <summary>
    /// True when the layer runs 2:4 compressed weights: the hardware has the feature and every group's W[K,N]
    /// is 2:4 sparse along K (groups of four aligned to k = 0). The accumulation order depends on it.
    /// </summary>
    public static bool UsesStructured24(HardwareConfig hw, GemmShape shape, IGemmOperands operands, LayerFormat format)
    {
        if (!hw.Sparsity.Structured24 || shape.Window > 0) return false;
        var w = new short[(long)shape.K * shape.N];
        for (int g = 0; g < shape.Groups; g++)
        {
            operands.LowerWeights(g, w);
            if (!Structured24.Fits(format.Operands, w, shape.K, shape.N)) return false;
        }
        return true;
    }

    /// <summary>A tile's bytes: dense, or with bitmap compression whichever is smaller.</summary>
    private static long TileBytes(TilePlan plan, ReadOnlySpan<short> tile, ElementFormat format, bool compress) =>
        compress ? BitmapBytes(tile, format, plan.OperandBits) : plan.OperandBytes(tile.Length);

    /// <summary>min(dense, bitmap + packed non-zeros), bytes rounded up.</summary>
    public static long BitmapBytes(ReadOnlySpan<short> tile, ElementFormat format, int bits) =>
        CompressedBytes(tile.Length, Counting.NonZeros(tile, format), bits);

    /// <summary>min(dense, bitmap + packed non-zeros) of <paramref name="elements"/> holding <paramref name="nonZero"/> non-zeros.</summary>
    private static long CompressedBytes(long elements, long nonZero, int bits) =>
        Math.Min(ScratchpadRequirements.Bytes(elements, bits), (elements + 7) / 8 + ScratchpadRequirements.Bytes(nonZero, bits));

    /// <summary>A 2:4 weight tile: 2 ceil(K_t/4) x N_t values of <paramref name="bits"/> and as many 2-bit indices.</summary>
    public static long Structured24Bytes(int kt, int nt, int bits)
    {
        long slots = (long)Structured24.CompressedRows(kt) * nt;
        return ScratchpadRequirements.Bytes(slots, bits) + ScratchpadRequirements.Bytes(slots, 2);
    }
}
