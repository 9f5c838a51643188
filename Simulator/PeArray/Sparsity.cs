using Sim.Numerics;

namespace Sim.PeArray;

/// <summary>
/// The sparsity features a PE array is built with, as static mode inputs (configuration registers written
/// between tiles). None of them changes a result.
/// <list type="bullet">
/// <item><see cref="ZeroGating"/>: a PE whose selected activation or stationary weight is zero does not
///   multiply (its adder passes the partial sum through); the MAC is counted as gated. Energy only.</item>
/// <item><see cref="SkipZeroVectors"/>: the sequencer does not issue an activation vector whose K_t operands
///   are all zero. Cycle rule: a tile of M vectors, M' of them non-zero, takes 2R + M' + N_t - 2 cycles,
///   and 0 cycles (no weight load either) when M' = 0.</item>
/// <item><see cref="Structured24"/>: the tile's weights are 2:4 sparse along K (at most two non-zeros in
///   every aligned group of four), compressed to two values per group with 2-bit indices, so R PE rows
///   cover 2R of K. Same cycle rule with K_t up to 2R: half the K chunks.</item>
/// </list>
/// </summary>
public readonly record struct PeArrayFeatures(bool ZeroGating, bool SkipZeroVectors, bool Structured24)
{
    public static PeArrayFeatures None => default;

    /// <summary>
    /// Depthwise mode (<c>depthwise: channel_parallel</c>), with the kernel window w (0: off). PE(r, c) of the
    /// top w rows takes its activation from column c's window bus (act_window_in[r][c]) instead of from its
    /// left neighbour: K row w x c + r of the tile's block-diagonal K_t = w x N_t, on the same schedule as the
    /// activation that would have reached it from the left. A tile loads and streams as a w-row tile does.
    /// </summary>
    public int DepthwiseWindow { get; init; }

    /// <summary>
    /// int4 packing (<c>int4_packing: true</c>, int4 operands): each PE multiplies two int4 pairs a cycle, K rows 2r
    /// and 2r + 1, packed into its operand registers (<see cref="Int4Pair"/>), so R rows cover 2R of K. Each half is
    /// one MAC slot, gated and counted on its own.
    /// </summary>
    public bool Int4Pairs { get; init; }

    /// <summary>PE rows a tile of <paramref name="k"/> K rows uses: k, its 2:4 compressed rows, its int4 pairs, or the depthwise window.</summary>
    public int UsedRows(int k) => DepthwiseWindow > 0 ? DepthwiseWindow
        : Structured24 ? Sim.PeArray.Structured24.CompressedRows(k)
        : Int4Pairs ? (k + 1) / 2 : k;

    /// <summary>In depthwise mode a tile's K is its columns' windows, block-diagonal: K_t = w x N_t, and no 2:4.</summary>
    public void ValidateDepthwiseTile(int k, int n)
    {
        if (DepthwiseWindow == 0) return;
        if (Structured24) throw new ArgumentException("depthwise mode runs dense weights, not 2:4 compressed ones");
        if (k != DepthwiseWindow * n)
            throw new ArgumentException($"a depthwise tile of {n} columns with a {DepthwiseWindow}-tap window has K_t = {DepthwiseWindow * n}, not {k}");
    }

    /// <summary>The K row PE(r, c) multiplies in depthwise mode, else its row r.</summary>
    public int KRowOf(int r, int c) => DepthwiseWindow > 0 ? DepthwiseWindow * c + r : r;
}

/// <summary>What one tile did on the array: its cycles and how its MAC slots were used.</summary>
/// <param name="Cycles">Clock edges, counted as <see cref="TileModel.Cycles"/> counts them.</param>
/// <param name="VectorsStreamed">M': the activation vectors issued (M without zero-vector skipping).</param>
/// <param name="MacsActive">MACs that multiplied: a PE (in a used row and a tile column) with a valid
///   activation whose operands were not gated.</param>
/// <param name="MacsGated">MACs with a zero operand that did not multiply (0 unless zero gating).</param>
/// <param name="MacsRepeated">Of the active MACs (all executed ones without gating), those whose moving
///   operand (the PE's selected activation) equals the one it had on the previous cycle: Accelergy's
///   constant-operand class.</param>
internal readonly record struct TileStats(long Cycles, long VectorsStreamed, long MacsActive, long MacsGated, long MacsRepeated)
{
    public TileStats Plus(TileStats o) => new(Cycles + o.Cycles, VectorsStreamed + o.VectorsStreamed,
        MacsActive + o.MacsActive, MacsGated + o.MacsGated, MacsRepeated + o.MacsRepeated);
}

/// <summary>
/// 2:4 structured weights: the check, and the compression the weight loader applies. A K_t x N_t tile
/// becomes 2 x ceil(K_t / 4) rows: compressed row 2g + s holds, for every column, slot s of group g (K rows
/// 4g..4g+3): the value and its 2-bit index i (K row 4g + i). A group's non-zeros take the slots in K order;
/// a group with fewer than two fills the spare slots with zero weights at the lowest unused indices, so the
/// two indices of a group are distinct and ascending and the column still adds in K order.
/// </summary>
internal static class Structured24
{
    /// <summary>Compressed rows for a tile of <paramref name="k"/> K rows.</summary>
    public static int CompressedRows(int k) => 2 * ((k + 3) / 4);

    /// <summary>True when every aligned group of four along K has at most two non-zeros, in every column.</summary>
    public static bool Fits(ElementFormat format, ReadOnlySpan<short> w, int k, int n)
    {
        for (int g = 0; g * 4 < k; g++)
            for (int c = 0; c < n; c++)
            {
                int nonZero = 0;
                for (int i = 0; i < 4 && 4 * g + i < k; i++)
                    if (!Accumulation.IsZero(format, w[(4 * g + i) * n + c])) nonZero++;
                if (nonZero > 2) return false;
            }
        return true;
    }

    /// <summary>
    /// Compresses a K x N tile (row-major) into <see cref="CompressedRows"/>(k) x N values and indices.
    /// Throws if a group has more than two non-zeros.
    /// </summary>
    public static void Compress(ElementFormat format, ReadOnlySpan<short> w, int k, int n, Span<short> values, Span<byte> indices)
    {
        for (int g = 0; g * 4 < k; g++)
            for (int c = 0; c < n; c++)
            {
                int slot = 0;
                int used = 0; // bit i: index i taken
                for (int i = 0; i < 4 && 4 * g + i < k; i++)
                {
                    short v = w[(4 * g + i) * n + c];
                    if (Accumulation.IsZero(format, v)) continue;
                    if (slot == 2) throw new ArgumentException($"weights are not 2:4 sparse: group {g} of column {c} has more than two non-zeros");
                    values[(2 * g + slot) * n + c] = v;
                    indices[(2 * g + slot) * n + c] = (byte)i;
                    used |= 1 << i;
                    slot++;
                }
                for (int i = 0; slot < 2; i++)
                {
                    if ((used & (1 << i)) != 0) continue;
                    values[(2 * g + slot) * n + c] = 0;
                    indices[(2 * g + slot) * n + c] = (byte)i;
                    used |= 1 << i;
                    slot++;
                }
                // Keep the two indices ascending so the column adds in K order.
                int r0 = 2 * g * n + c, r1 = (2 * g + 1) * n + c;
                if (indices[r0] > indices[r1])
                {
                    (indices[r0], indices[r1]) = (indices[r1], indices[r0]);
                    (values[r0], values[r1]) = (values[r1], values[r0]);
                }
            }
    }
}

/// <summary>
/// Two int4 operands in one 16-bit operand register, as int4 packing carries them: K row 2r in the low nibble,
/// K row 2r + 1 in the next one.
/// </summary>
internal static class Int4Pair
{
    public static short Pack(short low, short high) => (short)((low & 0xF) | ((high & 0xF) << 4));

    /// <summary>Half <paramref name="half"/> (0: low) of a packed pair, sign-extended.</summary>
    public static short Half(short packed, int half) => (short)((packed << (28 - 4 * half)) >> 28);
}
