using Sim.Numerics;

namespace Sim.Config;

/// <summary>Padding of a 2-D window, possibly asymmetric.</summary>
internal sealed record Padding2D(int Top, int Left, int Bottom, int Right)
{
    public static readonly Padding2D None = new(0, 0, 0, 0);
}

/// <summary>
/// A layer of the workload: its shape and what it reads and writes. Shapes are NCHW; every size is validated
/// positive on load. Each kind of layer is a record of its own (Config/Layers/); what runs it is its operator
/// (Run/Operators/).
/// </summary>
internal abstract record LayerSpec(string Name)
{
    /// <summary>The layer's <c>format:</c> override (PE-array layers only), or null for the hardware's formats.</summary>
    public LayerFormatOverride? Format { get; init; }

    /// <summary>The layer's own densities and pruning (PE-array layers only), or null for the scenario's data.</summary>
    public LayerData? Data { get; init; }

    /// <summary>
    /// The earlier layers whose outputs this layer reads (<c>inputs:</c>), or null: then it reads the previous
    /// layer's output when that has as many elements as its input (a listing in order), else a tensor of its own.
    /// </summary>
    public IReadOnlyList<string>? Inputs { get; init; }

    /// <summary>The layer's own <c>mapping:</c> (PE-array layers only), or null to leave it all to the mapper.</summary>
    public MappingChoice? Mapping { get; init; }

    /// <summary>The layer's <c>fuse:</c> (may it run in the output stage of the layer before it), or null for the scenario's.</summary>
    public bool? Fuse { get; init; }

    /// <summary>The layer's type as reports name it ("conv2d", "depthwise", "relu", ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>Elements of the tensor the layer reads (its first input for an add; A for a gemm).</summary>
    public abstract long InputElements { get; }

    /// <summary>The layer's output shape.</summary>
    public abstract int[] OutputShape { get; }

    public long OutputElements => OutputShape.Aggregate(1L, (p, d) => p * d);

    /// <summary>True for layers on the PE array (convolutions and matrix products), which hold weights.</summary>
    /// <summary>
    /// The layer on <paramref name="batch"/> times its inputs (a scenario's <c>batch:</c>): its batch dimension times
    /// <paramref name="batch"/>, or for a GEMM its rows; weights are shared across the batch.
    /// </summary>
    public abstract LayerSpec Batched(int batch);

    public virtual bool OnPeArray => false;

    /// <summary>The formats this layer runs in on <paramref name="hw"/>.</summary>
    public LayerFormat FormatOn(HardwareConfig hw) => Format?.Resolve(hw) ?? hw.DefaultFormat;

    /// <summary>The format of the values the layer reads: a PE-array layer's operands, int8 for the vector unit's int8 layers.</summary>
    public virtual ElementFormat InputFormat(HardwareConfig hw) => OnPeArray ? FormatOn(hw).Operands : ElementFormat.Int8;

    /// <summary>The format of the values the layer writes.</summary>
    public virtual ElementFormat OutputFormat(HardwareConfig hw) => OnPeArray ? FormatOn(hw).Output : ElementFormat.Int8;

    protected static long Elements(int[] shape) => shape.Aggregate(1L, (p, d) => p * d);
}

/// <summary>
/// Where a layer's operands come from: seeded random integers, with a chosen fraction of exact zeros
/// (activations after a ReLU are mostly zero; weights rarely are).
/// </summary>
internal sealed record DataSource(double ActivationZeroFraction, double WeightZeroFraction);
