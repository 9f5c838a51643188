using Sim.Config;

namespace Sim.Mapping;

/// <summary>
/// How a GEMM is cut into tiles for a rows x cols weight-stationary array. Tiles take the full
/// array (Kt = rows, Nt = cols) except at the edges; Mt, the number of activation vectors streamed
/// through one weight tile, is the largest that lets the input scratchpad hold two Mt x Kt tiles
/// (double buffering) and the output scratchpad two Mt x Nt blocks of int32 partial sums.
/// Loop order, outermost first: group, N block, M block, K chunk, so one output block's partial
/// sums stay in the output scratchpad until its last K chunk, then are requantised and stored.
/// A column block's weights stay in the weight scratchpad across M blocks when all its K rows
/// fit in half of it; otherwise every tile reloads its weights from memory.
/// </summary>
/// <remarks>Sizes follow the layer's formats (<see cref="LayerFormat"/>): operands take
/// <see cref="OperandBits"/> each (int4 packs two a byte), partial sums <see cref="AccumulatorBits"/>, outputs
/// <see cref="OutputBits"/>; a buffer of n values takes ceil(n x bits / 8) bytes.</remarks>
internal sealed record TilePlan(GemmShape Shape, int Rows, int Cols, int Mt, int Kt, int Nt, bool WeightsResident,
    int OperandBits, int AccumulatorBits, int OutputBits)
{
    public int MBlocks => (Shape.M + Mt - 1) / Mt;
    public int KChunks => (Shape.K + Kt - 1) / Kt;
    public int NBlocks => (Shape.N + Nt - 1) / Nt;
    public int TilesPerGroup => MBlocks * KChunks * NBlocks;

    /// <summary>The plan in the hardware's own formats.</summary>
    public static TilePlan For(GemmShape shape, HardwareConfig hw) => For(shape, hw, hw.DefaultFormat);

    /// <param name="structured24">The layer runs 2:4 compressed weights: a tile covers K_t = 2R of K (R
    /// compressed rows), so the input scratchpad holds vectors of 2R operands.</param>
    public static TilePlan For(GemmShape shape, HardwareConfig hw, LayerFormat format, bool structured24 = false)
    {
        int operandBits = ScratchpadRequirements.OperandBits(format.Operands);
        int accumulatorBits = ScratchpadRequirements.AccumulatorBits(format.Accumulator);
        int outputBits = ScratchpadRequirements.OperandBits(format.Output);
        int rows = hw.PeArray.Rows, cols = hw.PeArray.Cols;
        int kt = Math.Min(structured24 ? 2 * rows : rows, shape.K), nt = Math.Min(cols, shape.N);
        long byInput = hw.Scratchpads.Input.CapacityBytes * 8 / 2 / ((long)kt * operandBits);
        long byOutput = hw.Scratchpads.Output.CapacityBytes * 8 / 2 / ((long)nt * accumulatorBits);
        int mt = (int)Math.Min(shape.M, Math.Min(byInput, byOutput));
        if (mt < 1)
            throw new InvalidOperationException(
                $"hardware '{hw.Name}': scratchpads cannot hold one {kt}x{nt} tile (the configuration check should have caught this)");
        bool resident = (long)shape.K * nt * operandBits <= hw.Scratchpads.Weight.CapacityBytes * 8 / 2;
        return new TilePlan(shape, rows, cols, mt, kt, nt, resident, operandBits, accumulatorBits, outputBits);
    }

    /// <summary>
    /// Every tile in the plan's loop order, outermost first: group, N block, M block, K chunk. The one walk
    /// the fast model runs, the cosimulation replays and the mapper costs.
    /// </summary>
    public IEnumerable<TileAt> Tiles()
    {
        int index = 0;
        for (int g = 0; g < Shape.Groups; g++)
            for (int nb = 0; nb < NBlocks; nb++)
                for (int mb = 0; mb < MBlocks; mb++)
                    for (int kc = 0; kc < KChunks; kc++)
                        yield return new TileAt(index++, g, mb, kc, nb, mb * Mt, kc * Kt, nb * Nt, MSize(mb), KSize(kc), NSize(nb));
    }

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
