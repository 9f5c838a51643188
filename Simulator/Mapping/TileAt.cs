namespace Sim.Mapping;

/// <summary>
/// One tile of a GEMM's plan: its position in the walk, its group and block indices, where it sits in the
/// group's GEMM, and its M x K_t by K_t x N_t shape.
/// </summary>
internal readonly record struct TileAt(int Index, int Group, int MBlock, int KChunk, int NBlock, int M0, int K0, int N0, int M, int K, int N)
{
    /// <summary>The tile that starts a group: the group's operands are lowered before it.</summary>
    public bool StartsGroup => MBlock == 0 && KChunk == 0 && NBlock == 0;

    public override string ToString() => $"tile {Index} (group {Group}, rows {M0}.., k {K0}.., columns {N0}..; {M}x{K}x{N})";
}
