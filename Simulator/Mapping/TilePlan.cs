using Sim.Config;
using Sim.PeArray;

namespace Sim.Mapping;

/// <summary>
/// How a GEMM is cut into tiles for a rows x cols array. Tiles take what the dataflow allows
/// (<see cref="IDataflow.TileLimits"/>: weight-stationary Kt = rows, Nt = cols, Mt the activation vectors
/// streamed through one weight tile; output-stationary Mt = rows, Nt = cols, Kt its accumulation chunk)
/// except at the edges. K chunks are the innermost loop, so one output block's partial sums stay
/// in the output scratchpad until its last K chunk, then are requantised and stored; the outer two
/// loops are in <see cref="Order"/>. Weights that stay on chip (<see cref="WeightsResident"/>) load
/// once per column block, else every tile reloads them; activations come as im2col tiles or as raw
/// row bands (<see cref="Bands"/>). <see cref="For"/> gives the first version's plan; the
/// <see cref="Mapper"/> chooses the rest.
/// </summary>
/// <remarks>Sizes follow the layer's formats (<see cref="LayerFormat"/>): operands take
/// <see cref="OperandBits"/> each (int4 packs two a byte), partial sums <see cref="AccumulatorBits"/>, outputs
/// <see cref="OutputBits"/>; a buffer of n values takes ceil(n x bits / 8) bytes.</remarks>
internal sealed record TilePlan(GemmShape Shape, int Rows, int Cols, int Mt, int Kt, int Nt, bool WeightsResident,
    int OperandBits, int AccumulatorBits, int OutputBits)
{
    /// <summary>How the array moves the tile's operands: it bounds the tile and prices it.</summary>
    public IDataflow Dataflow { get; init; } = PeArray.Dataflow.WeightStationary;

    /// <summary>The loops' order; the first version's g>n>m>k unless the mapper chose otherwise.</summary>
    public LoopOrder Order { get; init; } = LoopOrder.WeightsOuter;

    /// <summary>
    /// The raw input rows the activations are formed from on chip (each M block loads the rows of its band it
    /// does not share with the block before), or null when each tile reads its im2col block from memory.
    /// </summary>
    public InputRows? Bands { get; init; }

    /// <summary>With <see cref="Bands"/>: the rows, once loaded, stay on chip for every column block.</summary>
    public bool ActivationsResident { get; init; }

    public int MBlocks => (Shape.M + Mt - 1) / Mt;
    public int KChunks => (Shape.K + Kt - 1) / Kt;
    public int NBlocks => (Shape.N + Nt - 1) / Nt;
    public int TilesPerGroup => MBlocks * KChunks * NBlocks;

    /// <summary>
    /// The first version's plan: g>n>m>k, im2col tiles, Mt the largest the dataflow allows that lets the input
    /// scratchpad hold two Mt x Kt tiles and the output scratchpad two Mt x Nt blocks of partial sums, a column block's weights
    /// staying when all its K rows fit in half the weight scratchpad. The plan in the hardware's own formats.
    /// </summary>
    public static TilePlan For(GemmShape shape, HardwareConfig hw) => For(shape, hw, hw.DefaultFormat);

    /// <param name="structured24">The layer runs 2:4 compressed weights: a tile covers K_t = 2R of K (R
    /// compressed rows), so the input scratchpad holds vectors of 2R operands.</param>
    public static TilePlan For(GemmShape shape, HardwareConfig hw, LayerFormat format, bool structured24 = false)
    {
        int operandBits = ScratchpadRequirements.OperandBits(format.Operands);
        int accumulatorBits = ScratchpadRequirements.AccumulatorBits(format.Accumulator);
        int outputBits = ScratchpadRequirements.OperandBits(format.Output);
        int rows = hw.PeArray.Rows, cols = hw.PeArray.Cols;
        var dataflow = hw.PeArray.Dataflow;
        bool twoKPerRow = structured24 || (hw.PairsInt4(format) && shape.Window == 0);
        var limits = dataflow.TileLimits(rows, cols, twoKPerRow);
        int kt = Math.Min(Math.Min(limits.K, dataflow.AccumulationChunk(hw, format, twoKPerRow)), shape.K);
        int nt = Math.Min(limits.N, shape.N);
        // A packed depthwise group is one tile wide: its channels fit the columns, their windows the rows.
        if (shape.Window > 0) (kt, nt) = (shape.K, shape.N);
        long byInput = hw.Scratchpads.Input.CapacityBytes * 8 / 2 / ((long)kt * operandBits);
        long byOutput = hw.Scratchpads.Output.CapacityBytes * 8 / 2 / ((long)nt * accumulatorBits);
        int mt = (int)Math.Min(Math.Min(shape.M, limits.M), Math.Min(byInput, byOutput));
        if (mt < 1)
            throw new InvalidOperationException(
                $"hardware '{hw.Name}': scratchpads cannot hold one {kt}x{nt} tile (the configuration check should have caught this)");
        bool resident = (long)shape.K * nt * operandBits <= hw.Scratchpads.Weight.CapacityBytes * 8 / 2;
        return new TilePlan(shape, rows, cols, mt, kt, nt, resident, operandBits, accumulatorBits, outputBits) { Dataflow = dataflow };
    }

    /// <summary>
    /// Every tile in the plan's loop order (<see cref="Order"/>), K chunks innermost. The one walk the fast
    /// model runs, the cosimulation replays and the energy model counts.
    /// </summary>
    public IEnumerable<TileAt> Tiles()
    {
        int index = 0;
        bool weightsOuter = Order == LoopOrder.WeightsOuter;
        int outer = weightsOuter ? NBlocks : MBlocks, inner = weightsOuter ? MBlocks : NBlocks;
        for (int g = 0; g < Shape.Groups; g++)
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    for (int kc = 0; kc < KChunks; kc++)
                    {
                        int mb = weightsOuter ? i : o, nb = weightsOuter ? o : i;
                        yield return new TileAt(index++, g, mb, kc, nb, mb * Mt, kc * Kt, nb * Nt, MSize(mb), KSize(kc), NSize(nb));
                    }
    }

    /// <summary>
    /// With <see cref="Bands"/>: the rows tile <paramref name="t"/> loads, first to last (none when Last &lt; First).
    /// A block's band is loaded by its first tile (its first K chunk) in the first column block, or in every column
    /// block when the rows do not stay; the rows it shares with the block before are on chip already.
    /// </summary>
    public (int First, int Last) BandLoad(in TileAt t)
    {
        var rows = Bands ?? throw new InvalidOperationException("the plan reads im2col tiles from memory");
        if (t.KChunk != 0 || (t.NBlock != 0 && ActivationsResident)) return (0, -1);
        var (first, last) = rows.Band(t.M0, t.M);
        if (t.MBlock > 0) first = Math.Max(first, rows.Band(t.M0 - Mt, Mt).Last + 1);
        return (first, last);
    }

    /// <summary>
    /// With <see cref="Bands"/>: the rows tile <paramref name="t"/> brings in, first to last (none when Last &lt; First).
    /// A block's first tile loads the first block's rows; beyond that, the rows the next block needs
    /// (<see cref="BandLoad"/>) are prefetched in equal slices by the tiles of the block before, so they arrive
    /// while it computes rather than all before the next block's first tile. A pass over the column blocks that
    /// reloads the rows (when they do not stay) starts again from the first block.
    /// </summary>
    public (int First, int Last) RowsLoadedBy(in TileAt t)
    {
        bool weightsOuter = Order == LoopOrder.WeightsOuter;
        // g>n>m>k with the rows staying loads them in the first pass only; g>m>n>k loads a block's rows once.
        if (weightsOuter && t.NBlock != 0 && ActivationsResident) return (0, -1);
        int position = weightsOuter ? t.KChunk : t.NBlock * KChunks + t.KChunk;
        int slices = weightsOuter ? KChunks : NBlocks * KChunks;
        (int First, int Last) own = t.MBlock == 0 && position == 0 ? BandLoad(t) : (0, -1);
        if (t.MBlock + 1 >= MBlocks) return own;
        var next = BandLoad(new TileAt(0, t.Group, t.MBlock + 1, 0, weightsOuter ? t.NBlock : 0, t.M0 + Mt, 0, 0, MSize(t.MBlock + 1), 0, 0));
        int count = Math.Max(0, next.Last - next.First + 1);
        var slice = (First: next.First + (int)((long)count * position / slices), Last: next.First + (int)((long)count * (position + 1) / slices) - 1);
        if (own.Last < own.First) return slice;
        return slice.Last < slice.First ? own : (Math.Min(own.First, slice.First), Math.Max(own.Last, slice.Last));
    }

    /// <summary>The weights a K_t x N_t tile stores and moves: all of them, or a packed depthwise group's windows only (the block-diagonal zeros are the loader's).</summary>
    public long WeightElements(int kt, int nt) => Shape.Window > 0 ? (long)Shape.Window * nt : (long)kt * nt;

    /// <summary>PE rows a tile of <paramref name="kt"/> K rows holds weights in (2:4 aside): its K, or a packed depthwise group's window.</summary>
    public int UsedRows(int kt) => Shape.Window > 0 ? Shape.Window : Math.Min(kt, Rows);

    /// <summary>
    /// What tile <paramref name="t"/> asks of the scratchpads with <paramref name="issued"/> of its stream issued. A
    /// packed depthwise tile's window bus is fed by the line buffer, which takes one new operand per channel for
    /// each vector (stride 1; larger strides are not priced apart), not the whole window.
    /// </summary>
    public TileAccesses Accesses(in TileAt t, long issued) =>
        Dataflow.Accesses(Rows, t.M, Shape.Window > 0 ? t.N : t.K, t.N, issued);

    /// <summary>True when tile <paramref name="t"/> loads its weights from memory (not already on chip).</summary>
    public bool LoadsWeights(in TileAt t) => !WeightsResident || t.MBlock == 0;

    /// <summary>
    /// Copies a tile's operand blocks out of its group's lowered A [M, K] and W [K, N] (row-major) into
    /// dense M x K_t and K_t x N_t buffers.
    /// </summary>
    public void CopyOperands(in TileAt tile, short[] a, short[] w, Span<short> aTile, Span<short> wTile)
    {
        for (int r = 0; r < tile.M; r++)
            a.AsSpan((tile.M0 + r) * Shape.K + tile.K0, tile.K).CopyTo(aTile.Slice(r * tile.K, tile.K));
        for (int r = 0; r < tile.K; r++)
            w.AsSpan((tile.K0 + r) * Shape.N + tile.N0, tile.N).CopyTo(wTile.Slice(r * tile.N, tile.N));
    }

    public int MSize(int block) => Math.Min(Mt, Shape.M - block * Mt);
    public int KSize(int chunk) => Math.Min(Kt, Shape.K - chunk * Kt);
    public int NSize(int block) => Math.Min(Nt, Shape.N - block * Nt);

    /// <summary>Bytes of <paramref name="elements"/> dense operands.</summary>
    public long OperandBytes(long elements) => ScratchpadRequirements.Bytes(elements, OperandBits);

    /// <summary>Bytes of <paramref name="elements"/> dense outputs.</summary>
    public long OutputBytes(long elements) => ScratchpadRequirements.Bytes(elements, OutputBits);
}
