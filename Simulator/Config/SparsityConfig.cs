namespace Sim.Config;

/// <summary>How the PE array skips zero activations to save cycles.</summary>
public enum ZeroSkipping
{
    /// <summary>Every activation vector streams.</summary>
    None,
    /// <summary>The sequencer does not issue an activation vector whose K_t operands are all zero.</summary>
    Vector,
}

/// <summary>How sparse operands are stored in DRAM and the scratchpads.</summary>
public enum Compression
{
    /// <summary>Dense: every element at its format's width.</summary>
    None,
    /// <summary>
    /// Per tile, a bitmap of non-zero positions (one bit per element) followed by the non-zero values packed
    /// at the format's width, whenever that is smaller than the dense tile (the DMA descriptor says which).
    /// </summary>
    Bitmap,
}

/// <summary>
/// The hardware's sparsity features (YAML <c>sparsity:</c>, every key optional, all off by default). None
/// changes a result. <c>zero_gating</c> counts gated MACs (energy); <c>zero_skipping: vector</c> skips all-zero
/// activation vectors (cycles); <c>structured_2_4</c> runs layers whose weights are 2:4 sparse with R rows
/// covering 2R of K (cycles, weight traffic; needs an even number of rows); <c>compression: bitmap</c>
/// stores tiles compressed (traffic).
/// </summary>
public sealed record SparsityConfig(bool ZeroGating, ZeroSkipping ZeroSkipping, bool Structured24, Compression Compression)
{
    public static SparsityConfig None { get; } = new(false, ZeroSkipping.None, false, Compression.None);
}

/// <summary>How a scenario layer's weights are pruned after they are drawn.</summary>
internal enum WeightPruning
{
    None,
    /// <summary>In every aligned group of four along K (per output channel), two random positions are zeroed.</summary>
    TwoOfFour,
}

/// <summary>
/// A scenario layer's own data settings (PE-array layers): densities replace the scenario's zero fractions
/// (density = 1 - zero fraction); <see cref="Pruning"/> prunes the weights 2:4.
/// </summary>
internal sealed record LayerData(double? ActivationDensity, double? WeightDensity, WeightPruning Pruning);
